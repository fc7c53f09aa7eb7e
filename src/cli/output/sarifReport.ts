import type * as Sarif from 'sarif';
import type { ConfigFindingCode, FindingCode, Severity } from '../../shared/findings';
import { CONFIG_FINDING_CODES, CONFIG_RULE_CATALOG } from '../../core/config/configRuleCatalog';
import { FINDING_CODES, RULE_CATALOG } from '../../core/dataset/ruleCatalog';
import { localize } from '../localize';
import type { FileReport, JsonFinding } from './jsonReport';

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, VS Code's SARIF viewer): one run,
 * every finding code as a rule with its rationale, one result per finding with its region
 * (columns in UTF-16 code units, as `columnKind` says) and the duplicate's twin as a related
 * location. Files that could not be read become tool execution notifications. The log is
 * written as it goes (reportWriter.ts); these build its parts.
 */
const CATALOG = [...FINDING_CODES.map((code) => RULE_CATALOG[code]), ...CONFIG_FINDING_CODES.map((code) => CONFIG_RULE_CATALOG[code])];
const RULE_INDEX = new Map<FindingCode | ConfigFindingCode, number>(CATALOG.map((rule, i) => [rule.code, i]));

export function sarifRules(): Sarif.ReportingDescriptor[] {
  return CATALOG.map((rule) => ({
    id: rule.code,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: localize(rule.title, []) },
    fullDescription: { text: localize(rule.why, []) },
    help: { text: localize(rule.why, []) },
    defaultConfiguration: { level: level(rule.defaultSeverity) },
  }));
}

export function sarifNotification(file: Omit<FileReport, 'findings'>): Sarif.Notification {
  return {
    level: 'error',
    message: { text: `${file.path}: ${file.error ?? ''}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: file.path.replace(/\\/g, '/'), uriBaseId: 'SRCROOT' } } }],
  };
}

export function sarifResult(file: Omit<FileReport, 'findings'>, f: JsonFinding): Sarif.Result {
  const uri = file.path.replace(/\\/g, '/');
  if (f.cell) return cellResult(uri, f, f.cell);
  return {
    ruleId: f.code,
    ruleIndex: RULE_INDEX.get(f.code),
    level: level(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: 'SRCROOT' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.line === f.endLine ? f.column + 1 : 1) },
        },
      },
    ],
    relatedLocations: f.related.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: { artifactLocation: { uri, uriBaseId: 'SRCROOT' }, region: { startLine: r.line, startColumn: r.column } },
    })),
    partialFingerprints: file.config
      ? { 'tunelab/config/v1': `${f.code}:${'key' in f.data ? (f.data.key ?? '') : ''}` }
      : { 'tunelab/record/v1': `${f.code}:${f.record}:${'field' in f.data ? (f.data.field ?? '') : ''}` },
    properties: file.config ? { configKind: file.config.kind } : { record: f.record },
  };
}

/**
 * A finding in a Parquet, Arrow or CSV file: lines and columns mean nothing in a binary file, so
 * no region; the row and column go in a logical location (`row[1234].output`) and the properties.
 */
function cellResult(uri: string, f: JsonFinding, cell: NonNullable<JsonFinding['cell']>): Sarif.Result {
  const name = cell.row > 0 ? `row[${cell.row}]${cell.column === undefined ? '' : `.${cell.column}`}` : undefined;
  return {
    ruleId: f.code,
    ruleIndex: RULE_INDEX.get(f.code),
    level: level(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri, uriBaseId: 'SRCROOT' } },
        ...(name ? { logicalLocations: [{ name, fullyQualifiedName: name, kind: 'element' }] } : {}),
      },
    ],
    partialFingerprints: { 'tunelab/record/v1': `${f.code}:${f.record}:${'field' in f.data ? (f.data.field ?? '') : ''}` },
    properties: { record: f.record, row: cell.row, ...(cell.column === undefined ? {} : { column: cell.column }) },
  };
}

function level(severity: Severity): Sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
