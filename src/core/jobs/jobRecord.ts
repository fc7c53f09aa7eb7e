import type { HostTarget } from './hosts/sshHosts';
import type { Algorithm } from './metrics/algorithm';
import type { Progress, RunSummary } from './metrics/metricPoint';
import type { JobState } from './remote/jobStatus';
import type { StaleFile } from './remote/trainerLogFollow';
import type { SlurmOptions } from './slurm/slurmOptions';
import type { SlurmStatus } from './slurm/slurmParse';
import type { MultiHostRecord } from './multihost/multiHostRecord';

export interface SlurmJobRecord extends Partial<SlurmStatus> {
  options: SlurmOptions;
  jobId?: string;
}

/**
 * What TuneLab remembers about a job, locally: enough to find it again on the host and resume
 * following it. No secret is ever part of it.
 */
export interface JobRecord {
  id: string;
  /** Where it runs (the ssh config alias or literal target, resolved). */
  target: HostTarget;
  /** Absolute working directory on the host. */
  workdir: string;
  jobDir: string;
  /** The config as uploaded, relative to workdir, and the local file it came from. */
  configRemote: string;
  configLocal?: string;
  /** trainer_log.jsonl's folder (the config's output_dir), relative to workdir or absolute. */
  outputDir?: string;
  stage?: string;
  /** The training algorithm the config names, when it does (alerts depend on it). */
  algorithm?: Algorithm;
  /** The config's scalar top-level values as launched (for comparing runs). */
  hyperparameters?: Readonly<Record<string, string | number | boolean>>;
  command: string;
  createdAt: number;
  pid?: number;
  state: JobState;
  exitCode?: number;
  startedAt?: number;
  endedAt?: number;
  progress?: Progress;
  /** A trainer_log.jsonl left in the output folder by an earlier run: its bytes are not this run's. */
  staleTrainerLog?: StaleFile;
  /** The trainer's end-of-run summary (runtime, samples/s, mean loss). */
  summary?: RunSummary;
  /** A job submitted to Slurm: what was asked, its Slurm job id, and the scheduler's last word. */
  slurm?: SlurmJobRecord;
  /** A job launched on several hosts over SSH: this record is rank 0's, the other hosts are here. */
  multiHost?: MultiHostRecord;
  /** Set when the user stopped following it; cleared on re-attach. */
  detached?: boolean;
}

export function trainerLogPath(record: Pick<JobRecord, 'workdir' | 'outputDir'>): string | undefined {
  if (!record.outputDir) return undefined;
  const dir = record.outputDir.startsWith('/') ? record.outputDir : `${record.workdir.replace(/\/+$/, '')}/${record.outputDir.replace(/^\.\//, '')}`;
  return `${dir.replace(/\/+$/, '')}/trainer_log.jsonl`;
}

export function jobTitle(record: Pick<JobRecord, 'configRemote' | 'id' | 'target'>): string {
  const config = record.configRemote.split('/').pop() ?? record.configRemote;
  return `${config} @ ${record.target.name}`;
}
