import type { HostTarget } from '../hosts/sshHosts';
import type { SlurmLauncher } from '../slurm/slurmOptions';

/** One host of a multi-host job: where its own job folder is, and its launcher's pid there. */
export interface MultiHostNode {
  rank: number;
  target: HostTarget;
  workdir: string;
  /** The job id of this host's folder (rank 0's is the job's id; the others add `-nodeN`). */
  jobId: string;
  jobDir: string;
  pid?: number;
}

/** What a multi-host job was launched with, kept so cancel, status and delete reach every host. */
export interface MultiHostRecord {
  masterAddr: string;
  masterPort: number;
  launcher: SlurmLauncher;
  sharedWorkdir: boolean;
  /** Every host, rank 0 first (it is also the record's own target). */
  nodes: MultiHostNode[];
}
