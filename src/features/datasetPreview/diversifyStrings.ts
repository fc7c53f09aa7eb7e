import * as vscode from 'vscode';
import type { DiversifyStrings } from '../../shared/protocol/datasetPreview';

/** The diversity filter panel's strings in the user's language. */
export function diversifyStrings(): DiversifyStrings {
  return {
    button: vscode.l10n.t('Diversify…'),
    title: vscode.l10n.t('Diversity filter'),
    summary: vscode.l10n.t('Admits {0} of {1} records; rejects {2}: {3} as twins of earlier records, {4} as twins of the training file.'),
    written: vscode.l10n.t('Admitted records written to {0}.'),
    notWritten: vscode.l10n.t('Nothing was written.'),
    clustersTitle: vscode.l10n.t('Near-identical answers ("template tone"), grouped by the record they repeat:'),
    cluster: vscode.l10n.t('Cluster of record {0}: {1} near-identical'),
    clusterAgainst: vscode.l10n.t('Cluster of {0} record {1}: {2} near-identical'),
    showing: vscode.l10n.t('Showing the cluster of record {0} ({1} records).'),
    showAll: vscode.l10n.t('Show all records'),
  };
}
