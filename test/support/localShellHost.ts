import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { chmod, copyFile, writeFile } from 'node:fs/promises';
import type { RemoteHost } from '../../src/core/jobs/remoteHost';

/**
 * A RemoteHost that runs its scripts on this machine, with `sh -s` in a temporary home
 * folder: the jobs core (launch, status, follow, cancel) tested against a real shell, real
 * files and real processes, without an SSH server. `drop()` stands for the link going down:
 * every command of the connection dies and `closed` settles with an error, as over SSH; the
 * jobs themselves, started detached, run on.
 */
export class LocalShellHost implements RemoteHost {
  readonly closed: Promise<Error | undefined>;
  private settleClosed: (reason: Error | undefined) => void = () => undefined;
  private readonly running = new Set<ChildProcess>();
  private isClosed = false;

  constructor(readonly home: string) {
    this.closed = new Promise((resolve) => (this.settleClosed = resolve));
  }

  exec(script: string, options: { timeoutMs?: number } = {}): Promise<{ stdout: string; stderr: string; code: number | undefined }> {
    return new Promise((resolve, reject) => {
      const child = this.spawnScript(script);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const timer = options.timeoutMs ? setTimeout(() => killGroup(child), options.timeoutMs) : undefined;
      child.stdout?.on('data', (d: Buffer) => out.push(d));
      child.stderr?.on('data', (d: Buffer) => err.push(d));
      child.on('error', reject);
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? undefined });
      });
    });
  }

  stream(script: string, onData: (chunk: Uint8Array) => void): { done: Promise<number | undefined>; close(): void } {
    const child = this.spawnScript(script);
    const done = new Promise<number | undefined>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => onData(d));
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? undefined));
      // Over SSH a stream's `done` rejects when the connection goes; so here.
      void this.closed.then((reason) => reason && reject(reason));
    });
    return { done, close: () => killGroup(child) };
  }

  async upload(localPath: string, remotePath: string, mode = 0o644): Promise<void> {
    await copyFile(localPath, remotePath);
    await chmod(remotePath, mode);
  }

  async writeFile(remotePath: string, content: string, mode = 0o644): Promise<void> {
    await writeFile(remotePath, content);
    await chmod(remotePath, mode);
  }

  /** The link goes down: the connection's commands die, `closed` settles with an error. */
  drop(): void {
    this.end(new Error('Connection lost'));
  }

  close(): void {
    this.end(undefined);
  }

  /** Commands of this connection still running (a test checks nothing is left behind). */
  get runningCommands(): number {
    return this.running.size;
  }

  private end(reason: Error | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const child of this.running) killGroup(child);
    this.settleClosed(reason);
  }

  private spawnScript(script: string): ChildProcess {
    if (this.isClosed) throw new Error('the connection is closed');
    // Its own process group, so that ending a command ends what it started (tail -F), as closing an SSH channel does.
    const child = spawn('sh', ['-s'], { cwd: this.home, env: { ...process.env, HOME: this.home }, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.running.add(child);
    child.on('close', () => this.running.delete(child));
    child.stdin?.end(script);
    return child;
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
