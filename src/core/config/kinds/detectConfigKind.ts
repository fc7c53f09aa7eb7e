import { keysForKind } from '../catalog/configCatalog';
import type { ConfigFramework, ConfigKind, OtherConfig } from './configKind';
import { FRAMEWORK_LABELS } from './configKind';
import { recogniseForeignFormat } from './foreignFormats';
import { HF_DROWNING_RATIO, HF_ONLY_EVIDENCE_SHARE, MIN_DISTINCTIVE, STRONG_DISTINCTIVE, STRONG_RATIO } from './evidenceThresholds';

export interface KindDetection {
  kind?: ConfigKind;
  /** Set when the file is recognised as something TuneLab does not check. */
  other?: OtherConfig;
  /** The keys that decided (or, when not recognised, the keys that were not enough). */
  evidence: string[];
  /**
   * `strong`: many keys only this framework accepts and almost none it does not; `weak`:
   * enough to check, but a misdetection is possible, so unknown keys are only hints.
   */
  strength?: 'strong' | 'weak';
}

const TRL_KINDS: readonly ConfigKind[] = ['trl-dpo', 'trl-sft', 'trl-grpo', 'trl-ppo', 'trl-kto', 'trl-ppo-legacy', 'trl-reward'];
const LF_KINDS: readonly ConfigKind[] = ['llamafactory-train', 'llamafactory-infer', 'llamafactory-export', 'llamafactory-eval'];
const FAMILY_KINDS: Readonly<Record<ConfigFramework, readonly ConfigKind[]>> = { llamafactory: LF_KINDS, trl: TRL_KINDS, axolotl: ['axolotl'] };
const FRAMEWORKS: readonly ConfigFramework[] = ['llamafactory', 'axolotl', 'trl'];

const DPO_LOSSES = new Set([
  'sigmoid',
  'hinge',
  'ipo',
  'exo_pair',
  'nca_pair',
  'robust',
  'bco_pair',
  'sppo_hard',
  'aot',
  'aot_pair',
  'discopop',
  'apo_zero',
  'apo_down',
  'sft',
]);
const KTO_LOSSES = new Set(['kto', 'apo_zero_unpaired']);
const GRPO_LOSSES = new Set(['grpo', 'bnpo', 'dr_grpo', 'dapo', 'cispo', 'sapo']);

interface Signature {
  /** Every key a framework accepts (any of its kinds). */
  accepted: Map<ConfigFramework, Set<string>>;
  /** Keys only one framework accepts, and no Hugging Face TrainingArguments key. */
  distinctive: Map<ConfigFramework, Set<string>>;
  hf: Set<string>;
  perTrl: Map<ConfigKind, Map<string, number>>;
}

let signature: Signature | undefined;

/**
 * Which keys are evidence: a key only one framework accepts points to it (TrainingArguments
 * keys, which LLaMA-Factory, TRL, Firefly and many scripts all take, point nowhere); within
 * TRL a key weighs 1/n when n trainers share it.
 */
function keySignature(): Signature {
  if (signature) return signature;
  const accepted = new Map<ConfigFramework, Set<string>>();
  for (const framework of FRAMEWORKS) accepted.set(framework, new Set(FAMILY_KINDS[framework].flatMap((kind) => [...keysForKind(kind).keys()])));
  const hf = new Set([...keysForKind('trl-sft')].filter(([, k]) => k.source === 'hf').map(([n]) => n));
  const distinctive = new Map<ConfigFramework, Set<string>>();
  for (const framework of FRAMEWORKS) {
    const others = FRAMEWORKS.filter((f) => f !== framework).map((f) => accepted.get(f) ?? new Set<string>());
    distinctive.set(framework, new Set([...(accepted.get(framework) ?? [])].filter((k) => !hf.has(k) && others.every((o) => !o.has(k)))));
  }
  const trlOwners = new Map<string, ConfigKind[]>();
  for (const kind of TRL_KINDS) {
    for (const [name, key] of keysForKind(kind)) if (key.source !== 'hf') trlOwners.set(name, [...(trlOwners.get(name) ?? []), kind]);
  }
  const perTrl = new Map<ConfigKind, Map<string, number>>();
  for (const kind of TRL_KINDS) perTrl.set(kind, new Map());
  // Choosing among TRL trainers only needs keys LLaMA-Factory does not share (Axolotl copies some of TRL's).
  const lfKeys = accepted.get('llamafactory') ?? new Set<string>();
  for (const [name, owners] of trlOwners) {
    if (lfKeys.has(name) || hf.has(name) || owners.length === TRL_KINDS.length) continue;
    for (const owner of owners) perTrl.get(owner)?.set(name, 1 / owners.length);
  }
  signature = { accepted, distinctive, hf, perTrl };
  return signature;
}

/**
 * Recognises a config by its top-level keys, only on evidence: other tools' formats by what
 * they alone write; a framework when several keys only it accepts are present, clearly more
 * than for any other framework, and they outnumber the keys it would not accept. Anything
 * less is `unrecognised` (with the keys seen) and gets no findings.
 */
export function detectConfigKind(values: Readonly<Record<string, unknown>>): KindDetection {
  const keys = Object.keys(values);
  const foreign = recogniseForeignFormat(values);
  if (foreign) return foreign;
  const sig = keySignature();
  const scored = FRAMEWORKS.map((framework) => {
    const own = keys.filter((k) => sig.distinctive.get(framework)?.has(k));
    const refused = keys.filter((k) => !sig.accepted.get(framework)?.has(k));
    return { framework, own, refused };
  }).sort((a, b) => b.own.length - a.own.length);
  const [best, second] = scored;
  const seen = scored.filter((s) => s.own.length).flatMap((s) => s.own.slice(0, 3).map((k) => `${k} (${FRAMEWORK_LABELS[s.framework]})`));
  const hfKeys = keys.filter((k) => sig.hf.has(k));
  // TrainingArguments with a couple of stray framework keys (Firefly's lora_rank) is a script's own file, not that framework's.
  const drowned = best.own.length < STRONG_DISTINCTIVE * 2 && best.own.length * HF_DROWNING_RATIO < hfKeys.length;
  const clear =
    !drowned &&
    best.own.length >= MIN_DISTINCTIVE &&
    best.own.length >= 2 * second.own.length &&
    best.own.length - second.own.length >= MIN_DISTINCTIVE &&
    best.own.length > best.refused.length;
  if (!clear) {
    // A flat JSON/YAML of TrainingArguments for a script of its own (and no framework's keys).
    if (hfKeys.length >= 4 && hfKeys.length >= keys.length * HF_ONLY_EVIDENCE_SHARE) return { other: 'hf-training-args', evidence: hfKeys.slice(0, 4) };
    return seen.length ? { other: 'unrecognised', evidence: seen } : { other: 'unknown', evidence: [] };
  }
  const unrivalled = second.own.length === 0 || best.own.length >= STRONG_RATIO * second.own.length;
  const strength = best.own.length >= STRONG_DISTINCTIVE && unrivalled && best.refused.length * 2 <= best.own.length ? 'strong' : 'weak';
  const evidence = best.own.slice(0, 4);
  if (best.framework === 'axolotl') return { kind: 'axolotl', evidence, strength };
  if (best.framework === 'llamafactory') return { kind: llamaFactoryKind(values), evidence, strength };
  return { kind: trlKind(values, keys, sig), evidence, strength };
}

function trlKind(values: Readonly<Record<string, unknown>>, keys: string[], sig: Signature): ConfigKind {
  let best: ConfigKind = 'trl-sft';
  let bestScore = 0;
  for (const kind of TRL_KINDS) {
    const weights = sig.perTrl.get(kind) ?? new Map<string, number>();
    let score = keys.reduce((sum, k) => sum + (weights.get(k) ?? 0), 0);
    score += lossTypeBonus(kind, values.loss_type);
    if (score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return best;
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
