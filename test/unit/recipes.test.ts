import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../repoRoot';

const root = repoRoot();
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The recipes of docs/recipes.md: title → the file paths named in backquotes. */
function recipes(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const section of read('docs/recipes.md').split(/^## /m).slice(1)) {
    const [title, ...body] = section.split('\n');
    const paths = [...body.join('\n').matchAll(/`([^`\s]+)`/g)].map((m) => m[1]).filter((p) => /^[\w.-]+\/[\w./<>-]*\.[a-z]+$/.test(p));
    out.set(title.trim(), paths);
  }
  return out;
}

/** The files a registry file imports from a folder beside it. */
function imported(registry: string, folder: string): Set<string> {
  const names = [...read(registry).matchAll(/from '\.\/(?:[\w]+\/)?(\w+)'/g)].map((m) => m[1]);
  const files = readdirSync(join(root, folder)).map((f) => f.replace(/\.ts$/, ''));
  return new Set(names.filter((n) => files.includes(n)));
}

describe('docs/recipes.md', () => {
  it('has the five recipes, each naming the files to touch', () => {
    const found = recipes();
    assert.deepEqual([...found.keys()], ['Add a dataset rule', 'Add a config rule', 'Add a log metric', 'Add a chart panel', 'Add a webview message']);
    for (const [title, paths] of found) assert.ok(paths.length >= 4, `${title} names ${paths.length} files`);
  });

  it('names only files that exist (a <name> placeholder: its folder)', () => {
    for (const [title, paths] of recipes()) {
      for (const path of paths) {
        const target = path.includes('<') ? dirname(path) : path;
        assert.ok(existsSync(join(root, target)), `${title}: ${target} exists`);
        if (path.includes('<')) assert.ok(statSync(join(root, target)).isDirectory());
      }
    }
  });

  it('is linked from the README', () => {
    assert.match(read('README.md'), /\(docs\/recipes\.md\)/);
  });

  it('is right that a rule is its file plus one line in its registry', () => {
    const cases: Array<[string, string, (f: string) => boolean]> = [
      ['src/core/dataset/rules/recordRules.ts', 'src/core/dataset/rules/record', () => true],
      ['src/core/dataset/rules/datasetRules.ts', 'src/core/dataset/rules/dataset', () => true],
      ['src/core/config/rules/configRules.ts', 'src/core/config/rules', (f) => f.endsWith('Rule.ts') && f !== 'configRule.ts'],
    ];
    for (const [registry, folder, isRule] of cases) {
      const rules = readdirSync(join(root, folder))
        .filter(isRule)
        .map((f) => f.replace(/\.ts$/, ''));
      const listed = imported(registry, folder);
      for (const rule of rules) assert.ok(listed.has(rule), `${registry} lists ${folder}/${rule}.ts`);
    }
  });
});
