/** What the jobs core needs from a connection to a host (implemented over SSH in src/adapters/ssh2). */
export interface RemoteHost {
  /** Runs a POSIX sh script (sent on stdin to `sh -s`). */
  exec(script: string, options?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string; code: number | undefined }>;
  /** Runs a script whose output streams; `done` settles when it ends or the connection drops. */
  stream(script: string, onData: (chunk: Uint8Array) => void): { done: Promise<number | undefined>; close(): void };
  upload(localPath: string, remotePath: string, mode?: number): Promise<void>;
  writeFile(remotePath: string, content: string, mode?: number): Promise<void>;
  /** Settles when the connection closes, with the reason. */
  readonly closed: Promise<Error | undefined>;
  close(): void;
}
