import { checkCommand, CHECK_USAGE } from './checkCommand';
import { cleanCommand, CLEAN_USAGE } from './cleanCommand';
import { jobCommand, JOB_USAGE } from './job/jobCommand';
import { preflightCommand, PREFLIGHT_USAGE } from './preflightCommand';
import { version } from './version';

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

const USAGE = `Usage: tunelab <command> [options]

Commands:
  check <files|dirs…>       check datasets and print findings (text, JSON or SARIF)
  clean <input> -o <output> write a copy of a dataset without the flagged records
  preflight <config>        check a training run as a whole: data, tokens, run plan, memory
  job <command>             launch, follow, list and cancel training jobs on GPU hosts over SSH
  version                   print the version
  help [command]            show help

Run 'tunelab <command> --help' for a command's options.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
`;

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io);
      case 'clean':
        return await cleanCommand(rest, io);
      case 'preflight':
        return await preflightCommand(rest, io);
      case 'job':
        return await jobCommand(rest, io);
      case 'version':
      case '-v':
      case '--version':
        io.stdout.write(`${version}\n`);
        return EXIT_OK;
      case 'help':
      case '-h':
      case '--help':
        io.stdout.write(rest[0] === 'check' ? CHECK_USAGE : rest[0] === 'clean' ? CLEAN_USAGE : rest[0] === 'job' ? JOB_USAGE : rest[0] === 'preflight' ? PREFLIGHT_USAGE : USAGE);
        return EXIT_OK;
      case undefined:
        io.stderr.write(USAGE);
        return EXIT_USAGE;
      default:
        io.stderr.write(`tunelab: unknown command '${command}'\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`tunelab: ${(error as Error).message}\n${command === 'clean' ? CLEAN_USAGE : command === 'check' ? CHECK_USAGE : command === 'job' ? JOB_USAGE : command === 'preflight' ? PREFLIGHT_USAGE : USAGE}`);
      return EXIT_USAGE;
    }
    // I/O and other failures: a clear message, never a stack trace
    io.stderr.write(`tunelab: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
