// One build script for every bundle (esbuild). Type-checking is separate: `npm run typecheck`.
//
//   node scripts/build.mjs               development bundles in dist/ (with source maps)
//   node scripts/build.mjs --production  minified bundles for the .vsix, no source maps
//   node scripts/build.mjs --tests       also transpiles src/, test/, bench/ and webviews/ file by file into out/
//   node scripts/build.mjs --watch       rebuilds dist/ on change
import * as esbuild from 'esbuild';
import { cpSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every folder under webviews/ except shared/ is one webview app with a main.ts. */
function webviewEntries() {
  const dir = join(root, 'webviews');
  return readdirSync(dir)
    .filter((name) => name !== 'shared' && statSync(join(dir, name)).isDirectory())
    .map((name) => ({ in: join(dir, name, 'main.ts'), out: name }));
}

/** Every file under src/workers/ becomes its own worker bundle, loaded with `new Worker(path)`. */
function workerEntries() {
  const dir = join(root, 'src', 'workers');
  let names;
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.ts'));
  } catch {
    return [];
  }
  return names.map((n) => ({ in: join(dir, n), out: n.replace(/\.ts$/, '') }));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { TUNELAB_VERSION: JSON.stringify(version) },
};

const nodeCommon = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // vscode is provided by the extension host; the optional native helpers of ssh2 are
  // loaded inside try/catch by ssh2 and simply absent from the bundle. usearch (the vector
  // index) finds its prebuilt binary relative to its own folder, so it is loaded from
  // node_modules, not bundled (src/core/dataset/semantic/vectorIndex.ts falls back to exact search).
  external: ['vscode', 'cpu-features', '*.node', 'usearch'],
  mainFields: ['module', 'main'],
};

/**
 * The .vsix ships no node_modules, so the extension and the CLI load USearch from dist/usearch/:
 * its JavaScript (with node-gyp-build and bindings) bundled into dist/usearch/index.js, and its
 * N-API prebuilt binaries copied beside it into dist/usearch/prebuilds/<platform>/ (N-API is
 * ABI-stable, so the same binaries load in Node and in VS Code's Electron). Its loader looks for
 * `prebuilds` from its own folder up, so it finds them there.
 */
const usearchDir = join(root, 'node_modules', 'usearch');
const bundledUsearch = {
  name: 'bundled-usearch',
  setup(build) {
    build.onResolve({ filter: /^usearch$/ }, () => ({ path: './usearch/index.js', external: true }));
  },
};
function copyUsearch() {
  cpSync(join(usearchDir, 'prebuilds'), join(root, 'dist', 'usearch', 'prebuilds'), { recursive: true });
  cpSync(join(usearchDir, 'LICENSE'), join(root, 'dist', 'usearch', 'LICENSE'));
}

const configs = [
  { ...nodeCommon, entryPoints: { extension: join(root, 'src/extension.ts') }, outdir: join(root, 'dist'), plugins: [bundledUsearch] },
  {
    ...common,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    entryPoints: [join(usearchDir, 'javascript', 'dist', 'cjs', 'usearch.js')],
    outfile: join(root, 'dist', 'usearch', 'index.js'),
    external: ['*.node'],
    // its loader's "require(__dirname + …)" lines are never run (a hint for other bundlers)
    logOverride: { 'unsupported-require-call': 'silent' },
  },
  {
    ...nodeCommon,
    plugins: [bundledUsearch],
    entryPoints: { cli: join(root, 'src/cli.ts') },
    outdir: join(root, 'dist'),
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...nodeCommon, entryPoints: workerEntries(), outdir: join(root, 'dist', 'workers') },
  // The SSH side (the ssh2 adapter) in its own bundle, dist/remote.js: the extension requires it
  // on the first job command.
  { ...nodeCommon, entryPoints: { remote: join(root, 'src/adapters/ssh2/index.ts') }, outdir: join(root, 'dist') },
  // The Parquet / Arrow / CSV readers in their own bundle: the extension requires it when such a file opens.
  { ...nodeCommon, entryPoints: { columnar: join(root, 'src/core/dataset/columnar/columnarEntry.ts') }, outdir: join(root, 'dist') },
  {
    ...common,
    platform: 'browser',
    target: 'chrome114',
    format: 'iife',
    entryPoints: webviewEntries(),
    outdir: join(root, 'dist', 'webviews'),
    loader: { '.ttf': 'file', '.woff2': 'file' },
  },
].filter((c) => (Array.isArray(c.entryPoints) ? c.entryPoints.length > 0 : true));

async function buildTests() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
    }
  };
  // webviews too: their pure modules (the page cache) are unit-tested in Node.
  for (const dir of ['src', 'test', 'bench', 'webviews']) {
    try {
      walk(join(root, dir));
    } catch {
      /* folder not present yet */
    }
  }
  rmSync(join(root, 'out'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files,
    outdir: join(root, 'out'),
    outbase: root,
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (watch) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
  copyUsearch();
  console.log('[build] watching…');
} else {
  if (!args.has('--keep')) rmSync(join(root, 'dist'), { recursive: true, force: true });
  const t0 = Date.now();
  await Promise.all(configs.map((c) => esbuild.build(c)));
  copyUsearch();
  if (args.has('--tests')) await buildTests();
  console.log(`[build] ${production ? 'production' : 'development'} bundles in ${Date.now() - t0} ms`);
}
