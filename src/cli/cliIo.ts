/**
 * What every CLI command shares with the dispatcher: its streams, the exit codes and the usage
 * error. A module of its own so that the commands and `runCli` (which imports the commands)
 * do not import each other.
 */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Where prompts read answers (only when it is a terminal). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Aborted on Ctrl-C: long commands (job follow) stop cleanly. */
  signal?: AbortSignal;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: reported with the usage, exit code 2. */
export class UsageError extends Error {}
