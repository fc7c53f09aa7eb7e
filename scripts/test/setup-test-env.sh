#!/usr/bin/env bash
# Installs what the test tiers need beyond `npm ci`, idempotently and offline-friendly:
#   - Debian packages: chromium (renders the VS Code workbench and webviews headless) with a
#     CJK font (Chinese dataset text in screenshots),
#     libkrb5-dev (a native module inside code-server), ripgrep (VS Code's search; seeds
#     @vscode/ripgrep so it never downloads), openssh-server/client (the e2e SSH tier),
#     slurmctld/slurmd/slurm-client/munge (the e2e tier's two-node Slurm cluster on 127.0.0.1,
#     started by test/support/slurmCluster.ts; the packages' own services are not used).
#   - code-server from the npm registry, pinned: it carries a real VS Code server and
#     web workbench, so integration tests run inside a real extension host with no
#     download from outside the npm registry. Cached in .vscode-test/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."

CS_VERSION="$(node -p 'require("./package.json").tunelab.codeServerVersion')"
CACHE="${VSCODE_TEST_CACHE:-$PWD/.vscode-test}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
APT_PACKAGES=(chromium fonts-wqy-microhei libkrb5-dev ripgrep openssh-server openssh-client slurmctld slurmd slurm-client munge)

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-test-env: missing Debian packages: ${missing[*]}" >&2
    echo "  install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "setup-test-env: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f "$CS_DIR/.installed" ]; then
  echo "setup-test-env: installing code-server $CS_VERSION into $CS_DIR (once)" >&2
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR" && echo '{"private":true}' > "$CS_DIR/package.json"
  # @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg.
  RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$RG_CACHE"
  tmp=$(mktemp -d); cp "$(command -v rg)" "$tmp/rg"
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp" rg; rm -rf "$tmp"
  # unsafe_perm: code-server's postinstall refuses root without it.
  # yes: node-pty's postinstall runs `npx node-gyp`, which must not stop to ask.
  if ! npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" \
      > "$CACHE/code-server-install.log" 2>&1; then
    tail -50 "$CACHE/code-server-install.log" >&2
    exit 1
  fi
  touch "$CS_DIR/.installed"
fi
echo "$CS_DIR/node_modules/code-server/out/node/entry.js"
