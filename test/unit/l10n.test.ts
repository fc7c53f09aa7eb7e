import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repoRoot';

const root = repoRoot();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every string literal passed to `l10n.t(...)` in the host code, and every message template
 * the core marks with `msg(...)` (localised by the adapters and the CLI).
 */
function l10nLiterals(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:l10n\.t|\bmsg)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) {
      found.add(match[2].replace(/\\(['"`\\])/g, '$1'));
    }
  }
  return found;
}

describe('localisation', () => {
  const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const literals = l10nLiterals();

  it('finds the UI strings in the sources', () => {
    assert.ok(literals.size > 5, `only ${literals.size} l10n.t strings found`);
  });

  it('translates every l10n.t string and msg template into Simplified Chinese', () => {
    const missing = [...literals].filter((s) => !bundle[s]);
    assert.deepEqual(missing, [], 'add these to l10n/bundle.l10n.zh-cn.json');
  });

  it('keeps no translations for strings the code no longer uses', () => {
    const stale = Object.keys(bundle).filter((s) => !literals.has(s));
    assert.deepEqual(stale, []);
  });

  it('keeps every {n} placeholder in the translation', () => {
    for (const [english, chinese] of Object.entries(bundle)) {
      const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal(placeholders(chinese), placeholders(english), english);
    }
  });
});
