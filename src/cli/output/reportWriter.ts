import type * as Sarif from 'sarif';
import type { Severity } from '../../shared/findings';
import { atLeast, SEVERITY_ORDER } from '../../shared/findings';
import type { CheckReport, FileReport, JsonFinding } from './jsonReport';
import { CHECK_REPORT_SCHEMA_VERSION } from './jsonReport';
import { sarifRules, sarifResult, sarifNotification } from './sarifReport';
import { writeDrained } from './writeDrained';

/**
 * Reports are written as they are produced, a file at a time and a finding at a time, never
 * built as one string: half a million findings made `JSON.stringify` fail ("Invalid string
 * length") and held every finding three times (engine, report object, string). Output goes out
 * in chunks of about a megabyte, waiting for a slow pipe to drain, so memory stays at one chunk
 * whatever the number of findings.
 */
export type FileEntry = Omit<FileReport, 'findings'>;

export interface ReportWriter {
  file(entry: FileEntry, findings: Iterable<JsonFinding>): Promise<void>;
  end(totals: CheckReport['totals']): Promise<void>;
}

/** Files, records and findings by severity, counted as they go by. */
export class ReportTally {
  files = 0;
  records = 0;
  findings = 0;
  readonly bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };

  file(entry: FileEntry): void {
    this.files++;
    this.records += entry.summary?.records ?? 0;
  }

  finding(severity: Severity): void {
    this.findings++;
    this.bySeverity[severity]++;
  }

  atLeast(floor: Severity): boolean {
    return SEVERITY_ORDER.some((s) => this.bySeverity[s] > 0 && atLeast(s, floor));
  }

  totals(): CheckReport['totals'] {
    return { files: this.files, records: this.records, findings: this.findings, bySeverity: { ...this.bySeverity } };
  }
}

const CHUNK = 1 << 20;

/** Buffers text and writes it in chunks, waiting for the stream to drain. */
export class ChunkedOutput {
  private buffer = '';

  constructor(private readonly stream: NodeJS.WritableStream) {}

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    await writeDrained(this.stream, text);
  }
}

/** `--format json`: the versioned report (docs/check-report.schema.json), one finding a line. */
export function jsonReportWriter(output: ChunkedOutput, version: string): ReportWriter {
  let files = 0;
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    await output.write(`{\n  "schemaVersion": ${CHECK_REPORT_SCHEMA_VERSION},\n  "tool": ${JSON.stringify({ name: 'tunelab', version })},\n  "files": [`);
  };
  return {
    async file(entry, findings) {
      await start();
      const head = JSON.stringify(entry);
      await output.write(`${files++ ? ',' : ''}\n    ${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"findings": [`);
      let n = 0;
      for (const f of findings) await output.write(`${n++ ? ',' : ''}\n      ${JSON.stringify(f)}`);
      await output.write(`${n ? '\n    ' : ''}]}`);
    },
    async end(totals) {
      await start();
      await output.write(`${files ? '\n  ' : ''}],\n  "totals": ${JSON.stringify(totals)}\n}\n`);
      await output.flush();
    },
  };
}

/** `--format sarif`: SARIF 2.1.0, one run, results streamed; unreadable files become notifications at the end. */
export function sarifReportWriter(output: ChunkedOutput, version: string, cwd: string): ReportWriter {
  let results = 0;
  let started = false;
  const notifications: Sarif.Notification[] = [];
  const start = async () => {
    if (started) return;
    started = true;
    const driver = { name: 'TuneLab', version, semanticVersion: version, rules: sarifRules() };
    const base = { SRCROOT: { uri: `file://${cwd.replace(/\\/g, '/').replace(/\/?$/, '/')}` } };
    await output.write(
      `{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [{\n    "tool": ${JSON.stringify({ driver })},\n    "originalUriBaseIds": ${JSON.stringify(base)},\n    "columnKind": "utf16CodeUnits",\n    "results": [`,
    );
  };
  return {
    async file(entry, findings) {
      await start();
      if (entry.error) {
        notifications.push(sarifNotification(entry));
        return;
      }
      for (const f of findings) await output.write(`${results++ ? ',' : ''}\n      ${JSON.stringify(sarifResult(entry, f))}`);
    },
    async end() {
      await start();
      const invocations = [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }];
      await output.write(`${results ? '\n    ' : ''}],\n    "invocations": ${JSON.stringify(invocations)}\n  }]\n}\n`);
      await output.flush();
    },
  };
}
