import { keysForKind } from '../catalog/configCatalog';
import type { ConfigKind, OtherConfig } from './configKind';

export interface KindDetection {
  kind?: ConfigKind;
  /** Set when the file is recognised as something TuneLab does not check. */
  other?: OtherConfig;
  /** The keys that decided, for the status bar tooltip. */
  evidence: string[];
}

const TRL_KINDS: readonly ConfigKind[] = ['trl-dpo', 'trl-sft', 'trl-grpo', 'trl-ppo', 'trl-kto', 'trl-ppo-legacy', 'trl-reward'];
const LF_KINDS: readonly ConfigKind[] = ['llamafactory-train', 'llamafactory-infer', 'llamafactory-export', 'llamafactory-eval'];

const DPO_LOSSES = new Set(['sigmoid', 'hinge', 'ipo', 'exo_pair', 'nca_pair', 'robust', 'bco_pair', 'sppo_hard', 'aot', 'aot_pair', 'discopop', 'apo_zero', 'apo_down', 'sft']);
const KTO_LOSSES = new Set(['kto', 'apo_zero_unpaired']);
const GRPO_LOSSES = new Set(['grpo', 'bnpo', 'dr_grpo', 'dapo', 'cispo', 'sapo']);

let signature: { lfOnly: Set<string>; trlOnly: Set<string>; perTrl: Map<ConfigKind, Map<string, number>> } | undefined;

/**
 * Which framework keys are distinctive: a key only LLaMA-Factory accepts points to it, a key
 * only TRL accepts points to TRL, and within TRL a key weighs 1/n when n trainers share it.
 */
function keySignature() {
  if (signature) return signature;
  const lfKeys = new Set<string>();
  for (const kind of LF_KINDS) for (const [name, key] of keysForKind(kind)) if (key.source === 'llamafactory' || key.source === 'megatron') lfKeys.add(name);
  const trlOwners = new Map<string, ConfigKind[]>();
  for (const kind of TRL_KINDS) {
    for (const [name, key] of keysForKind(kind)) {
      if (key.source === 'hf') continue;
      trlOwners.set(name, [...(trlOwners.get(name) ?? []), kind]);
    }
  }
  const hfKeys = new Set([...keysForKind('trl-sft')].filter(([, k]) => k.source === 'hf').map(([n]) => n));
  const lfOnly = new Set([...lfKeys].filter((k) => !trlOwners.has(k) && !hfKeys.has(k)));
  const trlOnly = new Set([...trlOwners.keys()].filter((k) => !lfKeys.has(k) && !hfKeys.has(k)));
  const perTrl = new Map<ConfigKind, Map<string, number>>();
  for (const kind of TRL_KINDS) perTrl.set(kind, new Map());
  for (const [name, owners] of trlOwners) {
    if (!trlOnly.has(name) || owners.length === TRL_KINDS.length) continue;
    for (const owner of owners) perTrl.get(owner)?.set(name, 1 / owners.length);
  }
  signature = { lfOnly, trlOnly, perTrl };
  return signature;
}

/** Recognises a config by its top-level keys and values. */
export function detectConfigKind(values: Readonly<Record<string, unknown>>): KindDetection {
  const keys = Object.keys(values);
  const other = recogniseOther(values, keys);
  if (other) return other;
  const { lfOnly, trlOnly, perTrl } = keySignature();
  const lfEvidence = keys.filter((k) => lfOnly.has(k));
  const trlEvidence = keys.filter((k) => trlOnly.has(k));
  if (lfEvidence.length === 0 && trlEvidence.length === 0) return { other: 'unknown', evidence: [] };
  if (lfEvidence.length >= trlEvidence.length) return { kind: llamaFactoryKind(values), evidence: lfEvidence.slice(0, 4) };

  let best: ConfigKind = 'trl-sft';
  let bestScore = 0;
  for (const kind of TRL_KINDS) {
    const weights = perTrl.get(kind) ?? new Map<string, number>();
    let score = keys.reduce((sum, k) => sum + (weights.get(k) ?? 0), 0);
    score += lossTypeBonus(kind, values.loss_type);
    if (score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return { kind: best, evidence: trlEvidence.slice(0, 4) };
}

function lossTypeBonus(kind: ConfigKind, lossType: unknown): number {
  const types = Array.isArray(lossType) ? lossType : [lossType];
  if (types.some((t) => typeof t !== 'string')) return 0;
  if (kind === 'trl-dpo' && types.every((t) => DPO_LOSSES.has(t as string))) return 1;
  if (kind === 'trl-kto' && types.every((t) => KTO_LOSSES.has(t as string))) return 1;
  if (kind === 'trl-grpo' && types.every((t) => GRPO_LOSSES.has(t as string))) return 1;
  return 0;
}

/** LLaMA-Factory's command decides the accepted keys: train, chat/infer, export or eval. */
function llamaFactoryKind(values: Readonly<Record<string, unknown>>): ConfigKind {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(values, k);
  if (has('stage') || has('do_train') || has('output_dir') || has('learning_rate') || has('num_train_epochs')) return 'llamafactory-train';
  if (has('export_dir')) return 'llamafactory-export';
  if (has('task') && (has('n_shot') || has('save_dir') || has('lang'))) return 'llamafactory-eval';
  const train = keysForKind('llamafactory-train');
  const infer = keysForKind('llamafactory-infer');
  if (Object.keys(values).some((k) => train.has(k) && !infer.has(k))) return 'llamafactory-train';
  return 'llamafactory-infer';
}

function recogniseOther(values: Readonly<Record<string, unknown>>, keys: string[]): { other: OtherConfig; evidence: string[] } | undefined {
  const present = (...names: string[]) => names.filter((n) => Object.prototype.hasOwnProperty.call(values, n));
  const accelerate = present('compute_environment', 'distributed_type', 'machine_rank', 'num_machines', 'main_training_function');
  if (accelerate.length >= 2) return { other: 'accelerate', evidence: accelerate };
  const deepspeed = present('zero_optimization', 'train_micro_batch_size_per_gpu', 'train_batch_size', 'zero_allow_untested_optimizer', 'wall_clock_breakdown');
  const objectPrecision = ['fp16', 'bf16'].some((k) => typeof values[k] === 'object' && values[k] !== null);
  if (deepspeed.length >= 1 && (deepspeed.includes('zero_optimization') || objectPrecision || deepspeed.length >= 2)) return { other: 'deepspeed', evidence: deepspeed };
  // LLaMA-Factory's newer nested format: `model:` plus config blocks instead of flat keys.
  const v1 = present('model_class', 'peft_config', 'dist_config', 'train_dataset', 'kernel_config', 'quant_config', 'optim_config', 'init_config', 'batching_strategy', 'sample_backend');
  if (v1.length > 0 && !present('model_name_or_path').length && present('model').length) return { other: 'llamafactory-v1', evidence: ['model', ...v1].slice(0, 4) };
  const identifierLike = keys.filter((k) => /^[A-Za-z_$][\w.$-]*$/.test(k)).length;
  if (keys.length > 0 && identifierLike / keys.length < 0.5) return { other: 'token-map', evidence: keys.slice(0, 2) };
  return undefined;
}
