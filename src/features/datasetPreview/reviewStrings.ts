import * as vscode from 'vscode';
import type { ReviewStrings } from '../../shared/protocol/datasetReview';

/** The review panel's strings in the user's language. */
export function reviewStrings(): ReviewStrings {
  return {
    startReview: vscode.l10n.t('Start review'),
    title: vscode.l10n.t('Review · {0}'),
    progress: vscode.l10n.t('{0} of {1} reviewed, {2}% accepted'),
    skipped: vscode.l10n.t('{0} skipped'),
    stale: vscode.l10n.t('{0} stale'),
    position: vscode.l10n.t('Record {0} of {1} in the sample'),
    accept: vscode.l10n.t('Accept'),
    reject: vscode.l10n.t('Reject'),
    skip: vscode.l10n.t('Skip'),
    note: vscode.l10n.t('Note'),
    notePlaceholder: vscode.l10n.t('Why (optional); Enter to keep it'),
    previous: vscode.l10n.t('Previous'),
    next: vscode.l10n.t('Next'),
    score: vscode.l10n.t('Score'),
    scoreValue: vscode.l10n.t('Score {0} of 5'),
    summary: vscode.l10n.t('Summary'),
    exportAccepted: vscode.l10n.t('Export accepted records…'),
    endReview: vscode.l10n.t('End review'),
    keyHints: vscode.l10n.t('Keys: A accept · R reject · S skip · N note · 1–5 score · ← → previous / next · Esc end review'),
    accepted: vscode.l10n.t('Decision: accepted'),
    rejected: vscode.l10n.t('Decision: rejected'),
    skippedDecision: vscode.l10n.t('Decision: skipped'),
    undecided: vscode.l10n.t('Not decided yet'),
    staleDecision: vscode.l10n.t('This record changed after it was decided: decide again.'),
    gone: vscode.l10n.t('This record is no longer in the file.'),
    done: vscode.l10n.t('Every sampled record has a decision.'),
    rejectedFindings: vscode.l10n.t('Findings on the rejected records'),
    noRejectedFindings: vscode.l10n.t('The checker found nothing on the rejected records.'),
    rejectedNotes: vscode.l10n.t('Notes on the rejected records'),
    findingRecords: vscode.l10n.t('{0}: {1} records'),
  };
}
