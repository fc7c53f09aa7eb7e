import type { Settings } from '../../settings/settings';
import type { TrainingFacts } from './trainingFacts';
import { isPeft, isRlStage } from './trainingFacts';

export interface LearningRateRecommendation {
  value: number;
  /** `sft`: the full-parameter SFT curve by model size; `rl`: the PPO figure. */
  basis: 'sft' | 'rl';
  /** The PEFT multiplier applied (1 for full-parameter training). */
  multiplier: number;
  sizeB?: number;
}

/**
 * The domain figures: full-parameter SFT 7B 1e-5, 13B 5.4e-6, 70B 1e-6, interpolated on a
 * log–log scale (the learning rate falls roughly as 1/size between them) and extended past
 * 70B with the 13B–70B slope. Below 7B the 7B figure holds: better too small than too large.
 * RL on a fine-tuned policy (PPO, GRPO) uses 1e-6 at any size. LoRA/QLoRA/OFT, and freeze
 * tuning (a few layers, as in LLaMA Pro), train a small share of the weights and scale both by
 * the multiplier. Other stages (DPO, KTO, reward models) have no figure.
 */
export function recommendedLearningRate(facts: TrainingFacts, settings: Settings): LearningRateRecommendation | undefined {
  const multiplier = isPeft(facts.method) || facts.method === 'freeze' ? settings['config.lr.peftMultiplier'] : 1;
  if (isRlStage(facts.stage)) return { value: settings['config.lr.rl'] * multiplier, basis: 'rl', multiplier, sizeB: facts.policy?.billions };
  if (facts.stage !== 'sft' && facts.stage !== 'pt') return undefined;
  const size = facts.policy?.billions;
  if (size === undefined) return undefined;
  return { value: fullSftLearningRate(size, settings) * multiplier, basis: 'sft', multiplier, sizeB: size };
}

export function fullSftLearningRate(sizeB: number, settings: Settings): number {
  const points: Array<[number, number]> = [
    [7, settings['config.lr.full7B']],
    [13, settings['config.lr.full13B']],
    [70, settings['config.lr.full70B']],
  ];
  if (sizeB <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    if (sizeB <= points[i][0]) return logInterpolate(points[i - 1], points[i], sizeB);
  }
  return logInterpolate(points[1], points[2], sizeB);
}

function logInterpolate([x0, y0]: [number, number], [x1, y1]: [number, number], x: number): number {
  const t = (Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0));
  return Math.exp(Math.log(y0) + t * (Math.log(y1) - Math.log(y0)));
}
