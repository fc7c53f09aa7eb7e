import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/runCli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, from `cwd`. */
export async function cli(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  options: { stderrIsTerminal?: boolean; onStdout?: (text: string) => void } = {},
  signal?: AbortSignal,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString('utf8'));
        done();
      },
    });
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const errors = Object.assign(
      sink((s) => (stderr += s)),
      { isTTY: options.stderrIsTerminal === true },
    );
    const code = await runCli(args, {
      stdout: sink((s) => {
        stdout += s;
        options.onStdout?.(stdout);
      }),
      stderr: errors,
      env: { LANG: 'en_US.UTF-8', ...env },
      signal,
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** A temporary folder with the given files (objects are written as JSON Lines when the name ends in .jsonl). */
export function workspace(files: Record<string, string | unknown[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const text =
      typeof content === 'string'
        ? content
        : name.endsWith('.jsonl')
          ? content.map((r) => JSON.stringify(r)).join('\n') + '\n'
          : JSON.stringify(content, null, 2);
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
