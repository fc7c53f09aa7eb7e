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
  };
}
