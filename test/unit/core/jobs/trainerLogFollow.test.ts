import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrainerLogStream } from '../../../../src/core/jobs/followStreams';
import type { JournalBatch } from '../../../../src/core/jobs/metrics/pointsJournal';
import { readJournal, journalLine } from '../../../../src/core/jobs/metrics/pointsJournal';
import type { FileIdentity, Frame } from '../../../../src/core/jobs/remote/trainerLogFollow';
import { FrameDecoder, parseStaleFile, staleFileScript, trainerLogFollowScript } from '../../../../src/core/jobs/remote/trainerLogFollow';

/** Runs a script as a host does (`sh -s`), returning its raw output. */
function sh(script: string): Buffer {
  const r = spawnSync('sh', ['-s'], { input: script });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout;
}

function frames(out: Buffer): Frame[] {
  return new FrameDecoder().push(out);
}

const line = (step: number, loss = 1) => `{"current_steps": ${step}, "total_steps": 100, "loss": ${loss}}\n`;

describe('following trainer_log.jsonl by file identity (real sh)', () => {
  const dir = mkdtempSync(join(tmpdir(), "tunelab follow 'log' "));
  const file = join(dir, 'trainer_log.jsonl');

  beforeEach(() => rmSync(file, { force: true }));

  it('records a stale log and ignores its bytes, but not what is appended to it', () => {
    writeFileSync(file, line(1, 9) + line(2, 9));
    const stale = parseStaleFile(sh(staleFileScript(file)).toString());
    assert.ok(stale);
    assert.equal(stale.size, line(1, 9).length * 2);
    assert.deepEqual(frames(sh(trainerLogFollowScript(file, 0, undefined, stale, undefined))), [], 'nothing of the earlier run');
    appendFileSync(file, line(1));
    const [frame] = frames(sh(trainerLogFollowScript(file, 0, undefined, stale, undefined)));
    assert.equal(frame.offset, stale.size);
    assert.equal(Buffer.from(frame.data).toString(), line(1));
  });

  it('reads a log that replaced the stale one from its start (same size, other content)', () => {
    writeFileSync(file, line(1, 9));
    const stale = parseStaleFile(sh(staleFileScript(file)).toString());
    writeFileSync(file, line(1, 5)); // same length, truncated and rewritten in place: same inode
    const [frame] = frames(sh(trainerLogFollowScript(file, 0, undefined, stale, undefined)));
    assert.equal(frame.offset, 0);
    assert.equal(Buffer.from(frame.data).toString(), line(1, 5));
  });

  it('says "none" when there is no log yet', () => {
    assert.equal(parseStaleFile(sh(staleFileScript(join(dir, 'absent.jsonl'))).toString()), undefined);
  });

  it('resumes the same file at the offset, and restarts at 0 in a truncated one', () => {
    writeFileSync(file, line(1) + line(2));
    const [first] = frames(sh(trainerLogFollowScript(file, 0, undefined, undefined, undefined)));
    const resumeAt = line(1).length;
    appendFileSync(file, line(3));
    const [resumed] = frames(sh(trainerLogFollowScript(file, resumeAt, first.file, undefined, undefined)));
    assert.equal(resumed.offset, resumeAt);
    assert.equal(Buffer.from(resumed.data).toString(), line(2) + line(3));
    writeFileSync(file, line(4)); // truncated, shorter than the offset
    const [fresh] = frames(sh(trainerLogFollowScript(file, resumeAt * 3, resumed.file, undefined, undefined)));
    assert.equal(fresh.offset, 0);
    assert.equal(Buffer.from(fresh.data).toString(), line(4));
  });

  it('resumes a journal that has an offset but no file identity (written before identities) without re-reading', () => {
    writeFileSync(file, line(1) + line(2));
    const [frame] = frames(sh(trainerLogFollowScript(file, line(1).length, undefined, undefined, undefined)));
    assert.equal(frame.offset, line(1).length);
    assert.equal(Buffer.from(frame.data).toString(), line(2));
  });

  it('decodes frames split at any byte', () => {
    writeFileSync(file, line(1) + line(2));
    const out = Buffer.concat([
      sh(trainerLogFollowScript(file, 0, undefined, undefined, undefined)),
      sh(trainerLogFollowScript(file, 0, undefined, undefined, undefined)),
    ]);
    for (let cut = 0; cut <= out.length; cut += 7) {
      const decoder = new FrameDecoder();
      const got = [...decoder.push(out.subarray(0, cut)), ...decoder.push(out.subarray(cut))];
      assert.equal(got.length, 2, `cut at ${cut}`);
      assert.equal(Buffer.from(got[1].data).toString(), line(1) + line(2));
    }
    const noisy = Buffer.concat([Buffer.from('stray text\n\x1eTLF bad\n'), out]);
    assert.equal(new FrameDecoder().push(noisy).length, 2, 'stray bytes are skipped, not fatal');
  });

  it('hands on each point once across a truncation, and the journal resumes in the new file', () => {
    const batches: JournalBatch[] = [];
    const position = { log: 0, 'trainer-log': 0 };
    const stream = new TrainerLogStream(position, { points: (b) => batches.push(b) });
    const id: FileIdentity = { ino: '7', headLength: 10, headSum: '1' };
    const bytes = (text: string) => new TextEncoder().encode(text);
    const frame = (offset: number, text: string, file = id) =>
      Buffer.concat([Buffer.from(`\x1eTLF ${file.ino} ${offset} ${Buffer.byteLength(text)} ${file.headLength} ${file.headSum}\n`), Buffer.from(text)]);
    stream.push(frame(0, line(1) + line(2).slice(0, 5)));
    stream.flush();
    // Truncated: the file starts again; the torn line of the old content is dropped.
    stream.push(frame(0, line(3), { ...id, headSum: '2' }));
    stream.flush();
    stream.push(bytes(''));
    stream.end();
    const state = readJournal(batches.map(journalLine).join(''));
    assert.deepEqual(
      state.points.map((p) => p.step),
      [1, 3],
    );
    assert.equal(state.offsets['trainer-log'], line(3).length);
    assert.equal(state.offsets.trainerLogFile?.headSum, '2');
  });
});
