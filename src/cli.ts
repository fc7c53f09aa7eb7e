import { runCli } from './cli/runCli';

// `tunelab check … | head`: a closed pipe ends the command quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The `tunelab` command. Exit codes: 0 clean, 1 findings at/above --fail-on, 2 usage or I/O error.
// Ctrl-C: the first one asks long commands (job follow, clean) to stop cleanly (clean removes
// its temporary file), a second one exits. SIGTERM stops clean the same way.
const interrupted = new AbortController();
const stopsCleanly = process.argv[2] === 'job' || process.argv[2] === 'clean';
process.on('SIGINT', () => {
  if (interrupted.signal.aborted || !stopsCleanly) process.exit(130);
  interrupted.abort();
});
if (process.argv[2] === 'clean') process.on('SIGTERM', () => interrupted.abort());

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin, signal: interrupted.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`tunelab: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
