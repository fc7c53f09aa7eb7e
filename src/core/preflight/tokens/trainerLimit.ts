import type { TrainingFacts } from '../../config/facts/trainingFacts';

/**
 * What the trainer does with a record longer than its limit, read from its own code:
 * - LLaMA-Factory (every stage but `pt`): truncates each (prompt, response) turn pair in order
 *   with `infer_seqlen`, which splits the remaining budget between the two in proportion to
 *   their lengths (a side under half the budget is kept whole); turns past the budget are
 *   dropped. With `packing` the truncated records are then packed together.
 * - LLaMA-Factory `pt`: all texts are concatenated and cut into blocks of `cutoff_len`: a long
 *   text is split, nothing is lost.
 * - Axolotl: `excess_length_strategy` (default `drop`) drops the record, or truncates, or stops.
 * - TRL: truncates the tokenized record to `max_length`.
 */
export type OverLimitAction = 'truncate-pairs' | 'split-blocks' | 'drop' | 'truncate' | 'raise';

export interface TrainerLimit {
  /** The key that sets the limit, in the framework's own name. */
  key: string;
  limit: number;
  /** Whether the config sets it (false: the framework's default). */
  configured: boolean;
  action: OverLimitAction;
  packing: boolean;
  /** LLaMA-Factory `mask_history`: the last turns get the budget first. */
  lastTurnsFirst: boolean;
}

const DEFAULT_LIMIT: Record<TrainingFacts['framework'], number> = { llamafactory: 2048, axolotl: 2048, trl: 1024 };

export function trainerLimit(facts: TrainingFacts): TrainerLimit {
  const key = facts.keys.sequence.find((k) => facts.has(k)) ?? facts.keys.sequence[0];
  const raw = facts.has(key) ? facts.valueOf(key) : undefined;
  const configured = typeof raw === 'number' && raw > 0;
  const limit = configured ? raw : DEFAULT_LIMIT[facts.framework];
  if (facts.framework === 'llamafactory') {
    const pt = facts.stage === 'pt';
    return {
      key,
      limit,
      configured,
      action: pt ? 'split-blocks' : 'truncate-pairs',
      packing: facts.valueOf('packing') === true || (pt && facts.valueOf('packing') !== false),
      lastTurnsFirst: facts.valueOf('mask_history') === true,
    };
  }
  if (facts.framework === 'axolotl') {
    const strategy = facts.valueOf('excess_length_strategy');
    const action: OverLimitAction = facts.stage === 'pt' ? 'split-blocks' : strategy === 'truncate' ? 'truncate' : strategy === 'raise' ? 'raise' : 'drop';
    return { key, limit, configured, action, packing: facts.valueOf('sample_packing') === true, lastTurnsFirst: false };
  }
  return { key, limit, configured, action: 'truncate', packing: facts.valueOf('packing') === true, lastTurnsFirst: false };
}

/** LLaMA-Factory's `infer_seqlen`: how many source and target tokens survive a budget. */
export function inferSeqlen(source: number, target: number, budget: number): [number, number] {
  let maxTarget: number;
  if (target * 2 < budget) maxTarget = budget;
  else if (source * 2 < budget) maxTarget = budget - source;
  else maxTarget = Math.floor(budget * (target / (source + target)));
  const newTarget = Math.min(maxTarget, target);
  const newSource = Math.min(Math.max(budget - newTarget, 0), source);
  return [newSource, newTarget];
}

export interface PairTruncation {
  promptKept: number;
  promptTotal: number;
  responseKept: number;
  responseTotal: number;
  /** Turn pairs that get no budget at all. */
  droppedPairs: number;
}

/** LLaMA-Factory's supervised encoding loop over a record's (prompt, response) token pairs. */
export function truncatePairs(pairs: ReadonlyArray<[number, number]>, limit: number, lastTurnsFirst: boolean): PairTruncation {
  const ordered = lastTurnsFirst ? [...pairs].reverse() : pairs;
  const out: PairTruncation = { promptKept: 0, promptTotal: 0, responseKept: 0, responseTotal: 0, droppedPairs: 0 };
  let total = 0;
  for (const [source, target] of ordered) {
    out.promptTotal += source;
    out.responseTotal += target;
    if (total >= limit) {
      out.droppedPairs++;
      continue;
    }
    const [s, t] = inferSeqlen(source, target, limit - total);
    out.promptKept += s;
    out.responseKept += t;
    total += s + t;
  }
  return out;
}
