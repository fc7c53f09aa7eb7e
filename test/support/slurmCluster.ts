import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './sshServer';

/**
 * A real Slurm cluster on 127.0.0.1 for the e2e tier: munged with a fresh key, slurmctld and
 * three slurmd (`slurmd -N node1` …; Debian's 22.05 build runs several on one host, each on its
 * own port), from a generated slurm.conf in a temporary folder. Accounting is off,
 * so finished jobs are read through `scontrol show job` (the fallback TuneLab uses), and the
 * time limit is enforced with OverTimeLimit=0 and a short KillWait. Needs root (slurmd runs
 * jobs as their user) and Debian's slurmctld, slurmd, slurm-client and munge.
 */
export class TestSlurmCluster {
  readonly conf: string;
  /** node1 and node2 form partition `debug`; node3 alone is partition `short` (a job that must not block them). */
  readonly nodes = ['node1', 'node2', 'node3'];

  private constructor(readonly dir: string) {
    this.conf = join(dir, 'slurm.conf');
  }

  /** Why the cluster cannot start here, or undefined when it can. */
  static unavailable(): string | undefined {
    if (process.getuid?.() !== 0) return 'not root';
    for (const tool of ['munged', 'slurmctld', 'slurmd', 'sbatch']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (Debian: slurmctld slurmd slurm-client munge)`;
    }
    return undefined;
  }

  static async start(): Promise<TestSlurmCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-slurm-'));
    chmodSync(dir, 0o755);
    const cluster = new TestSlurmCluster(dir);
    await cluster.launch();
    return cluster;
  }

  /** The environment a shell needs to reach this cluster with Slurm's commands. */
  env(): Record<string, string> {
    return { SLURM_CONF: this.conf };
  }

  /** Runs a Slurm command against this cluster (for assertions and clean-up). */
  run(command: string, args: string[]): string {
    return execFileSync(command, args, { env: { ...process.env, ...this.env() }, encoding: 'utf8' });
  }

  private async launch(): Promise<void> {
    const d = this.dir;
    for (const sub of ['state', 'spool', 'log']) mkdirSync(join(d, sub));
    writeFileSync(join(d, 'munge.key'), execFileSync('head', ['-c', '1024', '/dev/urandom']), { mode: 0o400 });
    execFileSync('munged', [
      '--force',
      `--key-file=${d}/munge.key`,
      `--socket=${d}/munge.sock`,
      `--pid-file=${d}/munged.pid`,
      `--log-file=${d}/munged.log`,
      `--seed-file=${d}/munged.seed`,
    ]);
    const [ctld, ...ports] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const cpuCount = Math.max(1, cpus().length);
    const host = hostname().split('.')[0];
    writeFileSync(
      this.conf,
      [
        'ClusterName=tunelab-test',
        'SlurmctldHost=localhost(127.0.0.1)',
        `SlurmctldPort=${ctld}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${d}/munge.sock`,
        'SlurmUser=root',
        'SlurmdUser=root',
        `StateSaveLocation=${d}/state`,
        `SlurmdSpoolDir=${d}/spool/%n`,
        `SlurmctldPidFile=${d}/slurmctld.pid`,
        `SlurmdPidFile=${d}/slurmd-%n.pid`,
        `SlurmctldLogFile=${d}/log/slurmctld.log`,
        `SlurmdLogFile=${d}/log/slurmd-%n.log`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'SchedulerType=sched/backfill',
        'MpiDefault=none',
        'ReturnToService=2',
        'InactiveLimit=0',
        'KillWait=2',
        'OverTimeLimit=0',
        'MinJobAge=600',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        ...this.nodes.map(
          (node, i) => `NodeName=${node} NodeHostname=${host} NodeAddr=127.0.0.1 Port=${ports[i]} CPUs=${cpuCount} RealMemory=500 State=UNKNOWN`,
        ),
        'PartitionName=debug Nodes=node1,node2 Default=YES MaxTime=INFINITE State=UP',
        'PartitionName=short Nodes=node3 MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, ...this.env() };
    execFileSync('slurmctld', ['-f', this.conf], { env });
    for (const node of this.nodes) execFileSync('slurmd', ['-f', this.conf, '-N', node], { env });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const states = spawnSync('sinfo', ['-h', '-N', '-o', '%N %t'], { env, encoding: 'utf8' }).stdout ?? '';
      if (this.nodes.every((n) => new RegExp(`^${n} idle`, 'm').test(states))) return;
      if (Date.now() > deadline) throw new Error(`the Slurm nodes did not become idle: ${states}\n${this.logs()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  logs(): string {
    const read = (f: string) => {
      try {
        return readFileSync(join(this.dir, f), 'utf8').split('\n').slice(-20).join('\n');
      } catch {
        return '';
      }
    };
    return ['log/slurmctld.log', ...this.nodes.map((n) => `log/slurmd-${n}.log`)].map((f) => `--- ${f}\n${read(f)}`).join('\n');
  }

  /**
   * Cancels what still runs, waits for the queue to empty (a daemon killed first would leave its
   * slurmstepd and the job's processes behind), stops the daemons by their pid files, then ends
   * any process left that carries this cluster's SLURM_CONF (only this cluster's jobs and steps do).
   */
  async stop(): Promise<void> {
    const env = { ...process.env, ...this.env() };
    spawnSync('scancel', ['--full', '-u', 'root'], { env });
    const drained = Date.now() + 15_000;
    while (Date.now() < drained && (spawnSync('squeue', ['-h', '-o', '%i'], { env, encoding: 'utf8' }).stdout ?? '').trim())
      await new Promise((r) => setTimeout(r, 200));
    const pids = [...this.nodes.map((n) => `slurmd-${n}.pid`), 'slurmctld.pid', 'munged.pid'].map((f) => {
      try {
        return Number(readFileSync(join(this.dir, f), 'utf8').trim());
      } catch {
        return 0;
      }
    });
    const daemons = pids.filter((p) => p > 1);
    for (const pid of daemons) signal(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (daemons.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const pid of processesWithEnv(`SLURM_CONF=${this.conf}`)) signal(pid, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* already gone */
  }
}

/** Processes (other than this one) whose environment holds `entry` exactly. */
function processesWithEnv(entry: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(entry)) out.push(Number(name));
    } catch {
      /* ended meanwhile, or not ours to read */
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
