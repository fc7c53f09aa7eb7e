import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Client, utils } from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, ClientChannel, ConnectConfig, ParsedKey, SFTPWrapper } from 'ssh2';
import type { ExplainedError } from '../../core/jobs/hosts/connectionErrors';
import { badProxyJump, explainConnectionError, hostKeyNotTrusted } from '../../core/jobs/hosts/connectionErrors';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { parseTarget } from '../../core/jobs/hosts/sshHosts';

/** Asks for secrets only when needed; undefined means the user cancelled. */
export interface Credentials {
  passphrase(keyPath: string, attempt: number): Promise<string | undefined>;
  password(where: string, attempt: number): Promise<string | undefined>;
}

export interface ConnectOptions {
  credentials: Credentials;
  /** Decides whether to trust a host key (known_hosts, trust store, asking the user). */
  verifyHostKey(host: string, port: number, keyType: string, key: Buffer): Promise<boolean>;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. */
  agent?: string;
  /** Resolves a ProxyJump hop given as an ssh config alias. */
  resolveHop?(name: string): HostTarget;
  /** Why the last host key was refused (a changed or revoked key), for the error message. */
  hostKeyRefusal?(): ExplainedError | undefined;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
}

/** A connection failure, explained (see explainConnectionError). */
export class SshError extends Error {
  constructor(readonly explained: ExplainedError) {
    super(explained.message.replace(/\{(\d+)\}/g, (_m, i: string) => String(explained.args[Number(i)])));
    this.name = 'SshError';
  }
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * One SSH connection (through ProxyJump hops if configured): scripts run by `sh -s` with the
 * script on standard input, streams for following files, SFTP uploads.
 */
export class SshSession {
  private sftpClient: Promise<SFTPWrapper> | undefined;
  private closedReason: Error | undefined;
  readonly closed: Promise<Error | undefined>;

  private constructor(
    private readonly client: Client,
    private readonly hops: SshSession[],
    readonly where: string,
  ) {
    this.closed = new Promise((resolve) => {
      client.on('error', (error) => {
        this.closedReason = error;
      });
      client.on('close', () => resolve(this.closedReason ?? new Error('Connection lost')));
    });
  }

  static async connect(target: HostTarget, options: ConnectOptions): Promise<SshSession> {
    const chain = [
      ...(target.proxyJump ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((spec) => resolveHop(spec, options)),
      target,
    ];
    const hops: SshSession[] = [];
    let sock: Readable | undefined;
    try {
      for (let i = 0; ; i++) {
        if (i === chain.length - 1) return await SshSession.open(chain[i], options, sock, hops);
        const hop = await SshSession.open(chain[i], options, sock, []);
        hops.push(hop);
        sock = await hop.forward(chain[i + 1].host, chain[i + 1].port);
      }
    } catch (error) {
      for (const hop of hops.reverse()) hop.close();
      throw error;
    }
  }

  private static open(target: HostTarget, options: ConnectOptions, sock: Readable | undefined, hops: SshSession[]): Promise<SshSession> {
    const user = target.user ?? userInfo().username;
    const where = `${user}@${target.host}:${target.port}`;
    const timeout = options.readyTimeoutMs ?? 15_000;
    const client = new Client();
    let hostKeyRefused = false;
    // A verifier that failed (could not read known_hosts, could not ask) is reported as such.
    let verifyError: Error | undefined;
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: user,
      sock,
      readyTimeout: timeout,
      keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        const settle = (valid: boolean) => {
          hostKeyRefused = !valid;
          verify(valid);
        };
        options.verifyHostKey(target.host, target.port, keyTypeOf(key), key).then(settle, (error: unknown) => {
          verifyError = error instanceof Error ? error : new Error(String(error));
          settle(false);
        });
      },
      // ssh2 stops trying when the handler answers false; its types only list methods.
      authHandler: authSequence(target, user, where, options) as unknown as ConnectConfig['authHandler'],
    };
    return new Promise((resolve, reject) => {
      const onError = (error: Error & { level?: string; code?: string }) => {
        client.removeListener('ready', onReady);
        client.end();
        if (verifyError)
          reject(new SshError(explainConnectionError({ message: `host key check failed: ${verifyError.message}` }, where, Math.round(timeout / 1000))));
        else if (hostKeyRefused) reject(new SshError(options.hostKeyRefusal?.() ?? hostKeyNotTrusted(where)));
        else reject(new SshError(explainConnectionError(error, where, Math.round(timeout / 1000))));
      };
      const onReady = () => {
        client.removeListener('error', onError);
        resolve(new SshSession(client, hops, where));
      };
      client.once('ready', onReady);
      client.once('error', onError);
      client.connect(config);
    });
  }

  /** Runs a POSIX sh script (sent on stdin to `sh -s`); resolves with its output and exit code. */
  exec(script: string, options: { timeoutMs?: number } = {}): Promise<{ stdout: string; stderr: string; code: number | undefined }> {
    return new Promise((resolve, reject) => {
      this.client.exec('sh -s', (error, channel) => {
        if (error) return reject(error);
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let timer: ReturnType<typeof setTimeout> | undefined;
        if (options.timeoutMs) timer = setTimeout(() => channel.close(), options.timeoutMs);
        channel.on('data', (d: Buffer) => out.push(d));
        channel.stderr.on('data', (d: Buffer) => err.push(d));
        channel.on('close', (code: number | undefined) => {
          if (timer) clearTimeout(timer);
          resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? undefined });
        });
        channel.end(script);
      });
    });
  }

  /** Runs a script whose output is a stream (tail -F); `done` settles when the remote command ends or the link drops. */
  stream(script: string, onData: (chunk: Buffer) => void): { done: Promise<number | undefined>; close(): void } {
    let channelRef: ClientChannel | undefined;
    const done = new Promise<number | undefined>((resolve, reject) => {
      this.client.exec('sh -s', (error, channel) => {
        if (error) return reject(error);
        channelRef = channel;
        channel.on('data', onData);
        channel.stderr.on('data', () => undefined);
        channel.on('close', (code: number | undefined) => resolve(code ?? undefined));
        channel.end(script);
      });
      void this.closed.then((reason) => reject(reason ?? new Error('Connection lost')));
    });
    return { done, close: () => channelRef?.close() };
  }

  async upload(localPath: string, remotePath: string, mode = 0o644): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => sftp.fastPut(localPath, remotePath, { mode }, (error) => (error ? reject(error) : resolve())));
  }

  async writeFile(remotePath: string, content: string, mode = 0o644): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => sftp.writeFile(remotePath, content, { mode }, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    this.client.end();
    for (const hop of [...this.hops].reverse()) hop.close();
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpClient ??= new Promise((resolve, reject) => this.client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
    return this.sftpClient;
  }

  private forward(host: string, port: number): Promise<Readable> {
    return new Promise((resolve, reject) => this.client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => (error ? reject(error) : resolve(channel))));
  }
}

function resolveHop(spec: string, options: ConnectOptions): HostTarget {
  const literal = parseTarget(spec);
  if (options.resolveHop && literal && !literal.user && !literal.port) return options.resolveHop(literal.host);
  if (!literal) throw new SshError(badProxyJump(spec));
  return { name: spec, host: literal.host, port: literal.port ?? 22, user: literal.user, identityFiles: [], origin: 'literal' };
}

/**
 * Authentication in ssh's order: the agent, then each key file (asking for the passphrase of an
 * encrypted one, up to three tries), then a password (up to three tries).
 */
function authSequence(target: HostTarget, user: string, where: string, options: ConnectOptions) {
  const agent = options.agent ?? process.env.SSH_AUTH_SOCK;
  const keyFiles = (target.identityFiles.length ? target.identityFiles : DEFAULT_KEYS.map((k) => join('~', '.ssh', k)))
    .map(expandHome)
    .filter((p) => existsSync(p));
  const steps: Array<() => Promise<AnyAuthMethod | undefined>> = [];
  if (agent) steps.push(() => Promise.resolve({ type: 'agent', username: user, agent }));
  for (const path of keyFiles) steps.push(() => keyMethod(path, user, options.credentials));
  for (let attempt = 1; attempt <= 3; attempt++) {
    steps.push(async () => {
      const password = await options.credentials.password(where, attempt);
      return password === undefined ? undefined : { type: 'password', username: user, password };
    });
  }
  let next = 0;
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, callback: (method: AnyAuthMethod | false) => void) => {
    const advance = async (): Promise<AnyAuthMethod | false> => {
      while (next < steps.length) {
        const method = await steps[next++]();
        if (!method) continue;
        const needed = method.type === 'agent' ? 'publickey' : method.type;
        if (methodsLeft && !methodsLeft.includes(needed)) continue;
        return method;
      }
      return false;
    };
    advance().then(callback, () => callback(false));
  };
}

async function keyMethod(path: string, user: string, credentials: Credentials): Promise<AnyAuthMethod | undefined> {
  const data = readFileSync(path);
  let parsed = utils.parseKey(data);
  for (let attempt = 1; parsed instanceof Error && /passphrase/i.test(parsed.message) && attempt <= 3; attempt++) {
    const passphrase = await credentials.passphrase(path, attempt);
    if (passphrase === undefined) return undefined;
    parsed = utils.parseKey(data, passphrase);
  }
  if (parsed instanceof Error) return undefined;
  const key: ParsedKey = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed;
  return { type: 'publickey', username: user, key };
}

function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

/** The key type named at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`…). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('ascii');
}
