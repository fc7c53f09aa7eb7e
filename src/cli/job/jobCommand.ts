import { JobError } from '../../core/jobs/jobRunner';
import { SshError } from '../../adapters/ssh2';
import { configureLanguage, localize } from '../localize';
import type { CliIo } from '../cliIo';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../cliIo';
import { parseJobArgs } from './jobArgs';
import { jobLaunch } from './jobLaunch';
import { jobFollow } from './jobFollow';
import { jobCancel, jobDelete, jobGpus, jobList, jobLog } from './jobManage';

export const JOB_USAGE = `Usage: tunelab job <command> [options]

Runs training jobs on GPU hosts over SSH, detached: they keep running when the connection
drops, and 'follow' picks up where it left off.

Commands:
  launch <config> --host <h>  upload the config and its local datasets, start the job
  list                        the jobs started from this machine, with their state on the host
  follow <id>                 print each metric point as a JSON line until the job ends,
                              re-attaching after a dropped link (Ctrl-C stops following only)
  log <id>                    print the job's output so far
  cancel <id>                 stop the job (its whole process group)
  delete <id>                 delete an ended job's folder on the host
  gpus --host <h>             the host's GPUs and their free memory

Hosts: an ~/.ssh/config alias, or [user@]host[:port] (ssh config defaults still apply).
Ids: the full id or a unique prefix.

Options for launch:
  --workdir <dir>             working directory on the host (default ~/tunelab-runs); the
                              project is mirrored there, the command runs there
  --project <dir>             local project root (default: the current directory)
  --command <template>        default 'llamafactory-cli train {config}'; placeholders {config},
                              {workdir}, {output_dir}, {job_id} are quoted for the shell
  --setup <line>              run first, e.g. 'conda activate llama'
  --env NAME=value            an environment variable (repeatable), e.g. CUDA_VISIBLE_DEVICES=0,1
  --follow                    follow the job after starting it
Slurm (the host is a login node; the job folder must be on a filesystem the nodes share):
  --slurm                     write a batch script into the job folder and submit it with sbatch
  --partition <p>  --account <a>  --qos <q>  --time <t>  --constraint <c>  --job-name <n>
  --nodes <n>                 nodes (default 1); one launcher per node via srun
  --gpus-per-node <g>         or --gres gpu:a100:8
  --launcher <l>              llamafactory (FORCE_TORCHRUN=1), torchrun, accelerate or plain;
                              default from the command (llamafactory-cli → llamafactory)
  --show-script               print the batch script before submitting it
Several hosts over SSH (no scheduler; one launcher per host, rank 0 = the first host):
  --hosts <a,b[,c]>           instead of --host: every host, in rank order
  --master-addr <addr>        the first host's address as the others reach it (default: its HostName)
  --master-port <port>        the rendezvous port on the first host (default 29500); checked
                              from every host before anything is uploaded or started
  --shared-workdir            the working directory is on a filesystem all hosts share: upload once
  --launcher, --gpus-per-node as for Slurm (default processes per host: its GPU count)
Options for every command that connects:
  --identity <key>            a private key file (repeatable); default: ssh config, then ~/.ssh/id_*
  --accept-new-host-key       trust an unknown host key and remember it (as ssh's accept-new);
                              a changed key is always refused
  --known-hosts <file>        another known_hosts file to trust (repeatable)
  --timeout <seconds>         connection timeout (default 20)
Other options:
  --json                      list, gpus: JSON output
  --log                       follow: print the job's output instead of points
  --new                       follow: only points not printed before
  --lang <language>           message language, e.g. zh-cn
  -h, --help                  show this help

Passphrases and passwords are asked on the terminal, never read from files; with no terminal
(CI), use ssh-agent or an unencrypted deploy key. Jobs are remembered in
$XDG_STATE_HOME/tunelab/jobs, trusted host keys in $XDG_CONFIG_HOME/tunelab/known_hosts.
Exit codes: 0 success (follow: the job finished), 1 the job failed, was cancelled or lost,
2 usage, connection or host error.
`;

export async function jobCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseJobArgs(rest);
  if (!sub || sub === 'help' || sub === '--help' || sub === '-h' || args.values.help) {
    (sub ? io.stdout : io.stderr).write(JOB_USAGE);
    return sub ? EXIT_OK : EXIT_USAGE;
  }
  configureLanguage(args.values.lang, io.env);
  try {
    switch (sub) {
      case 'launch':
        return await jobLaunch(args, io);
      case 'list':
        return await jobList(args, io);
      case 'follow':
        return await jobFollow(args, io);
      case 'log':
        return await jobLog(args, io);
      case 'cancel':
        return await jobCancel(args, io);
      case 'delete':
        return await jobDelete(args, io);
      case 'gpus':
        return await jobGpus(args, io);
      default:
        throw new UsageError(`unknown job command '${sub}'`);
    }
  } catch (error) {
    if (error instanceof SshError) {
      io.stderr.write(`tunelab: ${localize(error.explained.message, error.explained.args)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof JobError) {
      io.stderr.write(`tunelab: ${localize(error.template, error.args)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
