import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export interface PromptIo {
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  stderr: NodeJS.WritableStream;
}

/** True when there is a person at a terminal to answer; the CLI never prompts otherwise. */
export function canPrompt(io: PromptIo): boolean {
  return io.stdin?.isTTY === true;
}

/**
 * Asks a question on the terminal (on stderr, so stdout stays clean for JSON). With `hidden`,
 * typed characters are not echoed (passphrases, passwords). Undefined when nobody can answer or
 * the input ends.
 */
export function ask(io: PromptIo, question: string, hidden = false): Promise<string | undefined> {
  const input = io.stdin;
  if (!input || !canPrompt(io)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let muted = false;
    // The prompt is echoed; what is typed after it is not, when hidden.
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (!muted) io.stderr.write(chunk);
        done();
      },
    });
    const rl = createInterface({ input, output, terminal: true });
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      if (hidden) io.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
    muted = hidden;
    rl.on('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}
