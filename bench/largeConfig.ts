import { checkConfig } from '../src/core/config/checkConfig';
import { parseYamlConfig } from '../src/core/config/document/parseYamlConfig';
import { defaultSettings } from '../src/core/settings/settings';
import { hundredLineAxolotlConfig } from './configValidation';

/**
 * A 1 MB Axolotl config: the 100-line QLoRA config with the two places a real config grows
 * long, half each: an `added_tokens_overrides` mapping of token ids (one large mapping, where a
 * duplicate-key check that compares every pair of keys is quadratic) and a `datasets:` list of
 * thousands of entries, every tenth reusing a shared block through a merge key.
 */
export function megabyteAxolotlConfig(bytes = 1_000_000): string {
  const head = hundredLineAxolotlConfig().replace(/^datasets:\n(?: {2}.*\n)+/m, '');
  const lines = [head.trimEnd(), 'added_tokens_overrides:'];
  let size = lines.join('\n').length;
  for (let id = 151_665; size < bytes / 2; id++) {
    const line = `  ${id}: "<|reserved_${id}|>"`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('datasets:', '  - &shared', '    path: org/shared-base', '    type: alpaca', '    split: train');
  for (let i = 0; size < bytes; i++) {
    const entry =
      i % 10 === 9
        ? ['  - <<: *shared', `    path: org/merged-${i}`]
        : [`  - path: org/dataset-${String(i).padStart(5, '0')}`, `    type: ${i % 2 ? 'alpaca' : 'chat_template'}`, '    split: train'];
    lines.push(...entry);
    size += entry.join('\n').length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Times whole checks (parse, kind, schema, rules) of the 1 MB config: the first and the median of the next ones. */
export function largeConfigCheck(runs: number, peakRssMb: () => number): Record<string, number> {
  const text = megabyteAxolotlConfig();
  const settings = defaultSettings();
  let t = performance.now();
  const first = checkConfig(text, 'yaml', { settings });
  const firstMs = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    checkConfig(text, 'yaml', { settings });
    times.push(performance.now() - t);
  }
  t = performance.now();
  parseYamlConfig(text);
  const parseMs = performance.now() - t;
  times.sort((a, b) => a - b);
  return {
    bytes: Buffer.byteLength(text),
    lines: text.split('\n').length - 1,
    entries: first.document.root?.entries?.find((e) => e.key === 'datasets')?.value.items?.length ?? 0,
    tokens: first.document.root?.entries?.find((e) => e.key === 'added_tokens_overrides')?.value.entries?.length ?? 0,
    findings: first.findings.length,
    firstMs,
    medianMs: times[Math.floor(times.length / 2)] ?? firstMs,
    parseMs,
    peakRssMb: peakRssMb(),
  };
}
