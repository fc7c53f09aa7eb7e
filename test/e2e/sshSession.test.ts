import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quote } from '../../src/core/jobs/remote/shellQuote';
import { SshError, SshSession } from '../../src/adapters/ssh2/sshSession';
import type { TestSshServer } from '../support/sshServer';
import type { ConnectSpy } from './e2eHelpers';
import { connectTo, startServerOrSkip } from './e2eHelpers';

describe('SSH sessions against a real sshd', function () {
  this.timeout(60_000);
  let server: TestSshServer;
  before(async function () {
    server = await startServerOrSkip(this);
  });
  after(async () => server?.stop());

  it('connects with a key, verifying the host key against known_hosts, and runs sh scripts', async () => {
    const session = await connectTo(server);
    try {
      const result = await session.exec('echo "hello $((20 + 22))"\nexit 3\n');
      assert.equal(result.stdout, 'hello 42\n');
      assert.equal(result.code, 3);
    } finally {
      session.close();
    }
  });

  it('authenticates through ssh-agent when no key file is usable', async () => {
    // A real ssh-agent holding the client key; the target names no key file that exists.
    const started = execFileSync('ssh-agent', ['-s'], { encoding: 'utf8' });
    const socket = /SSH_AUTH_SOCK=([^;]+);/.exec(started)?.[1];
    const pid = Number(/SSH_AGENT_PID=(\d+);/.exec(started)?.[1]);
    assert.ok(socket && pid, started);
    try {
      execFileSync('ssh-add', [server.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const asked: string[] = [];
      const session = await SshSession.connect(
        { name: 'agent', host: '127.0.0.1', port: server.port, user: server.user, identityFiles: [join(tmpdir(), 'no-such-key')], origin: 'literal' },
        {
          agent: socket,
          verifyHostKey: () => Promise.resolve(true),
          credentials: {
            passphrase: (path) => (asked.push(path), Promise.resolve(undefined)),
            password: (where) => (asked.push(where), Promise.resolve(undefined)),
          },
          readyTimeoutMs: 5000,
        },
      );
      try {
        assert.equal((await session.exec('echo agent-ok\n')).stdout, 'agent-ok\n');
      } finally {
        session.close();
      }
      assert.deepEqual(asked, [], 'nothing was asked: the agent answered');
    } finally {
      process.kill(pid);
    }
  });

  it('asks for the passphrase of an encrypted key, and again after a wrong one', async () => {
    const spy: ConnectSpy = { asked: [], passphrases: [] };
    const session = await connectTo(server, { identity: server.encryptedClientKey, passphrases: ['wrong', server.passphrase], spy });
    session.close();
    assert.deepEqual(spy.passphrases, ['wrong', server.passphrase]);
  });

  it('shows the SHA256 fingerprint of an unknown host and refuses when the user says no', async () => {
    const spy: ConnectSpy = { asked: [], passphrases: [] };
    await assert.rejects(
      connectTo(server, { knownHosts: [], answer: 'reject', spy }),
      (error: unknown) => error instanceof SshError && error.explained.kind === 'host-key-unknown',
    );
    const expected = execFileSync('ssh-keygen', ['-lf', join(server.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1];
    assert.deepEqual(spy.asked, [{ where: `[127.0.0.1]:${server.port}`, keyType: 'ssh-ed25519', fingerprint: expected }]);
  });

  it('remembers a host trusted always (hashed, in its own store) and does not ask again', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'tunelab-trust-')), 'known_hosts');
    const first: ConnectSpy = { asked: [], passphrases: [] };
    (await connectTo(server, { knownHosts: [], trustStore: store, answer: 'always', spy: first })).close();
    assert.equal(first.asked.length, 1);
    assert.match(readFileSync(store, 'utf8'), /^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    const second: ConnectSpy = { asked: [], passphrases: [] };
    (await connectTo(server, { knownHosts: [], trustStore: store, answer: 'reject', spy: second })).close();
    assert.equal(second.asked.length, 0);
  });

  it('explains refused connections and unknown host names', async () => {
    const closed = { ...server, port: 1 } as TestSshServer;
    await assert.rejects(
      connectTo(closed),
      (error: unknown) => error instanceof SshError && error.explained.kind === 'refused' && /refused the connection/.test(error.message),
    );
    await assert.rejects(
      SshSession.connect(
        { name: 'x', host: 'no-such-host.invalid', port: 22, identityFiles: [], origin: 'literal' },
        {
          agent: '',
          verifyHostKey: () => Promise.resolve(false),
          credentials: { passphrase: () => Promise.resolve(undefined), password: () => Promise.resolve(undefined) },
          readyTimeoutMs: 5000,
        },
      ),
      (error: unknown) => error instanceof SshError && error.explained.kind === 'dns',
    );
  });

  it('passes hostile file names through quoting untouched, with nothing injected', async () => {
    const session = await connectTo(server);
    const base = mkdtempSync(join(tmpdir(), 'tunelab-hostile-'));
    // Were anything interpreted, the touch commands would create PWNED files in `base` (the cwd).
    const names = ["a b'c;$(touch PWNED)", 'back`touch PWNED`tick', 'line\nbreak;touch PWNED', '中文 配置.yaml', '-rf', '$HOME', '"dq"\\', "it's; rm -rf ~"];
    try {
      for (const name of names) {
        const path = join(base, name);
        const result = await session.exec(`cd ${quote(base)}\nprintf %s ${quote('content of ' + name)} > ${quote(path)}\ncat -- ${quote(path)}\n`);
        assert.equal(result.stdout, `content of ${name}`, name);
        assert.ok(existsSync(path), name);
      }
      const local = join(base, 'local source');
      writeFileSync(local, 'uploaded');
      await session.upload(local, join(base, names[0] + '.up'));
      assert.equal(readFileSync(join(base, names[0] + '.up'), 'utf8'), 'uploaded');
      assert.ok(!existsSync(join(base, 'PWNED')), 'nothing was executed');
    } finally {
      session.close();
    }
  });

  it('refuses a host whose key changed, saying why', async () => {
    await server.changeHostKey();
    await assert.rejects(
      connectTo(server),
      (error: unknown) => error instanceof SshError && error.explained.kind === 'host-key-mismatch' && /has changed/.test(error.message),
    );
  });
});
