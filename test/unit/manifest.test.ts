import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingDefinitions } from '../../src/core/settings/settings';
import { repoRoot } from '../repoRoot';

interface Manifest {
  name: string;
  displayName: string;
  engines: { vscode: string };
  activationEvents: string[];
  main: string;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { type: string | string[]; default?: unknown; description?: string; markdownDescription?: string }> };
  };
}

const root = repoRoot();
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
const manifest = readJson<Manifest>('package.json');
const nls = readJson<Record<string, string>>('package.nls.json');
const nlsZh = readJson<Record<string, string>>('package.nls.zh-cn.json');

describe('package.json manifest', () => {
  it('names the extension tunelab / TuneLab, activates lazily and ships the CLI', () => {
    assert.equal(manifest.name, 'tunelab');
    assert.equal(manifest.displayName, 'TuneLab');
    // Only what the contributions cannot express: opening a JSON / JSON Lines file (datasets get diagnostics).
    assert.deepEqual(manifest.activationEvents, ['onLanguage:json', 'onLanguage:jsonl', 'onLanguage:yaml', 'onStartupFinished']);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.bin.tunelab, './dist/cli.js');
  });

  it('puts every command under the TuneLab category with a localised title', () => {
    for (const command of manifest.contributes.commands) {
      assert.match(command.command, /^tunelab\./);
      assert.equal(command.category, 'TuneLab', command.command);
      assert.match(command.title, /^%[\w.]+%$/, `${command.command} title must come from package.nls.json`);
    }
  });

  it('declares exactly the settings the code reads, with the same defaults', () => {
    const declared = Object.keys(manifest.contributes.configuration.properties).sort();
    const inCode = Object.keys(settingDefinitions).map((k) => `tunelab.${k}`).sort();
    assert.deepEqual(declared, inCode);
    for (const [key, definition] of Object.entries(settingDefinitions)) {
      const property = manifest.contributes.configuration.properties[`tunelab.${key}`];
      assert.deepEqual(property.default, definition.defaultValue, `default of tunelab.${key}`);
      assert.equal(property.type, definition.type, `type of tunelab.${key}`);
    }
  });

  it('resolves every %key% in the manifest in English and Simplified Chinese', () => {
    const keys = [...JSON.stringify(manifest).matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 0);
    for (const key of keys) {
      assert.ok(nls[key], `package.nls.json lacks ${key}`);
      assert.ok(nlsZh[key], `package.nls.zh-cn.json lacks ${key}`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort(), 'the two nls files have the same keys');
  });

  it('never types against VS Code API newer than engines.vscode', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
    const [eMajor, eMinor] = engine.split('.').map(Number);
    const [tMajor, tMinor] = types.split('.').map(Number);
    assert.ok(tMajor < eMajor || (tMajor === eMajor && tMinor <= eMinor), `@types/vscode ${types} is newer than engines ${engine}`);
  });
});
