import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobRecord } from './jobRecord';
import type { JournalBatch, JournalState } from './metrics/pointsJournal';
import { journalLine, readJournal } from './metrics/pointsJournal';

/**
 * Jobs and their points on local disk: `jobs.json` (the records, replaced atomically) and one
 * `<id>.points.jsonl` journal per job. The extension keeps it in the workspace's storage
 * folder, the CLI under $XDG_STATE_HOME/tunelab.
 */
export class JobStore {
  private records: JobRecord[] | undefined;
  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
  }

  /**
   * The records, read from disk once and then kept in memory: the store's folder belongs to
   * one process (the window's workspace storage, or one CLI run), and the jobs view asks for
   * records on every refresh.
   */
  list(): JobRecord[] {
    this.records ??= this.read();
    return [...this.records];
  }

  private read(): JobRecord[] {
    const path = join(this.folder, 'jobs.json');
    if (!existsSync(path)) return [];
    try {
      const records = JSON.parse(readFileSync(path, 'utf8')) as JobRecord[];
      return Array.isArray(records) ? records : [];
    } catch {
      return [];
    }
  }

  get(id: string): JobRecord | undefined {
    return this.list().find((r) => r.id === id);
  }

  /** Finds a job by its id or a unique prefix of it. */
  find(idOrPrefix: string): JobRecord | undefined {
    const matches = this.matching(idOrPrefix);
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** The job with this exact id, else every job whose id starts with it (several: the prefix is ambiguous). */
  matching(idOrPrefix: string): JobRecord[] {
    const records = this.list();
    const exact = records.find((r) => r.id === idOrPrefix);
    return exact ? [exact] : idOrPrefix ? records.filter((r) => r.id.startsWith(idOrPrefix)) : [];
  }

  save(record: JobRecord): void {
    const records = this.list().filter((r) => r.id !== record.id);
    records.push(record);
    records.sort((a, b) => a.createdAt - b.createdAt);
    this.write(records);
  }

  /** Replaces jobs.json atomically (write, then rename), so a crash never leaves half a file. */
  private write(records: JobRecord[]): void {
    const path = join(this.folder, 'jobs.json');
    writeFileSync(`${path}.tmp`, `${JSON.stringify(records, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
    this.records = records;
  }

  update(id: string, change: Partial<JobRecord>): JobRecord | undefined {
    const record = this.get(id);
    if (!record) return undefined;
    const next = { ...record, ...change };
    this.save(next);
    return next;
  }

  remove(id: string): void {
    this.write(this.list().filter((r) => r.id !== id));
    rmSync(this.journalPath(id), { force: true });
  }

  append(id: string, batch: JournalBatch): void {
    appendFileSync(this.journalPath(id), journalLine(batch));
  }

  journal(id: string): JournalState {
    const path = this.journalPath(id);
    return existsSync(path) ? readJournal(readFileSync(path, 'utf8')) : readJournal('');
  }

  private journalPath(id: string): string {
    if (!/^[\w.-]+$/.test(id)) throw new Error(`invalid job id ${id}`);
    return join(this.folder, `${id}.points.jsonl`);
  }
}
