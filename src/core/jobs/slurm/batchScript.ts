import { msg } from '../../../shared/messageTemplate';
import { JobError } from '../jobError';
import { quote } from '../remote/shellQuote';
import type { SlurmLauncher, SlurmOptions } from './slurmOptions';
import { DEFAULT_MASTER_PORT, sbatchDirectives } from './slurmOptions';

/**
 * The files of a Slurm job, written into its job folder on the shared filesystem:
 *
 *   slurm.sh    the batch script given to sbatch: `#SBATCH` lines, then the rendezvous
 *               environment, then one launcher per node started by srun;
 *   node.sh     what each node runs: NODE_RANK from Slurm, then command.sh (the existing
 *               training command file, with the user's setup line and the placeholders);
 *   output.log  rank 0's output (the batch script's stdout, where Slurm writes it);
 *   node-N.log  the other nodes' output; node-N.env the rendezvous values node N saw.
 *
 * Every path in a shell line goes through `quote`; no value reaches an `#SBATCH` line unless
 * it passed the strict checks of slurmOptions.ts.
 */
export interface BatchScriptSpec {
  options: SlurmOptions;
  /** The job folder (absolute) and the working directory the command runs in. */
  jobDir: string;
  workdir: string;
  /** TuneLab's job id, the default job name. */
  jobId: string;
  /** Run command.sh with `bash -l` (the host has bash) instead of `sh`. */
  useBash: boolean;
}

/**
 * Paths Slurm would misread are refused. A line break would put a line of its own into the
 * batch script (quoted correctly, but a person or a site's submit filter could read it as a
 * directive); `%` and `\` are Slurm's own syntax in the log path it derives from the folder
 * (`%j` becomes the job id, a backslash turns the replacements off), so the log would land elsewhere.
 */
export function checkSlurmFolders(...paths: string[]): void {
  for (const path of paths) {
    if (/[\r\n%\\]/.test(path))
      throw new JobError(msg('A Slurm job cannot run in a folder whose name holds a line break, % or \\ (Slurm reads them in its log paths): {0}'), [
        JSON.stringify(path),
      ]);
  }
}

export const SLURM_FILES = { batch: 'slurm.sh', node: 'node.sh' } as const;

/** The batch script. sbatch runs in the job folder, so the directives' `output.log` lands there. */
export function batchScript(spec: BatchScriptSpec): string {
  checkSlurmFolders(spec.jobDir, spec.workdir);
  const port = spec.options.masterPort ?? DEFAULT_MASTER_PORT;
  const perNode = Math.max(1, spec.options.gpusPerNode ?? 1);
  return [
    '#!/bin/sh',
    ...sbatchDirectives(spec.options, `tunelab-${spec.jobId}`),
    '# Written by TuneLab: one launcher per node, all meeting at the first node of the allocation.',
    `jobdir=${quote(spec.jobDir)}`,
    'cd "$jobdir" || exit 1',
    'date +%s > started_at',
    '# The first host of the allocation is the rendezvous for every node (MASTER_ADDR must be the same everywhere).',
    'MASTER_ADDR=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)',
    `MASTER_PORT=${port}`,
    `NNODES=\${SLURM_JOB_NUM_NODES:-${spec.options.nodes}}`,
    `NPROC_PER_NODE=${perNode}`,
    'export MASTER_ADDR MASTER_PORT NNODES NPROC_PER_NODE',
    `echo "tunelab: Slurm job $SLURM_JOB_ID on $SLURM_JOB_NODELIST, MASTER_ADDR=$MASTER_ADDR MASTER_PORT=$MASTER_PORT NNODES=$NNODES"`,
    // --kill-on-bad-exit: a node that fails ends the others rather than leaving them waiting at the rendezvous.
    `srun --nodes="$NNODES" --ntasks-per-node=1 --kill-on-bad-exit=1 sh "$jobdir/${SLURM_FILES.node}"`,
    'code=$?',
    'date +%s > ended_at',
    'echo "$code" > exit_code.tmp && mv exit_code.tmp exit_code',
    'exit "$code"',
    '',
  ].join('\n');
}

/**
 * node.sh: NODE_RANK is this node's index in the allocation (not RANK, which torch reserves for
 * the global process rank). Node 0 writes to the batch log (output.log, followed by TuneLab);
 * the others to node-N.log, so the followed log holds rank 0's lines only, in order.
 */
export function nodeScript(spec: BatchScriptSpec): string {
  checkSlurmFolders(spec.jobDir, spec.workdir);
  const shell = spec.useBash ? 'bash -l' : 'sh';
  return [
    '#!/bin/sh',
    '# Written by TuneLab: started once per node by srun.',
    `jobdir=${quote(spec.jobDir)}`,
    'NODE_RANK=${SLURM_NODEID:-0}',
    'export NODE_RANK',
    'printf "MASTER_ADDR=%s\\nMASTER_PORT=%s\\nNNODES=%s\\nNODE_RANK=%s\\nHOST=%s\\n" "$MASTER_ADDR" "$MASTER_PORT" "$NNODES" "$NODE_RANK" "$(hostname)" > "$jobdir/node-$NODE_RANK.env"',
    `cd ${quote(spec.workdir)} || { echo "tunelab: cannot enter the working directory" >&2; exit 126; }`,
    `if [ "$NODE_RANK" = 0 ]; then exec ${shell} "$jobdir/command.sh"; fi`,
    `exec ${shell} "$jobdir/command.sh" > "$jobdir/node-$NODE_RANK.log" 2>&1`,
    '',
  ].join('\n');
}

/**
 * The command template as each node runs it. The rendezvous flags refer to the variables the
 * batch script exports (never to a user value), and the template itself then goes through
 * commandForShell like any other, so its placeholders stay variables.
 */
export function launcherTemplate(launcher: SlurmLauncher, template: string): string {
  switch (launcher) {
    case 'torchrun':
      return `torchrun --nnodes="$NNODES" --node_rank="$NODE_RANK" --nproc_per_node="$NPROC_PER_NODE" --master_addr="$MASTER_ADDR" --master_port="$MASTER_PORT" ${template}`;
    case 'accelerate':
      return `accelerate launch --num_machines="$NNODES" --machine_rank="$NODE_RANK" --num_processes="$((NNODES * NPROC_PER_NODE))" --main_process_ip="$MASTER_ADDR" --main_process_port="$MASTER_PORT" ${template}`;
    default:
      return template;
  }
}

/** Environment the launcher needs on top of the rendezvous variables. */
export function launcherEnv(launcher: SlurmLauncher): Record<string, string> {
  // LLaMA-Factory only goes multi-node through torchrun, which it starts itself when forced.
  return launcher === 'llamafactory' ? { FORCE_TORCHRUN: '1' } : {};
}

/** The launcher a command template suggests (the settings' default is LLaMA-Factory's). */
export function guessLauncher(template: string): SlurmLauncher {
  const first = template.trim().split(/\s+/)[0] ?? '';
  if (first === 'llamafactory-cli' || first === 'lmf') return 'llamafactory';
  if (first === 'accelerate' || first === 'torchrun') return 'plain';
  if (/^-m$|\.py$/.test(first)) return 'torchrun';
  return 'plain';
}
