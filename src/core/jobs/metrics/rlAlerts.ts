import { msg } from '../../../shared/messageTemplate';
import type { AlertKind, Raise } from './alertKinds';
import type { Algorithm } from './algorithm';
import type { History } from './metricHistory';
import { medianOf, round } from './metricHistory';

type Clear = (kind: AlertKind) => void;

const LN2 = Math.log(2);
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);

/**
 * DPO / ORPO / KTO / SimPO. Margins and accuracy are judged over the last 20 logs, never one,
 * and only after enough logs that early chance-level values are not mistaken for failure.
 */
export function preferenceAlerts(history: History, fresh: ReadonlySet<string>, algorithm: Algorithm, at: number, raise: Raise, clear: Clear): void {
  // Standard (sigmoid) DPO starts at ln 2 exactly; staying there means nothing is learned.
  if (algorithm === 'dpo' && fresh.has('loss')) {
    const losses = history.values('loss');
    let flat = 0;
    for (let i = losses.length - 1; i >= 0 && Math.abs(losses[i] - LN2) < 0.005; i--) flat++;
    if (flat >= 20 && losses.length > 20) {
      raise(
        'dpo-stuck',
        msg(
          'The DPO loss has stayed at ln 2 ≈ 0.693 for {0} logs (step {1}): the policy is not separating chosen from rejected answers. Check the learning rate (DPO usually needs 5e-7 to 5e-6), pref_beta, and that chosen and rejected really differ.',
        ),
        [flat, at],
      );
      return;
    }
    if (flat === 0) clear('dpo-stuck');
  }
  const margins = history.values('reward_margin');
  if (fresh.has('reward_margin') && margins.length >= 20) {
    const recent = medianOf(margins.slice(-20));
    const accuracies = history.values('reward_accuracy');
    const accuracy = accuracies.length >= 20 ? medianOf(accuracies.slice(-20)) : undefined;
    if (recent < -0.05 && (accuracy === undefined || accuracy < 0.4)) {
      raise(
        'margins-negative',
        msg(
          'rewards/margins have been negative for the last 20 logs (median {0}, step {1}): the policy prefers the rejected answers. Check that chosen and rejected are not swapped in the data (the columns in dataset_info.json).',
        ),
        [round(recent), at],
      );
    } else if (recent >= 0) {
      clear('margins-negative');
    }
    const early = medianOf(margins.slice(0, 10));
    const chance = accuracy === undefined || (accuracy >= 0.4 && accuracy <= 0.6);
    if (margins.length >= 40 && recent >= -0.05 && recent <= 0.02 && Math.abs(recent - early) < 0.02 && chance) {
      raise(
        'preference-not-learning',
        msg(
          'rewards/margins have stayed near 0 ({0}) with accuracy near chance ({1}) over the last 20 of {2} logs (step {3}): the policy is not learning the preference. Check the learning rate, the beta, and that the reference model is the SFT model.',
        ),
        [round(recent), accuracy === undefined ? '?' : round(accuracy), margins.length, at],
      );
    } else if (recent > 0.1) {
      clear('preference-not-learning');
    }
  }
  const chosen = history.values('reward_chosen');
  if (fresh.has('reward_chosen') && chosen.length >= 20 && margins.length >= 20) {
    const [c0, c1, m0, m1] = [mean(chosen.slice(0, 10)), mean(chosen.slice(-10)), mean(margins.slice(0, 10)), mean(margins.slice(-10))];
    if (c1 < c0 - 0.1 && m1 > m0 + 0.1) {
      raise(
        'chosen-falling',
        msg(
          'rewards/chosen are falling ({0} → {1}) while the margins grow ({2} → {3}). This is common in DPO: the likelihood of both answers falls, the rejected one faster. It is a problem only if the chosen answers get worse: then lower the learning rate or add an SFT term (pref_ftx / rpo_alpha).',
        ),
        [round(c0), round(c1), round(m0), round(m1)],
        'info',
      );
    }
  }
}

/**
 * PPO and GRPO KL. PPO's KL starts near 0, so "10× its early value" says nothing; a runaway is
 * growth against its own start (20× the early median, at least 0.01) that also reaches 1.0, or
 * any KL above 20. The median of the last 5 logs is judged, so one noisy batch does not alarm.
 */
export function klAlerts(history: History, at: number, raise: Raise, clear: Clear): void {
  const kls = history.values('kl');
  const last = kls[kls.length - 1];
  if (last < -0.01)
    raise(
      'kl-negative',
      msg(
        'KL is negative ({0}) at step {1}: the estimate is broken, often by sampling settings (temperature, top_k) that differ between generation and scoring.',
      ),
      [round(last), at],
    );
  else clear('kl-negative');
  if (kls.length < 15) return;
  const early = medianOf(kls.slice(0, 10));
  const recent = medianOf(kls.slice(-5));
  const grown = recent >= 1 && recent >= 20 * Math.max(early, 0.01);
  const huge = recent > 20 && early < 10;
  if (grown || huge) {
    raise(
      'kl-runaway',
      msg(
        'KL has run away: {0} at step {1}, from {2} at the start (median of the last 5 logs): the policy is drifting far from the reference model (reward hacking or collapse). Raise the KL coefficient (the rules: 0.05 to 0.08) or lower the learning rate, and read some samples.',
      ),
      [round(recent), at, round(early)],
    );
    const rewards = history.values('reward');
    if (rewards.length >= 15) {
      const r0 = medianOf(rewards.slice(0, 10));
      const r1 = medianOf(rewards.slice(-5));
      if (r1 > r0 + 0.05 * Math.max(1, Math.abs(r0))) {
        raise(
          'reward-hacking',
          msg(
            'The reward keeps rising ({0} → {1}) while the KL runs away (step {2}): the policy is likely exploiting the reward model (reward hacking: padded, jargon-stuffed or repetitive answers). Read samples; raise the KL coefficient, add length and repetition penalties, or mix in other rewards.',
          ),
          [round(r0), round(r1), at],
        );
      }
    }
  } else if (recent < 0.5 * Math.max(1, 20 * Math.max(early, 0.01))) {
    clear('kl-runaway');
    clear('reward-hacking');
  }
}

/** GRPO: whether the groups still carry a learning signal, and whether answers fit max length. */
export function grpoAlerts(history: History, fresh: ReadonlySet<string>, at: number, raise: Raise, clear: Clear): void {
  const zeroStd = history.values('frac_reward_zero_std');
  let noSignal = false;
  if (fresh.has('frac_reward_zero_std') && zeroStd.length >= 10) {
    const recent = medianOf(zeroStd.slice(-10));
    noSignal = recent >= 0.9;
    if (noSignal)
      raise(
        'grpo-no-signal',
        msg(
          'In {0}% of prompt groups every completion got the same reward (median of the last 10 logs, step {1}): those groups have zero advantage and teach nothing. The prompts are too easy or too hard for the model: filter them, raise num_generations or the temperature, or use a graded reward.',
        ),
        [Math.round(recent * 100), at],
      );
    else if (recent < 0.7) clear('grpo-no-signal');
  }
  const clipped = history.values('clipped_ratio');
  if (fresh.has('clipped_ratio') && clipped.length >= 10) {
    const recent = medianOf(clipped.slice(-10));
    if (recent >= 0.9)
      raise(
        'grpo-clipped',
        msg(
          '{0}% of completions are cut at the maximum length (median of the last 10 logs, step {1}): their rewards judge unfinished answers. Raise max_completion_length, or penalise length in the reward.',
        ),
        [Math.round(recent * 100), at],
      );
    else if (recent < 0.7) clear('grpo-clipped');
  }
  const std = history.values('reward_std');
  if (fresh.has('reward_std') && std.length >= 20 && !noSignal) {
    const early = medianOf(std.slice(0, 10));
    const recent = medianOf(std.slice(-10));
    if (early > 0.02 && recent < 0.1 * early)
      raise(
        'grpo-reward-std-collapse',
        msg(
          'reward_std fell from {0} to {1} (step {2}): completions of a prompt now get the same reward, so the advantages vanish (mode collapse, or a reward that saturates). Check samples for repetition; raise the temperature or make the reward finer-grained.',
        ),
        [round(early), round(recent), at],
      );
    else if (recent > 0.3 * early) clear('grpo-reward-std-collapse');
  }
}
