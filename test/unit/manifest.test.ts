import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
    walkthroughs: Array<{
      id: string;
      title: string;
      description: string;
      steps: Array<{ id: string; title: string; description: string; media: { svg?: string; altText?: string }; completionEvents: string[] }>;
    }>;
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
    const inCode = Object.keys(settingDefinitions)
      .map((k) => `tunelab.${k}`)
      .sort();
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

  describe('the Getting Started walkthrough', () => {
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'tunelab.gettingStarted');
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    const localised = (value: string) => {
      const key = /^%([\w.]+)%$/.exec(value)?.[1];
      return key !== undefined && nls[key] !== undefined && nlsZh[key] !== undefined;
    };

    it('walks through reviewing, previewing, checking and launching, every text in English and Chinese', () => {
      assert.ok(walkthrough);
      assert.deepEqual(
        walkthrough.steps.map((s) => s.id),
        ['reviewDataset', 'previewDataset', 'checkConfig', 'launchJob'],
      );
      for (const text of [walkthrough.title, walkthrough.description, ...walkthrough.steps.flatMap((s) => [s.title, s.description, s.media.altText ?? ''])]) {
        assert.ok(localised(text), `${text} must come from package.nls.json and package.nls.zh-cn.json`);
      }
    });

    it('links only commands TuneLab declares, in both languages, and each step completes on an event', () => {
      for (const step of walkthrough?.steps ?? []) {
        const key = step.description.slice(1, -1);
        for (const text of [nls[key], nlsZh[key]]) {
          const linked = [...text.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
          assert.equal(linked.length, 1, `${step.id}: one command link`);
          assert.ok(commands.has(linked[0]), `${step.id} links ${linked[0]}, which is not declared`);
        }
        assert.ok(step.completionEvents.length > 0, step.id);
        for (const event of step.completionEvents) assert.match(event, /^(onContext:tunelab\.walkthrough\.\w+|onCommand:tunelab\.[\w.]+)$/);
        assert.ok(step.media.svg && existsSync(join(root, step.media.svg)), `${step.id}: image ${step.media.svg}`);
      }
    });
  });
});
