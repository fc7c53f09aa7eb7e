import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yauzl from 'yauzl';

/** Paths inside the .vsix, read from its zip central directory. */
function vsixEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** What the allowlist in .vscodeignore is meant to let through, as explicit patterns. */
const allowed = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|package\.nls(\.[a-z-]+)?\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|cli|remote|columnar)\.js$/,
  /^extension\/dist\/workers\/[\w-]+\.js$/,
  // USearch (the vector index): its bundled loader, licence and N-API prebuilt binaries
  /^extension\/dist\/usearch\/(index\.js|LICENSE|prebuilds\/[\w+-]+\/usearch\.node)$/,
  /^extension\/dist\/webviews\/[\w-]+\.(js|css|ttf)$/,
  /^extension\/(schemas|l10n)\/[\w.-]+\.json$/,
  /^extension\/snippets\/[\w.-]+\.code-snippets$/,
  /^extension\/media\/[\w.-]+\.(png|svg)$/,
  /^extension\/media\/walkthrough\/[\w.-]+\.svg$/,
  /^extension\/samples\/([\w.-]+\.(json|jsonl)|README\.md|configs\/[\w.-]+\.yaml)$/,
  /^extension\/docs\/[\w.-]+\.md$/,
];

describe('the packaged .vsix', function () {
  this.timeout(120_000);
  const vsix = process.env.TUNELAB_VSIX ?? join(__dirname, '..', '..', '..', 'dist-vsix', 'tunelab.vsix');
  let entries: string[] = [];

  before(async function () {
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
    entries = await vsixEntries(vsix);
  });

  it('contains only allowlisted files', () => {
    const leaked = entries.filter((name) => !allowed.some((pattern) => pattern.test(name)));
    assert.deepEqual(leaked, [], `unexpected files in the .vsix:\n${leaked.join('\n')}`);
  });

  it('leaks no sources, tests, source maps or node_modules', () => {
    const bad = entries.filter((name) => /\.(ts|map)$|(^|\/)(src|test|node_modules|out|bench|scripts)\//.test(name));
    assert.deepEqual(bad, []);
  });

  it('contains everything the extension loads at run time', () => {
    for (const required of [
      'extension/package.json',
      'extension/package.nls.json',
      'extension/package.nls.zh-cn.json',
      'extension/l10n/bundle.l10n.zh-cn.json',
      'extension/dist/extension.js',
      'extension/dist/cli.js',
      'extension/dist/remote.js',
      'extension/dist/columnar.js',
      'extension/dist/usearch/index.js',
      'extension/dist/usearch/LICENSE',
      'extension/dist/usearch/prebuilds/linux-x64/usearch.node',
      'extension/dist/usearch/prebuilds/linux-arm64/usearch.node',
      'extension/dist/usearch/prebuilds/darwin-arm64+x64/usearch.node',
      'extension/dist/usearch/prebuilds/win32-x64/usearch.node',
      'extension/media/tunelab.svg',
      'extension/samples/sft_mixed.jsonl',
      'extension/samples/configs/qwen7b_full_sft.yaml',
      'extension/dist/webviews/trainingChart.js',
      'extension/dist/webviews/datasetPreview.js',
      'extension/dist/webviews/columnarPreview.js',
      'extension/dist/webviews/columnarPreview.css',
      'extension/dist/workers/datasetAnalysis.js',
      'extension/dist/workers/datasetSession.js',
      'extension/dist/workers/configCheck.js',
      'extension/docs/dataset-findings.md',
      'extension/docs/config-findings.md',
      'extension/docs/remote-jobs.md',
      'extension/schemas/llamafactory-train.schema.json',
      'extension/schemas/trl-ppo.schema.json',
      'extension/snippets/tunelab.code-snippets',
      'extension/dist/webviews/datasetPreview.css',
      'extension/readme.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(entries.includes(required), `${required} is missing`);
    }
  });

  it('contains every walkthrough image the manifest names', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: { steps: { media: { svg?: string } }[] }[] };
    };
    const images = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((step) => step.media.svg));
    assert.ok(images.length > 0);
    for (const image of images) assert.ok(image && entries.includes(`extension/${image}`), `${image} is missing`);
  });

  it('installs into VS Code (code-server) and is listed', function () {
    const codeServer = process.env.CODE_SERVER;
    if (!codeServer) throw new Error('CODE_SERVER is not set: run through npm test');
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-vsix-'));
    try {
      const common = ['--extensions-dir', join(dir, 'extensions'), '--user-data-dir', join(dir, 'user-data')];
      execFileSync(process.execPath, [codeServer, ...common, '--install-extension', vsix], {
        stdio: 'pipe',
        env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
      });
      const listed = execFileSync(process.execPath, [codeServer, ...common, '--list-extensions', '--show-versions'], {
        encoding: 'utf8',
        env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
      });
      assert.match(listed, /^tunelab\.tunelab@0\.\d+\.\d+$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
