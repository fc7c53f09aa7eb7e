import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseSacct, parseSbatchParsable, parseScontrolJob, parseSqueue } from '../../../../../src/core/jobs/slurm/slurmParse';
import { parseSlurmStatus } from '../../../../../src/core/jobs/slurm/slurmRunner';
import { scancelScript, slurmStatusScript, slurmWatcher, submitScript } from '../../../../../src/core/jobs/slurm/slurmScripts';
import { normalizeSlurmHosts, slurmOptionsOf } from '../../../../../src/core/jobs/slurm/slurmOptions';
import { jobStateOfSlurm, pickSlurmInfo, slurmDetail } from '../../../../../src/core/jobs/slurm/slurmState';

const SCONTROL_DONE =
  'JobId=41 JobName=tunelab-x UserId=u(1000) GroupId=u(1000) MCS_label=N/A Priority=1 Nice=0 Account=(null) QOS=(null) JobState=TIMEOUT Reason=TimeLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:15 RunTime=00:01:02 TimeLimit=00:01:00 NodeList=node[1-2] BatchHost=node1 NumNodes=2 NumCPUs=2 Command=/w/a b/slurm.sh WorkDir=/w/a JobState=COMPLETED';

describe('Slurm output parsers', () => {
  it('reads the job id sbatch --parsable prints, after any warning', () => {
    assert.equal(parseSbatchParsable('123\n'), '123');
    assert.equal(parseSbatchParsable('sbatch: warning: something\n4567;cluster-a\n'), '4567');
    assert.equal(parseSbatchParsable('Submitted batch job 5\n'), undefined);
    assert.equal(parseSbatchParsable(''), undefined);
  });

  it('reads squeue lines in the explicit format, only for the asked job', () => {
    assert.deepEqual(parseSqueue('40|RUNNING|None|2|node[1-2]\n41|PENDING|Resources|2|\n', '41'), {
      state: 'PENDING',
      reason: 'Resources',
      nodes: 2,
      nodeList: undefined,
    });
    assert.deepEqual(parseSqueue('41|RUNNING|None|2|node[1-2]\n', '41'), { state: 'RUNNING', reason: undefined, nodes: 2, nodeList: 'node[1-2]' });
    assert.equal(parseSqueue('410|RUNNING|None|1|n\n', '41'), undefined);
    assert.equal(parseSqueue('', '41'), undefined);
  });

  it('reads sacct states, who cancelled, exit codes and signals; the last line of a requeued job', () => {
    assert.deepEqual(parseSacct('41|CANCELLED by 1000|0:15|2|node[1-2]\n', '41'), {
      state: 'CANCELLED',
      cancelledBy: '1000',
      exitCode: 0,
      signal: 15,
      nodes: 2,
      nodeList: 'node[1-2]',
    });
    assert.equal(parseSacct('41|OUT_OF_MEMORY|0:125|1|n1\n', '41')?.state, 'OUT_OF_MEMORY');
    assert.equal(parseSacct('41|NODE_FAIL|1:0|1|n1\n', '41')?.state, 'NODE_FAIL');
    assert.deepEqual(parseSacct('41|FAILED|2:0|1|n1\n', '41')?.exitCode, 2);
    assert.equal(parseSacct('41|NODE_FAIL|0:0|1|n1\n41|COMPLETED|0:0|1|n2\n', '41')?.state, 'COMPLETED');
    assert.equal(parseSacct('41.batch|COMPLETED|0:0|1|n1\n', '41'), undefined);
  });

  it('reads scontrol show job when accounting is off, the first JobState only', () => {
    assert.deepEqual(parseScontrolJob(SCONTROL_DONE, '41'), {
      state: 'TIMEOUT',
      reason: 'TimeLimit',
      exitCode: 0,
      signal: 15,
      nodes: 2,
      nodeList: 'node[1-2]',
    });
    assert.equal(parseScontrolJob(SCONTROL_DONE, '4'), undefined);
    assert.equal(parseScontrolJob('slurm_load_jobs error: Invalid job id specified', '41'), undefined);
  });

  it('maps Slurm states to job states; an active squeue wins, then sacct, then scontrol', () => {
    const states = ['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'WEIRD'];
    assert.deepEqual(
      states.map((state) => jobStateOfSlurm({ state })),
      ['pending', 'running', 'running', 'running', 'finished', 'cancelled', 'failed', 'failed', 'failed', 'failed', 'lost'],
    );
    assert.equal(pickSlurmInfo({ state: 'RUNNING' }, { state: 'COMPLETED' }, undefined)?.state, 'RUNNING');
    assert.equal(pickSlurmInfo({ state: 'COMPLETED' }, { state: 'FAILED' }, { state: 'COMPLETED' })?.state, 'FAILED');
    assert.equal(pickSlurmInfo(undefined, undefined, { state: 'TIMEOUT' })?.state, 'TIMEOUT');
    assert.equal(pickSlurmInfo(undefined, undefined, undefined), undefined);
  });

  it('parses the status blocks, falling back to the job folder when Slurm forgot the job', () => {
    const out = [
      '\x1e0',
      'dir 1',
      'log 12',
      'exit ',
      'started ',
      'ended ',
      'squeue 41|PENDING|Priority|2|',
      'position 3',
      '\x1e1',
      'dir 1',
      'log 0',
      'exit ',
      'started 100',
      'ended 160',
      `scontrol ${SCONTROL_DONE.replace('JobId=41', 'JobId=42')}`,
      '\x1e2',
      'dir 1',
      'log 5',
      'exit 0',
      'started 1',
      'ended 2',
      '\x1e3',
      'dir 0',
      'log ',
      'exit ',
      'started ',
      'ended ',
      '',
    ].join('\n');
    const statuses = parseSlurmStatus(out, [{ slurmJobId: '41' }, { slurmJobId: '42' }, { slurmJobId: '43' }, { slurmJobId: '44' }]);
    assert.deepEqual(
      statuses.map((s) => s.state),
      ['pending', 'failed', 'finished', 'missing'],
    );
    assert.deepEqual(statuses[0].slurm, { state: 'PENDING', reason: 'Priority', nodes: 2, nodeList: undefined, position: 3 });
    assert.equal(statuses[0].logBytes, 12);
    assert.equal(statuses[1].slurm?.state, 'TIMEOUT');
    assert.equal(statuses[1].endedAt, 160);
  });

  it('builds login-node scripts that accept only numeric job ids and quote the folder', () => {
    for (const bad of ['1;rm -rf /', '$(id)', '', '12 13', '1\n2']) {
      assert.throws(() => scancelScript(bad, '/w'));
      assert.throws(() => slurmWatcher(bad));
      assert.throws(() => slurmStatusScript([{ jobDir: '/w', slurmJobId: bad }]));
    }
    assert.match(submitScript("/w/it's $(here)"), /^cd '\/w\/it'\\''s \$\(here\)' \|\| exit 1\n/);
    assert.equal(spawnSync('sh', ['-n'], { input: slurmStatusScript([{ jobDir: "/w/a'b", slurmJobId: '7' }]) + slurmWatcher('7') }).status, 0);
  });
});

describe('Slurm settings and state words', () => {
  it('normalises tunelab.jobs.slurm, keeping known fields and leaving judgement to the launch', () => {
    const hosts = normalizeSlurmHosts({
      login: { partition: ' gpu ', nodes: 2, gpusPerNode: '8', launcher: 'torchrun', bogus: 1, qos: 'a b' },
      bad: 'x',
      arr: [],
    });
    assert.deepEqual(Object.keys(hosts), ['login']);
    assert.deepEqual({ ...hosts.login }, { partition: 'gpu', qos: 'a b', nodes: 2, gpusPerNode: 8, launcher: 'torchrun' });
    assert.deepEqual({ ...normalizeSlurmHosts('nope') }, {});
    assert.deepEqual(slurmOptionsOf(hosts.login, { nodes: 4, partition: '' }, 'llamafactory'), {
      partition: 'gpu',
      qos: 'a b',
      nodes: 4,
      gpusPerNode: 8,
      launcher: 'torchrun',
    });
    assert.deepEqual(slurmOptionsOf(undefined, {}, 'llamafactory'), { nodes: 1, launcher: 'llamafactory' });
  });

  it('gives the scheduler word worth showing with each state', () => {
    assert.equal(slurmDetail('pending', { state: 'PENDING', reason: 'QOSMaxJobsPerUserLimit' }), 'QOSMaxJobsPerUserLimit');
    assert.equal(slurmDetail('running', { state: 'RUNNING', nodeList: 'gpu[01-02]' }), 'gpu[01-02]');
    assert.equal(slurmDetail('failed', { state: 'OUT_OF_MEMORY' }), 'OUT_OF_MEMORY');
    assert.equal(slurmDetail('failed', { state: 'FAILED' }), undefined);
    assert.equal(slurmDetail('cancelled', { state: 'CANCELLED', cancelledBy: '1000' }), 'by 1000');
    assert.equal(slurmDetail('finished', undefined), undefined);
  });
});
