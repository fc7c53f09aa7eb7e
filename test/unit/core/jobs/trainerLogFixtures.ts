/**
 * Training logs shaped like the real ones (the Hugging Face Trainer's and TRL's stdout dict
 * lines, key for key), generated from a seed: SFT, DPO, PPO (TRL ≥ 0.12) and GRPO runs, healthy
 * and failing. Each series is a function of the log index, plus seeded noise.
 */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export type Shape = (i: number, n: number, noise: () => number) => Record<string, number>;

const py = (v: number) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : Number.isInteger(v) ? v.toFixed(1) : String(Number(v.toPrecision(6))));

/** The stdout of a run: a tqdm bar, then the Trainer's log dict, per log. */
export function stdoutLog(n: number, shape: Shape, seed = 1): string {
  const noise = seeded(seed);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const fields = { ...shape(i, n, () => noise() - 0.5), epoch: Number(((i + 1) / n).toFixed(4)) };
    lines.push(` ${Math.round((100 * (i + 1)) / n)}%|███       | ${i + 1}/${n} [00:10<00:30,  2.00s/it]\r`);
    lines.push(
      `{${Object.entries(fields)
        .map(([k, v]) => `'${k}': ${py(v)}`)
        .join(', ')}}\n`,
    );
  }
  return lines.join('');
}

export const sft: Shape = (i, n, noise) => ({
  loss: 2.2 * Math.exp(-i / n) + 0.05 * noise(),
  grad_norm: 1.1 + 0.3 * noise(),
  learning_rate: 2e-5 * (1 - i / n),
});

/** TRL DPOTrainer's keys; `learning` in [0, 1] says how much the policy learns. */
export function dpo(learning: number, swapped = false): Shape {
  return (i, n, noise) => {
    const t = (learning * i) / n;
    const margin = (swapped ? -1 : 1) * 3 * t + 0.01 * noise();
    const chosen = -1.5 * t + 0.02 * noise();
    return {
      loss: Math.log(1 + Math.exp(-margin)) + 0.0004 * noise(),
      grad_norm: 8 + noise(),
      learning_rate: 5e-7,
      'rewards/chosen': chosen,
      'rewards/rejected': chosen - margin,
      'rewards/accuracies': Math.min(1, Math.max(0, 0.5 + (swapped ? -1 : 1) * 0.9 * t + 0.05 * noise())),
      'rewards/margins': margin,
      'logps/chosen': -250 + 30 * chosen,
      'logps/rejected': -260 + 30 * (chosen - margin),
    };
  };
}

/** TRL ≥ 0.12 PPOTrainer's keys; the KL goes from `kl0` to `kl1`, the RLHF reward from `r0` to `r1`. */
export function ppo(kl0: number, kl1: number, r0: number, r1: number): Shape {
  return (i, n, noise) => {
    const t = i / (n - 1);
    const kl = kl0 + (kl1 - kl0) * t * t + Math.abs(kl0 + (kl1 - kl0) * t * t) * 0.05 * noise();
    return {
      eps: 3,
      'objective/kl': kl,
      'objective/entropy': 40 - 10 * t,
      'objective/non_score_reward': -0.05 * kl,
      'objective/rlhf_reward': r0 + (r1 - r0) * t + 0.05 * noise(),
      'objective/scores': r0 + (r1 - r0) * t,
      'policy/approxkl_avg': 0.002 + 0.001 * noise(),
      'loss/policy_avg': -0.002 + 0.001 * noise(),
      'loss/value_avg': 0.4 + 0.05 * noise(),
      'val/ratio': 1,
      lr: 1e-6,
      episode: 64 * (i + 1),
    };
  };
}

/** TRL GRPOTrainer's keys (0.19+): beta 0, so the loss is 0 until the KL term or advantages move it. */
export function grpo(
  opts: { zeroStd?: (t: number) => number; clipped?: (t: number) => number; rewardStd?: (t: number) => number; withZeroStd?: boolean } = {},
): Shape {
  return (i, n, noise) => {
    const t = i / (n - 1);
    const fields: Record<string, number> = {
      loss: i < n / 2 ? 0 : 0.0001 * Math.abs(noise()),
      grad_norm: 0.3 + 0.1 * noise(),
      learning_rate: 1e-6,
      num_tokens: 20000 * (i + 1),
      'completions/mean_length': 180 + 20 * noise(),
      'completions/clipped_ratio': opts.clipped?.(t) ?? 0.05 + 0.02 * noise(),
      'rewards/accuracy_reward/mean': 0.3 + 0.3 * t,
      reward: 0.3 + 0.3 * t + 0.02 * noise(),
      reward_std: opts.rewardStd?.(t) ?? 0.4 + 0.02 * noise(),
      kl: 0,
      entropy: 0.7 + 0.05 * noise(),
    };
    if (opts.withZeroStd !== false) fields.frac_reward_zero_std = opts.zeroStd?.(t) ?? 0.2 + 0.05 * noise();
    return fields;
  };
}
