import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTarget } from '../../../../src/core/jobs/hosts/sshHosts';
import { JobError } from '../../../../src/core/jobs/jobError';
import type { RemoteJobStatus } from '../../../../src/core/jobs/remote/jobStatus';
import { isValidMasterAddr, normalizeHostGroups, rankEnv, rendezvousOf } from '../../../../src/core/jobs/multihost/multiHostOptions';
import { launchMultiHost } from '../../../../src/core/jobs/multihost/multiHostRunner';
import { combineStatuses, multiHostStatus } from '../../../../src/core/jobs/multihost/multiHostStatus';
import { checkRendezvousPort } from '../../../../src/core/jobs/multihost/portCheck';
import { listenScript, parseListen, parseReach, reachScript } from '../../../../src/core/jobs/multihost/portCheckScripts';
import type { RemoteHost } from '../../../../src/core/jobs/remoteHost';
import { LocalShellHost } from '../../../support/localShellHost';
import { freePort } from '../../../support/sshServer';

const target = (name: string, host = '127.0.0.1', port = 22): HostTarget => ({ name, host, port, identityFiles: [], origin: 'literal' });

function sh(script: string): string {
  return spawnSync('sh', ['-s'], { input: script, encoding: 'utf8' }).stdout;
}

const status = (state: RemoteJobStatus['state'], extra: Partial<RemoteJobStatus> = {}): RemoteJobStatus => ({ label: '0', state, logBytes: 0, ...extra });

describe('multi-host launch: options and rendezvous', () => {
  it('meets at the first host by default, on 29500, and refuses what a shell or torch would misread', () => {
    assert.deepEqual(rendezvousOf([target('a', 'gpu-a.lan'), target('b', 'gpu-b.lan')], { launcher: 'llamafactory' }), {
      masterAddr: 'gpu-a.lan',
      masterPort: 29500,
    });
    assert.deepEqual(rendezvousOf([target('a'), target('b', '10.0.0.2')], { launcher: 'torchrun', masterAddr: 'fd00::1', masterPort: 30000 }), {
      masterAddr: 'fd00::1',
      masterPort: 30000,
    });
    for (const addr of ['a b', "x'y", '$(id)', 'a;b', '`id`', '-oProxyCommand=x', 'a\nb', '', 'a..b'])
      assert.throws(() => rendezvousOf([target('a'), target('b', 'h')], { launcher: 'plain', masterAddr: addr }), JobError, addr);
    assert.throws(
      () => rendezvousOf([target('a', '$(reboot)'), target('b', 'h')], { launcher: 'plain' }),
      JobError,
      'a hostile HostName is not a master address',
    );
    assert.throws(() => rendezvousOf([target('a')], { launcher: 'plain' }), JobError, 'one host');
    assert.throws(() => rendezvousOf([target('a'), target('a2')], { launcher: 'plain' }), JobError, 'the same host twice');
    for (const port of [80, 70000, 1.5]) assert.throws(() => rendezvousOf([target('a'), target('b', 'h')], { launcher: 'plain', masterPort: port }), JobError);
    assert.ok(isValidMasterAddr('192.168.1.10') && isValidMasterAddr('node-1.cluster') && isValidMasterAddr('::1'));
  });

  it('gives every rank the same rendezvous and its own NODE_RANK', () => {
    const r = { masterAddr: 'a', masterPort: 29501 };
    assert.deepEqual(rankEnv(r, 3, 2, 8), { MASTER_ADDR: 'a', MASTER_PORT: '29501', NNODES: '3', NODE_RANK: '2', NPROC_PER_NODE: '8' });
  });

  it('reads tunelab.jobs.hostGroups, keeping the known fields of the right type', () => {
    assert.deepEqual(
      {
        ...normalizeHostGroups({
          pair: { hosts: ['gpu1', ' gpu2 ', 3], masterAddr: '10.0.0.1', masterPort: 29600, sharedWorkdir: true, launcher: 'torchrun' },
          short: ['a', 'b'],
          empty: { hosts: [] },
          bad: 'x',
          odd: { hosts: ['a', 'b'], launcher: 'mpirun', masterPort: '1' },
        }),
      },
      {
        pair: { hosts: ['gpu1', 'gpu2'], masterAddr: '10.0.0.1', masterPort: 29600, sharedWorkdir: true, launcher: 'torchrun' },
        short: { hosts: ['a', 'b'] },
        odd: { hosts: ['a', 'b'] },
      },
    );
    assert.deepEqual({ ...normalizeHostGroups(undefined) }, {});
  });

  it('combines the hosts: running while any runs, finished only when all finished, failed with the first failing code', () => {
    assert.equal(combineStatuses([status('finished'), status('running')]).state, 'running');
    assert.equal(combineStatuses([status('finished', { exitCode: 0 }), status('finished', { exitCode: 0 })]).state, 'finished');
    const failed = combineStatuses([status('finished', { exitCode: 0, endedAt: 5 }), status('failed', { exitCode: 3, endedAt: 9 })]);
    assert.deepEqual([failed.state, failed.exitCode, failed.endedAt], ['failed', 3, 9]);
    assert.equal(combineStatuses([status('cancelled'), status('cancelled')]).state, 'cancelled');
    assert.equal(combineStatuses([status('finished'), status('lost')]).state, 'lost');
    assert.equal(combineStatuses([status('missing'), status('missing')]).state, 'missing');
    assert.equal(combineStatuses([status('running', { pid: 11, logBytes: 7 }), status('running', { pid: 99 })]).pid, 11, "rank 0's pid");
  });
});

describe('multi-host pre-check scripts, run by a real sh', () => {
  it('reaches a port something listens on, and not one nothing listens on', async () => {
    const server = createServer((c) => c.destroy());
    const open = await freePort();
    await new Promise<void>((resolve) => server.listen(open, '127.0.0.1', resolve));
    try {
      assert.equal(parseReach(sh(reachScript('127.0.0.1', open, 3))).state, 'ok');
    } finally {
      server.close();
    }
    const closed = await freePort();
    assert.deepEqual(parseReach(sh(reachScript('127.0.0.1', closed, 3))), { state: 'no', via: 'bash' });
  });

  it('runs nothing from a hostile address even when it reaches the script unchecked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-multihost-hostile-'));
    const mark = join(dir, 'pwned');
    for (const addr of [`$(touch ${mark})`, `\`touch ${mark}\``, `x; touch ${mark}`, `x' ; touch ${mark}; '`, `x\ntouch ${mark}`]) {
      const said = sh(reachScript(addr, 1, 1));
      assert.match(said, /reach=no/, addr);
    }
    assert.ok(!existsSync(mark));
  });

  it('listens, and says when the port is taken', async () => {
    const port = await freePort();
    const host = new LocalShellHost(mkdtempSync(join(tmpdir(), 'tunelab-listen-')));
    let said = '';
    const listener = host.stream(listenScript(port, 1, 5, false), (c) => (said += Buffer.from(c).toString()));
    const deadline = Date.now() + 10_000;
    while (!said.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(parseListen(said).state, 'ok');
    assert.equal(parseReach(sh(reachScript('127.0.0.1', port, 3))).state, 'ok');
    await listener.done;
    assert.match(said, /accepted=1/);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      assert.equal(parseListen(sh(listenScript(port, 1, 1, false))).state, 'busy');
    } finally {
      blocker.close();
    }
  });

  it('names the host that cannot reach the master, and the address', async () => {
    const port = await freePort();
    // The master says it listens but does not (a firewall in between, as far as the other host can tell).
    const local = new LocalShellHost(mkdtempSync(join(tmpdir(), 'tunelab-m-')));
    const master: RemoteHost = {
      exec: (s) => local.exec(s),
      upload: (a, b) => local.upload(a, b),
      writeFile: (a, b) => local.writeFile(a, b),
      closed: local.closed,
      close: () => local.close(),
      stream: (_s, onData) => {
        onData(new TextEncoder().encode('listen=ok\n'));
        return { done: new Promise(() => undefined), close: () => undefined };
      },
    };
    const other = new LocalShellHost(mkdtempSync(join(tmpdir(), 'tunelab-o-')));
    await assert.rejects(
      checkRendezvousPort([master, other], [target('gpu-a'), target('gpu-b')], { masterAddr: '127.0.0.1', masterPort: port }, 2),
      (error: unknown) => error instanceof JobError && error.args[0] === 'gpu-b' && error.args[1] === `127.0.0.1:${port}`,
    );
    other.close();
  });
});

describe('multi-host launch on two local shells', function () {
  this.timeout(30_000);
  const trainerDir = mkdtempSync(join(tmpdir(), 'tunelab-mh-trainer-'));
  const trainer = join(trainerDir, 't.sh');
  writeFileSync(trainer, 'echo "$NODE_RANK $NNODES $MASTER_ADDR $MASTER_PORT $NPROC_PER_NODE" > "rank-$NODE_RANK"\nexec sleep 30\n');

  function hosts(failStartOn?: number) {
    const all = [0, 1].map((i) => new LocalShellHost(mkdtempSync(join(tmpdir(), `tunelab-mh-home${i}-`))));
    if (failStartOn !== undefined) {
      const host = all[failStartOn];
      const exec = host.exec.bind(host);
      host.exec = (script, options) =>
        script.includes('setsid sh ./run.sh') ? Promise.resolve({ stdout: 'pid=\n', stderr: 'no room', code: 1 }) : exec(script, options);
    }
    return all;
  }

  it('stops the hosts already started when one fails to start', async () => {
    const all = hosts(1);
    let connections = 0;
    await assert.rejects(
      launchMultiHost(
        (t) => {
          connections++;
          return Promise.resolve(all[t.port]);
        },
        {
          targets: [target('one', '127.0.0.1', 0), target('two', '127.0.0.1', 1)],
          workdir: '~/w',
          configRemote: 'c.yaml',
          uploads: [],
          commandTemplate: `sh ${trainer}`,
          env: {},
          multiHost: { launcher: 'plain', masterAddr: '127.0.0.1', masterPort: await freePort() },
        },
        undefined,
        undefined,
        3,
      ),
      (error: unknown) => error instanceof JobError && error.args[0] === 'two',
    );
    assert.equal(connections, 2);
    const jobs = join(all[0].home, 'w', '.tunelab', 'jobs');
    const [id] = readdirSync(jobs);
    const statusOf = await multiHostStatus((t) => Promise.resolve(new LocalShellHost(all[t.port].home)), {
      id,
      target: target('one', '127.0.0.1', 0),
      workdir: join(all[0].home, 'w'),
      jobDir: join(jobs, id),
      configRemote: 'c.yaml',
      command: '',
      createdAt: 0,
      state: 'running',
      multiHost: {
        masterAddr: '127.0.0.1',
        masterPort: 1,
        launcher: 'plain',
        sharedWorkdir: false,
        nodes: [{ rank: 0, target: target('one', '127.0.0.1', 0), workdir: join(all[0].home, 'w'), jobId: id, jobDir: join(jobs, id) }],
      },
    });
    assert.equal(statusOf.state, 'cancelled', 'rank 0 was stopped');
    assert.match(readFileSync(join(all[0].home, 'w', 'rank-0'), 'utf8'), /^0 2 127\.0\.0\.1 \d+ 1\n$/);
  });
});
