import {
  booleanSetting,
  enumMapSetting,
  hostListSetting,
  slurmHostsSetting,
  hostGroupsSetting,
  integerSetting,
  numberMapSetting,
  numberSetting,
  stringListSetting,
  stringMapSetting,
  stringSetting,
} from './normalizers';
import type { SettingDefinition } from './normalizers';
import { CONFIG_KINDS } from '../config/kinds/configKind';

/**
 * Every `tunelab.*` setting, keyed without the `tunelab.` prefix. The manifest's
 * `contributes.configuration` must declare the same keys with the same defaults
 * (checked by test/unit/manifest.test.ts); descriptions live in package.nls*.json.
 * Dataset defaults are the figures of the fine-tuning rules (docs/dataset-findings.md).
 */
export const settingDefinitions = {
  'preview.pageSize': integerSetting(200, { min: 10, max: 5000 }),
  // Sampled review (docs/review.md): the practice spot-checks 30% of the filtered candidates.
  'review.reviewer': stringSetting(''),
  'review.sampleShare': numberSetting(0.3, { min: 0.01, max: 1 }),
  'dataset.minResponseChars': integerSetting(10, { min: 0 }),
  'dataset.maxResponseChars': integerSetting(2000, { min: 1 }),
  'dataset.otherScriptLengthFactor': numberSetting(3, { min: 1, max: 10 }),
  'dataset.uniqueRatio.threshold': numberSetting(0.7, { min: 0, max: 1 }),
  'dataset.uniqueRatio.minRepeatWords': integerSetting(6, { min: 2, max: 100 }),
  'dataset.uniqueRatio.minWords': integerSetting(20, { min: 1 }),
  'dataset.useBundledLexicon': booleanSetting(true),
  'dataset.lexiconFiles': stringListSetting([]),
  'dataset.piiKinds': stringListSetting(['email', 'phone', 'cn-id', 'bank-card']),
  'dataset.ratingFields': stringListSetting(['ratings', 'scores', 'rating', 'score', 'annotator_scores']),
  'dataset.minMeanRating': numberSetting(4.0),
  'dataset.nearDuplicateThreshold': numberSetting(0.85, { min: 0.5, max: 1 }),
  'dataset.semanticDuplicateThreshold': numberSetting(0.85, { min: 0.5, max: 1 }),
  'dataset.pairSimilarityThreshold': numberSetting(0.95, { min: 0.5, max: 1 }),
  'dataset.clean.maxDropShare': numberSetting(0.5, { min: 0, max: 1 }),
  // The semantic pass (docs/semantic.md): nothing is sent anywhere while the URL is empty.
  'embeddings.url': stringSetting(''),
  'embeddings.model': stringSetting(''),
  'embeddings.onCheck': booleanSetting(false),
  'dataset.templateTone.minShare': numberSetting(0.05, { min: 0, max: 1 }),
  'dataset.templateTone.minRecords': integerSetting(10, { min: 2 }),
  'dataset.mix.categoryField': stringSetting('category'),
  'dataset.mix.targets': numberMapSetting({}),
  'dataset.severity': enumMapSetting(['error', 'warning', 'info', 'hint', 'off'] as const),
  'dataset.diagnostics.enabled': booleanSetting(true),
  'dataset.diagnostics.include': stringListSetting(['**/*.jsonl', '**/*.json']),
  'dataset.diagnostics.exclude': stringListSetting([
    '**/node_modules/**',
    '**/.vscode/**',
    '**/package.json',
    '**/package-lock.json',
    '**/tsconfig*.json',
    '**/dataset_info.json',
    '**/*.schema.json',
    '.tunelab-ignore.json',
    '**/.tunelab-ignore.json',
  ]),
  'dataset.diagnostics.maxFindings': integerSetting(1000, { min: 10, max: 100000 }),
  'dataset.diagnostics.debounceMs': integerSetting(500, { min: 0, max: 10000 }),
  // Training configs: figures from the fine-tuning rules (docs/config-findings.md).
  'config.diagnostics.enabled': booleanSetting(true),
  'config.kinds': enumMapSetting([...CONFIG_KINDS, 'none'] as const),
  'config.severity': enumMapSetting(['error', 'warning', 'info', 'hint', 'off'] as const),
  'config.modelSizeB': numberSetting(0, { min: 0 }),
  'config.rewardModelSizeB': numberSetting(0, { min: 0 }),
  'config.kl.min': numberSetting(0.05, { min: 0 }),
  'config.kl.max': numberSetting(0.08, { min: 0 }),
  'config.lr.full7B': numberSetting(1e-5, { min: 0 }),
  'config.lr.full13B': numberSetting(5.4e-6, { min: 0 }),
  'config.lr.full70B': numberSetting(1e-6, { min: 0 }),
  'config.lr.rl': numberSetting(1e-6, { min: 0 }),
  'config.lr.peftMultiplier': numberSetting(10, { min: 1 }),
  'config.lr.highFactor': numberSetting(2, { min: 1 }),
  'config.lr.lowFactor': numberSetting(0.1, { min: 0, max: 1 }),
  'config.ppo.clipRange': numberSetting(0.2, { min: 0 }),
  'config.ppo.valueClipRange': numberSetting(0.2, { min: 0 }),
  'config.ppo.maxGradNorm': numberSetting(0.5, { min: 0 }),
  'config.ppo.miniBatchSize': integerSetting(16, { min: 1 }),
  'config.ppo.epochs': integerSetting(4, { min: 1 }),
  'config.ppo.temperature': numberSetting(0.7, { min: 0 }),
  'config.ppo.topP': numberSetting(0.9, { min: 0, max: 1 }),
  'config.ppo.repetitionPenalty': numberSetting(1.2, { min: 0 }),
  'config.lora.rank': integerSetting(64, { min: 1 }),
  'config.lora.alpha': integerSetting(16, { min: 1 }),
  'config.lora.attentionOnly': booleanSetting(true),
  'config.gpu.memoryGB': numberSetting(0, { min: 0 }),
  'config.gpu.count': integerSetting(1, { min: 1, max: 1024 }),
  'config.gpu.nodes': integerSetting(1, { min: 1, max: 100000 }),
  'config.codeLens.enabled': booleanSetting(true),
  // Pre-flight check (docs/preflight.md).
  'preflight.tokenizerPath': stringSetting(''),
  'preflight.sampleSize': integerSetting(2000, { min: 100, max: 1000000 }),
  // Remote training jobs (docs/remote-jobs.md).
  hosts: hostListSetting(),
  'jobs.workdir': stringSetting('~/tunelab-runs'),
  'jobs.commandTemplate': stringSetting('llamafactory-cli train {config}'),
  'jobs.setup': stringSetting(''),
  'jobs.env': stringMapSetting({}, (name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)),
  'jobs.slurm': slurmHostsSetting(),
  'jobs.hostGroups': hostGroupsSetting(),
  'jobs.cancelGraceSeconds': integerSetting(10, { min: 1, max: 600 }),
  'jobs.connectTimeoutSeconds': integerSetting(20, { min: 3, max: 300 }),
  'jobs.notify.finished': booleanSetting(true),
  'jobs.notify.failed': booleanSetting(true),
  'jobs.notify.lost': booleanSetting(true),
  'jobs.notify.alert': booleanSetting(true),
} satisfies Record<string, SettingDefinition<unknown>>;

export type SettingKey = keyof typeof settingDefinitions;
type ValueOf<D> = D extends SettingDefinition<infer T> ? T : never;
export type Settings = { readonly [K in SettingKey]: ValueOf<(typeof settingDefinitions)[K]> };

/** Reads every setting through `read` (undefined = not set) and normalises it. */
export function resolveSettings(read: (key: SettingKey) => unknown): Settings {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settingDefinitions) as SettingKey[]) {
    const definition: SettingDefinition<unknown> = settingDefinitions[key];
    const raw = read(key);
    out[key] = raw === undefined ? definition.defaultValue : definition.normalize(raw);
  }
  return out as Settings;
}

export function defaultSettings(): Settings {
  return resolveSettings(() => undefined);
}
