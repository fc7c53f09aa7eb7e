import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandForShell, placeholderEnv } from '../../../../../src/core/jobs/remote/commandTemplate';
import { commandScript } from '../../../../../src/core/jobs/remote/remoteScripts';
import { batchScript, guessLauncher, launcherEnv, launcherTemplate, nodeScript } from '../../../../../src/core/jobs/slurm/batchScript';
import type { SlurmOptions } from '../../../../../src/core/jobs/slurm/slurmOptions';
import { invalidSlurmFields, sbatchDirectives } from '../../../../../src/core/jobs/slurm/slurmOptions';

const base: SlurmOptions = { nodes: 2, launcher: 'llamafactory' };
const HOSTILE = ['a b', "x'y", 'x"y', '$(touch /tmp/pwned)', '`id`', 'a\n#SBATCH --uid=0', 'a;b', 'gpu%j', 'a#b', '${HOME}', '', ' '];

describe('Slurm batch script', () => {
  it('writes literal #SBATCH lines in a fixed order', () => {
    const lines = sbatchDirectives(
      {
        ...base,
        partition: 'gpu,gpu-long',
        account: 'proj_01',
        qos: 'normal',
        time: '1-12:00:00',
        gpusPerNode: 8,
        constraint: 'a100&ib',
        jobName: 'sft.qwen-7b',
      },
      'tunelab-x',
    );
    assert.deepEqual(lines, [
      '#SBATCH --job-name=sft.qwen-7b',
      '#SBATCH --partition=gpu,gpu-long',
      '#SBATCH --account=proj_01',
      '#SBATCH --qos=normal',
      '#SBATCH --time=1-12:00:00',
      '#SBATCH --nodes=2',
      '#SBATCH --ntasks-per-node=1',
      '#SBATCH --gpus-per-node=8',
      '#SBATCH --constraint=a100&ib',
      '#SBATCH --output=output.log',
      '#SBATCH --open-mode=append',
    ]);
    assert.ok(sbatchDirectives({ ...base, gres: 'gpu:a100:4', gpusPerNode: 8 }, 'n').includes('#SBATCH --gres=gpu:a100:4'), 'gres wins over gpus-per-node');
    assert.ok(!sbatchDirectives({ ...base, gpusPerNode: 0 }, 'n').some((l) => l.includes('gpus')));
  });

  it('refuses every hostile value instead of writing it', () => {
    for (const field of ['partition', 'account', 'qos', 'time', 'gres', 'constraint', 'jobName'] as const) {
      for (const value of HOSTILE.filter(Boolean)) {
        assert.deepEqual(
          invalidSlurmFields({ ...base, [field]: value }).map((b) => b.field),
          [field],
          `${field} = ${JSON.stringify(value)}`,
        );
        assert.throws(() => sbatchDirectives({ ...base, [field]: value }, 'n'));
      }
    }
    for (const nodes of [0, -1, 1.5, Number.NaN])
      assert.deepEqual(
        invalidSlurmFields({ ...base, nodes }).map((b) => b.field),
        ['nodes'],
      );
    assert.deepEqual(
      invalidSlurmFields({ ...base, masterPort: 80 }).map((b) => b.field),
      ['masterPort'],
    );
    assert.deepEqual(
      invalidSlurmFields({ ...base, launcher: 'sh -c x' as never }).map((b) => b.field),
      ['launcher'],
    );
    assert.throws(() => sbatchDirectives(base, 'bad name'), /not accepted/);
    for (const time of ['30', '1:00:00', '2-0', '2-04:30', 'UNLIMITED']) assert.deepEqual(invalidSlurmFields({ ...base, time }), []);
  });

  it('sbatch reads only the directives: they end before the first shell line, and a path with a line break is refused', () => {
    const script = batchScript({ options: base, jobDir: "/w/a'b $(x)/.tunelab/jobs/j", workdir: '/w', jobId: 'j', useBash: false });
    const lines = script.split('\n');
    // sbatch stops reading #SBATCH at the first line that is not a comment.
    const header = lines.slice(
      0,
      lines.findIndex((l, i) => i > 0 && !l.startsWith('#')),
    );
    assert.deepEqual(
      header.filter((l) => l.startsWith('#SBATCH')),
      sbatchDirectives(base, 'tunelab-j'),
    );
    assert.throws(
      () => batchScript({ options: base, jobDir: '/w/a\n#SBATCH --uid=0/.tunelab/jobs/j', workdir: '/w', jobId: 'j', useBash: false }),
      /line break/,
    );
    assert.throws(() => nodeScript({ options: base, jobDir: '/w/j', workdir: '/w\r', jobId: 'j', useBash: false }), /line break/);
    // Slurm expands %j and honours backslashes in the log path it derives from the folder.
    for (const dir of ['/w/run%j', '/w/a\\b'])
      assert.throws(() => batchScript({ options: base, jobDir: `${dir}/.tunelab/jobs/j`, workdir: dir, jobId: 'j', useBash: false }), /% or/);
  });

  it('chooses the launcher from the command', () => {
    assert.equal(guessLauncher('llamafactory-cli train {config}'), 'llamafactory');
    assert.equal(guessLauncher('train_sft.py --config {config}'), 'torchrun');
    assert.equal(guessLauncher('accelerate launch -m axolotl.cli.train {config}'), 'plain');
    assert.deepEqual(launcherEnv('llamafactory'), { FORCE_TORCHRUN: '1' });
    assert.deepEqual(launcherEnv('torchrun'), {});
    assert.match(launcherTemplate('torchrun', 'train.py {config}'), /^torchrun --nnodes="\$NNODES" --node_rank="\$NODE_RANK" .* train\.py \{config\}$/);
    assert.match(launcherTemplate('accelerate', '-m axolotl.cli.train {config}'), /--machine_rank="\$NODE_RANK" .*--main_process_ip="\$MASTER_ADDR"/);
  });

  describe('run by a real sh with stand-in srun and scontrol', () => {
    // Folders whose names would run something if any line used them unquoted.
    const root = mkdtempSync(join(tmpdir(), 'tunelab-slurm-'));
    const canary = join(root, 'pwned');
    const workdir = join(root, `work $(touch ${canary}) 'q' \`touch ${canary}\``);
    const jobDir = join(workdir, '.tunelab', 'jobs', 'j1');
    const bin = join(root, 'bin');
    mkdirSync(jobDir, { recursive: true });
    mkdirSync(bin);
    // srun: runs the task once per node, as Slurm would, with SLURM_NODEID set; scontrol: the node list expanded.
    writeFileSync(
      join(bin, 'srun'),
      '#!/bin/sh\nwhile [ "${1#-}" != "$1" ]; do shift; done\nSLURM_NODEID=0 "$@" & SLURM_NODEID=1 "$@"; c=$?; wait $! ; exit $c\n',
      { mode: 0o755 },
    );
    writeFileSync(join(bin, 'scontrol'), '#!/bin/sh\n[ "$1 $2" = "show hostnames" ] && printf "gpu-a01\\ngpu-a02\\n"\n', { mode: 0o755 });

    function run(template: string, launcher: SlurmOptions['launcher']) {
      const spec = { options: { ...base, launcher, gpusPerNode: 4 }, jobDir, workdir, jobId: 'j1', useBash: false };
      writeFileSync(join(jobDir, 'slurm.sh'), batchScript(spec));
      writeFileSync(join(jobDir, 'node.sh'), nodeScript(spec));
      const placeholders = { config: `cfg $(touch ${canary}).yaml`, workdir, output_dir: 'out', job_id: 'j1' };
      writeFileSync(
        join(jobDir, 'command.sh'),
        commandScript({
          commandLine: commandForShell(launcherTemplate(launcher, template)),
          env: { ...launcherEnv(launcher), ...placeholderEnv(placeholders) },
        }),
      );
      return spawnSync('sh', [join(jobDir, 'slurm.sh')], {
        cwd: jobDir,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SLURM_JOB_NODELIST: 'gpu-a[01-02]', SLURM_JOB_NUM_NODES: '2', SLURM_JOB_ID: '77' },
      });
    }

    it('gives every node the same rendezvous and its own NODE_RANK; rank 0 writes to stdout', () => {
      const r = run('echo "rank=$NODE_RANK of $NNODES at $MASTER_ADDR:$MASTER_PORT force=$FORCE_TORCHRUN procs=$NPROC_PER_NODE cfg={config}"', 'llamafactory');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /tunelab: Slurm job 77 on gpu-a\[01-02\], MASTER_ADDR=gpu-a01 MASTER_PORT=29500 NNODES=2/);
      assert.match(r.stdout, /rank=0 of 2 at gpu-a01:29500 force=1 procs=4 cfg=cfg \$\(touch .*\)\.yaml/);
      assert.doesNotMatch(r.stdout, /rank=1/);
      assert.match(readFileSync(join(jobDir, 'node-1.log'), 'utf8'), /rank=1 of 2 at gpu-a01:29500/);
      assert.equal(
        readFileSync(join(jobDir, 'node-1.env'), 'utf8').split('\n').slice(0, 4).join(' '),
        'MASTER_ADDR=gpu-a01 MASTER_PORT=29500 NNODES=2 NODE_RANK=1',
      );
      assert.equal(readFileSync(join(jobDir, 'exit_code'), 'utf8').trim(), '0');
      assert.ok(!existsSync(canary), 'a path or placeholder ran a command');
    });

    it('passes the rendezvous flags to torchrun, and a failing node fails the job', () => {
      writeFileSync(join(bin, 'torchrun'), '#!/bin/sh\necho "torchrun $*"\n[ "$2" != "--node_rank=1" ] || exit 3\n', { mode: 0o755 });
      const r = run('train.py --config {config}', 'torchrun');
      assert.match(r.stdout, /torchrun --nnodes=2 --node_rank=0 --nproc_per_node=4 --master_addr=gpu-a01 --master_port=29500 train\.py --config cfg/);
      assert.equal(r.status, 3);
      assert.equal(readFileSync(join(jobDir, 'exit_code'), 'utf8').trim(), '3');
      assert.ok(!existsSync(canary));
      assert.deepEqual(readdirSync(root).sort(), ['bin', readdirSync(root).find((n) => n.startsWith('work'))].sort());
    });
  });
});
