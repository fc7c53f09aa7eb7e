import type * as Sarif from 'sarif';
import type { FindingCode, Severity } from '../../core/dataset/findings';
import { FINDING_CODES, RULE_CATALOG } from '../../core/dataset/ruleCatalog';
import { localize } from '../localize';
import type { FileReport } from './jsonReport';

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, VS Code's SARIF viewer): one run,
 * every finding code as a rule with its rationale, one result per finding with its region
 * (columns in UTF-16 code units, as `columnKind` says) and the duplicate's twin as a related
 * location. Files that could not be read become tool execution notifications.
 */
export function sarifLog(files: readonly FileReport[], version: string): Sarif.Log {
  const ruleIndex = new Map<FindingCode, number>(FINDING_CODES.map((code, i) => [code, i]));
  const rules: Sarif.ReportingDescriptor[] = FINDING_CODES.map((code) => ({
    id: code,
    name: RULE_CATALOG[code].title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: localize(RULE_CATALOG[code].title, []) },
    fullDescription: { text: localize(RULE_CATALOG[code].why, []) },
    help: { text: localize(RULE_CATALOG[code].why, []) },
    defaultConfiguration: { level: level(RULE_CATALOG[code].defaultSeverity) },
  }));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const file of files) {
    const uri = file.path.replace(/\\/g, '/');
    if (file.error) {
      notifications.push({ level: 'error', message: { text: `${file.path}: ${file.error}` }, locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: 'SRCROOT' } } }] });
      continue;
    }
    for (const f of file.findings) {
      results.push({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
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
        partialFingerprints: { 'tunelab/record/v1': `${f.code}:${f.record}:${f.data.field ?? ''}` },
        properties: { record: f.record },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'TuneLab', version, semanticVersion: version, rules } },
        originalUriBaseIds: { SRCROOT: { uri: `file://${process.cwd().replace(/\\/g, '/').replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

function level(severity: Severity): Sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
