import * as vscode from 'vscode';
import type { ChartStrings } from '../../shared/protocol/trainingChart';

export function chartStrings(): ChartStrings {
  return {
    title: vscode.l10n.t('Training chart'),
    xAxis: vscode.l10n.t('X axis'),
    step: vscode.l10n.t('Step'),
    epoch: vscode.l10n.t('Epoch'),
    time: vscode.l10n.t('Time (s)'),
    smoothing: vscode.l10n.t('Smoothing'),
    logScale: vscode.l10n.t('Log scale'),
    overlay: vscode.l10n.t('Overlay runs'),
    exportPng: vscode.l10n.t('Export PNG'),
    exportCsv: vscode.l10n.t('Export CSV'),
    noPoints: vscode.l10n.t('No metrics yet: points appear as the trainer logs them.'),
    alerts: vscode.l10n.t('Alerts'),
    panels: {
      loss: vscode.l10n.t('Loss'),
      learning_rate: vscode.l10n.t('Learning rate'),
      kl: vscode.l10n.t('KL divergence'),
      reward: vscode.l10n.t('Reward, margins, accuracy'),
      grad_norm: vscode.l10n.t('Gradient norm'),
    },
    series: {
      loss: vscode.l10n.t('Training loss'),
      eval_loss: vscode.l10n.t('Evaluation loss'),
      policy_loss: vscode.l10n.t('Policy loss'),
      value_loss: vscode.l10n.t('Value loss'),
      learning_rate: vscode.l10n.t('Learning rate'),
      kl: vscode.l10n.t('KL divergence'),
      approx_kl: vscode.l10n.t('Approximate KL'),
      kl_penalty: vscode.l10n.t('KL penalty (non-score reward)'),
      kl_coef: vscode.l10n.t('KL coefficient'),
      reward: vscode.l10n.t('Reward'),
      score: vscode.l10n.t('Reward model score'),
      reward_margin: vscode.l10n.t('Reward margin (chosen − rejected)'),
      reward_accuracy: vscode.l10n.t('Preference accuracy'),
      reward_chosen: vscode.l10n.t('Reward of chosen answers'),
      reward_rejected: vscode.l10n.t('Reward of rejected answers'),
      accuracy: vscode.l10n.t('Accuracy'),
      grad_norm: vscode.l10n.t('Gradient norm'),
    },
    klBand: vscode.l10n.t('KL coefficient target 0.05–0.08 (fine-tuning rules)'),
    klSchedule: vscode.l10n.t('Staged KL coefficient 0.08 → 0.05 → 0.06 (rules)'),
  };
}
