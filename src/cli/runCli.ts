import { version } from './version';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: tunelab <command> [options]

Commands:
  help                 show this help
  version              print the version

Options:
  -h, --help           show this help
  -v, --version        print the version
`;

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return Promise.resolve(runCommand(argv, io));
}

function runCommand(argv: readonly string[], io: CliIo): number {
  const [command] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '-h':
    case '--help':
      io.stdout.write(USAGE);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    case 'version':
    case '-v':
    case '--version':
      io.stdout.write(`${version}\n`);
      return EXIT_OK;
    default:
      io.stderr.write(`tunelab: unknown command '${command}'\n\n${USAGE}`);
      return EXIT_USAGE;
  }
}
