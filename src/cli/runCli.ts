import { checkCommand, CHECK_USAGE } from './checkCommand';
import { cleanCommand, CLEAN_USAGE } from './cleanCommand';
import type { CliIo } from './cliIo';
import { diversifyCommand, DIVERSIFY_USAGE } from './diversifyCommand';
import { EXIT_OK, EXIT_USAGE, UsageError } from './cliIo';
import { jobCommand, JOB_USAGE } from './job/jobCommand';
import { preflightCommand, PREFLIGHT_USAGE } from './preflightCommand';
import { reviewCommand, REVIEW_USAGE } from './reviewCommand';
import { version } from './version';

const USAGE = `Usage: tunelab <command> [options]

Commands:
  check <files|dirs…>       check datasets and print findings (text, JSON or SARIF)
  clean <input> -o <output> write a copy of a dataset without the flagged records
  diversify <in> -o <out>   keep only the candidates unlike the rest in meaning (embeddings)
  preflight <config>        check a training run as a whole: data, tokens, run plan, memory
  job <command>             launch, follow, list and cancel training jobs on GPU hosts over SSH
  review summary <dataset>  reviewers' progress, acceptance and per-record mean scores
  version                   print the version
  help [command]            show help

Run 'tunelab <command> --help' for a command's options.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
`;

interface Command {
  run(args: readonly string[], io: CliIo): Promise<number>;
  usage: string;
}

/** The command table: adding a command is one entry here and its own file. */
const COMMANDS: Record<string, Command> = {
  check: { run: checkCommand, usage: CHECK_USAGE },
  clean: { run: cleanCommand, usage: CLEAN_USAGE },
  diversify: { run: diversifyCommand, usage: DIVERSIFY_USAGE },
  preflight: { run: preflightCommand, usage: PREFLIGHT_USAGE },
  job: { run: jobCommand, usage: JOB_USAGE },
  review: { run: reviewCommand, usage: REVIEW_USAGE },
};
const VERSION_FLAGS = ['version', '-v', '--version'];
const HELP_FLAGS = ['help', '-h', '--help'];

function commandFor(name: string | undefined): Command | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const entry = commandFor(command);
    if (entry) return await entry.run(rest, io);
    if (command === undefined) {
      io.stderr.write(USAGE);
      return EXIT_USAGE;
    }
    if (VERSION_FLAGS.includes(command)) {
      io.stdout.write(`${version}\n`);
      return EXIT_OK;
    }
    if (HELP_FLAGS.includes(command)) {
      io.stdout.write(commandFor(rest[0])?.usage ?? USAGE);
      return EXIT_OK;
    }
    io.stderr.write(`tunelab: unknown command '${command}'\n\n${USAGE}`);
    return EXIT_USAGE;
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`tunelab: ${(error as Error).message}\n${commandFor(command)?.usage ?? USAGE}`);
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
