import * as vscode from 'vscode';
import { COLUMN_SETS } from '../../core/dataset/preview/previewColumns';
import { FINDING_CODES, RULE_CATALOG } from '../../core/dataset/ruleCatalog';
import type { DatasetPreviewStrings } from '../../shared/protocol/datasetPreview';
import { diversifyStrings } from './diversifyStrings';
import { reviewStrings } from './reviewStrings';

/** The previewer's UI strings in the user's language, injected into the webview's HTML. */
export function previewStrings(): DatasetPreviewStrings {
  const columns: Record<string, string> = {};
  for (const set of Object.values(COLUMN_SETS)) for (const c of set) columns[c.title] = vscode.l10n.t(c.title);
  const codeTitles: Record<string, string> = {};
  for (const code of FINDING_CODES) codeTitles[code] = vscode.l10n.t(RULE_CATALOG[code].title);
  return {
    loading: vscode.l10n.t('Loading…'),
    indexing: vscode.l10n.t('Indexing… {0}%'),
    analysing: vscode.l10n.t('Checking… {0}%'),
    recordCount: vscode.l10n.t('{0} records'),
    flagged: vscode.l10n.t('{0} flagged ({1}%)'),
    noRecords: vscode.l10n.t('This file has no records.'),
    noMatches: vscode.l10n.t('No records match.'),
    loadFailed: vscode.l10n.t('Could not read the file: {0}'),
    rowHeader: vscode.l10n.t('#'),
    findingsHeader: vscode.l10n.t('Findings'),
    filterCodes: vscode.l10n.t('Findings to show'),
    filterSeverity: vscode.l10n.t('Severity'),
    anySeverity: vscode.l10n.t('Any severity'),
    allRecords: vscode.l10n.t('All records'),
    search: vscode.l10n.t('Search'),
    searchPlaceholder: vscode.l10n.t('Search the records'),
    searchMatches: vscode.l10n.t('{0} matches'),
    caseSensitive: vscode.l10n.t('Match case'),
    clear: vscode.l10n.t('Clear'),
    showInEditor: vscode.l10n.t('Show in editor'),
    goToRecord: vscode.l10n.t('Go to record {0}'),
    exportCleaned: vscode.l10n.t('Export cleaned dataset…'),
    exportTitle: vscode.l10n.t('Drop records with these findings'),
    exportDrops: vscode.l10n.t('drops {0} records'),
    exportKeeps: vscode.l10n.t('Keeps {0} of {1} records.'),
    exportDropsMost: vscode.l10n.t('This drops {0}% of the dataset: a format the checker misread can flag every record, so look at the findings first.'),
    exportConfirm: vscode.l10n.t('Export…'),
    cancel: vscode.l10n.t('Cancel'),
    findingsChart: vscode.l10n.t('Records per finding'),
    mixChart: vscode.l10n.t('Mix'),
    target: vscode.l10n.t('Target'),
    actual: vscode.l10n.t('Actual'),
    system: vscode.l10n.t('System'),
    tools: vscode.l10n.t('Tools'),
    chosen: vscode.l10n.t('Chosen'),
    rejected: vscode.l10n.t('Rejected'),
    label: vscode.l10n.t('Label'),
    desirable: vscode.l10n.t('desirable'),
    undesirable: vscode.l10n.t('undesirable'),
    rawJson: vscode.l10n.t('Raw JSON'),
    notParsed: vscode.l10n.t('This record is not valid JSON: {0}'),
    truncated: vscode.l10n.t('(cut short; the editor shows all of it)'),
    close: vscode.l10n.t('Close'),
    rowLabel: vscode.l10n.t('Record {0}'),
    lineLabel: vscode.l10n.t('line {0}'),
    shownCount: vscode.l10n.t('{0} of {1} shown'),
    addFilter: vscode.l10n.t('Filter by finding…'),
    removeFilter: vscode.l10n.t('Remove filter: {0}'),
    moreFindings: vscode.l10n.t('{0} more: {1}'),
    charts: vscode.l10n.t('Summary charts'),
    showCharts: vscode.l10n.t('Show the summary charts'),
    hideCharts: vscode.l10n.t('Hide the summary charts'),
    chartsPending: vscode.l10n.t('The charts appear when the check is complete.'),
    resizeDetail: vscode.l10n.t('Resize the record pane'),
    resizeColumn: vscode.l10n.t('Resize column {0}'),
    reorderColumn: vscode.l10n.t('Drag to move column {0}'),
    severities: {
      error: vscode.l10n.t('Error'),
      warning: vscode.l10n.t('Warning'),
      info: vscode.l10n.t('Information'),
      hint: vscode.l10n.t('Hint'),
    },
    mixClasses: {
      'single-turn': vscode.l10n.t('Single-turn'),
      'multi-turn': vscode.l10n.t('Multi-turn'),
      'tool-call': vscode.l10n.t('Tool calls'),
      preference: vscode.l10n.t('Preference'),
      pretrain: vscode.l10n.t('Pre-training text'),
    },
    columns,
    roles: {
      system: vscode.l10n.t('System'),
      user: vscode.l10n.t('User'),
      assistant: vscode.l10n.t('Assistant'),
      tool_call: vscode.l10n.t('Tool call'),
      tool_result: vscode.l10n.t('Tool result'),
    },
    codeTitles,
    review: reviewStrings(),
    diversify: diversifyStrings(),
  };
}
