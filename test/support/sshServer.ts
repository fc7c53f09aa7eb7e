import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real OpenSSH server on 127.0.0.1 for the tests: a temporary host key, client keys (one
 * plain, one with a passphrase) in its authorized_keys, logins as the current user. Started
 * and stopped by the test run; nothing outside its temporary folder is touched (except
 * /run/sshd, which sshd needs as root).
 */
export class TestSshServer {
  readonly user = userInfo().username;
  readonly clientKey: string;
  readonly encryptedClientKey: string;
  readonly passphrase = 'correct horse battery staple';
  readonly knownHosts: string;
  private readonly extraConfig: string[] = [];
  private process: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.clientKey = join(dir, 'client_ed25519');
    this.encryptedClientKey = join(dir, 'client_encrypted');
    this.knownHosts = join(dir, 'known_hosts');
  }

  static sshdPath(): string | undefined {
    for (const candidate of ['/usr/sbin/sshd', '/usr/local/sbin/sshd']) {
      try {
        execFileSync(candidate, ['-V'], { stdio: 'ignore' });
        return candidate;
      } catch (error) {
        // `sshd -V` exits non-zero on some versions but still exists
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return candidate;
      }
    }
    return undefined;
  }

  /**
   * `fakeGpus`: sessions find a stand-in `nvidia-smi` first on their PATH (no GPU exists here),
   * answering the GPU query with two A100s in nvidia-smi's CSV format.
   */
  static async start(options: { fakeGpus?: boolean; env?: Record<string, string> } = {}): Promise<TestSshServer> {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-sshd-'));
    chmodSync(dir, 0o755);
    const server = new TestSshServer(dir, await freePort());
    // `env`: variables every session sees (SLURM_CONF for the test cluster), set by sshd itself.
    const env = { ...options.env };
    if (options.fakeGpus) {
      mkdirSync(join(dir, 'bin'));
      writeFileSync(
        join(dir, 'bin', 'nvidia-smi'),
        '#!/bin/sh\nprintf "0, NVIDIA A100-SXM4-80GB, 81920, 1024, 80896, 3\\n1, NVIDIA A100-SXM4-80GB, 81920, 40960, 40960, 57\\n"\n',
        { mode: 0o755 },
      );
      env.PATH = `${join(dir, 'bin')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
    }
    if (Object.keys(env).length)
      server.extraConfig.push(
        `SetEnv ${Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
    server.keygen('host_ed25519', '');
    server.keygen('client_ed25519', '');
    server.keygen('client_encrypted', server.passphrase);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${server.clientKey}.pub`, 'utf8') + readFileSync(`${server.encryptedClientKey}.pub`, 'utf8'));
    chmodSync(join(dir, 'authorized_keys'), 0o600);
    server.writeKnownHosts();
    await server.launch();
    return server;
  }

  /** The host key's public blob, as a client sees it. */
  hostKeyBlob(): Buffer {
    return Buffer.from(readFileSync(join(this.dir, 'host_ed25519.pub'), 'utf8').split(/\s+/)[1], 'base64');
  }

  /** Replaces the host key and restarts: clients that knew the old one must refuse. */
  async changeHostKey(): Promise<void> {
    await this.stop(false);
    rmSync(join(this.dir, 'host_ed25519'));
    rmSync(join(this.dir, 'host_ed25519.pub'));
    this.keygen('host_ed25519', '');
    await this.launch();
  }

  /** Kills the per-connection sshd processes (the listener stays): every session drops at once. */
  killSessions(): number {
    const listener = this.process?.pid;
    if (!listener) return 0;
    let killed = 0;
    for (const pid of childrenOf(listener)) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        /* already gone */
      }
    }
    return killed;
  }

  sshdLog(): string {
    return this.log;
  }

  async stop(removeFiles = true): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (removeFiles) rmSync(this.dir, { recursive: true, force: true });
  }

  private keygen(name: string, passphrase: string): void {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', `tunelab-test-${name}`, '-f', join(this.dir, name)], { stdio: 'ignore' });
  }

  private writeKnownHosts(): void {
    const pub = readFileSync(join(this.dir, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/);
    writeFileSync(this.knownHosts, `[127.0.0.1]:${this.port} ${pub[0]} ${pub[1]}\n`);
  }

  private async launch(): Promise<void> {
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const config = join(this.dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(this.dir, 'host_ed25519')}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin yes',
        'AllowTcpForwarding yes',
        'MaxStartups 100',
        'MaxSessions 100',
        'Subsystem sftp internal-sftp',
        'LogLevel VERBOSE',
        ...this.extraConfig,
        '',
      ].join('\n'),
    );
    const sshd = TestSshServer.sshdPath();
    if (!sshd) throw new Error('sshd is not installed (Debian: openssh-server)');
    const child = spawn(sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      this.log += d.toString('utf8');
    });
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (!(await listening(this.port))) {
      if (child.exitCode !== null) throw new Error(`sshd exited: ${this.log}`);
      if (Date.now() > deadline) throw new Error(`sshd did not listen on ${this.port}: ${this.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}
