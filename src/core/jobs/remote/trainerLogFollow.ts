import { quote } from './shellQuote';

/**
 * Following `trainer_log.jsonl`, a file TuneLab does not own: a previous run's log may sit in
 * the output folder when the job starts (LLaMA-Factory deletes it only once the model has
 * loaded, or appends to it without `overwrite_output_dir`), and the trainer may replace or
 * truncate it while we follow. `tail -F` hides both (it re-reads a replaced file from its start
 * while our byte offsets keep counting), so the host streams the file in frames instead, each
 * saying which file (inode and a checksum of its first bytes) and which byte range it carries:
 *
 *     \x1eTLF <inode> <offset> <length> <headLength> <headChecksum>\n<length bytes>
 *
 * The follower then knows when a file is new and starts over in it, never re-sending a byte.
 */

/** Which file a byte offset belongs to: its inode and the checksum of its first `headLength` bytes. */
export interface FileIdentity {
  ino: string;
  headLength: number;
  headSum: string;
}

/** A log found in the output folder before the job started: ignored up to `size`. */
export interface StaleFile extends FileIdentity {
  size: number;
}

/** The checksum covers at most this many leading bytes (enough to tell two runs' logs apart). */
export const HEAD_BYTES = 4096;
/** At most this many bytes per frame, so a big file never sits whole in the host's temp file. */
const FRAME_BYTES = 1 << 20;

/** Identity and size of a file before the job starts, or `none`. */
export function staleFileScript(file: string): string {
  return [
    `f=${quote(file)}`,
    // `command` keeps a failed redirection from ending the shell (exec is a special built-in).
    '{ command exec 3< "$f"; } 2>/dev/null || { echo none; exit 0; }',
    'set -- $(stat -L -c "%i %s" /dev/fd/3)',
    `n=$2; [ "$n" -gt ${HEAD_BYTES} ] && n=${HEAD_BYTES}`,
    'printf "stale %s %s %s %s\\n" "$1" "$2" "$n" "$(head -c "$n" /dev/fd/3 | cksum | cut -d" " -f1)"',
    '',
  ].join('\n');
}

export function parseStaleFile(output: string): StaleFile | undefined {
  const m = /^stale (\d+) (\d+) (\d+) (\d+)$/m.exec(output);
  return m ? { ino: m[1], size: Number(m[2]), headLength: Number(m[3]), headSum: m[4] } : undefined;
}

/**
 * Streams `file` as frames. It resumes at `offset` when the file is still the one of `current`;
 * otherwise it starts a file that matches `stale` after the stale bytes, and any other file at 0.
 * While the job runs (`pid`), it polls every 0.2 s until run.sh exits, then reads what is left.
 */
export function trainerLogFollowScript(
  file: string,
  offset: number,
  current: FileIdentity | undefined,
  stale: StaleFile | undefined,
  pid: number | undefined,
  watcher?: string,
): string {
  const num = (n: number | undefined) => String(Math.max(0, Math.floor(n ?? 0)));
  const word = (s: string | undefined) => (s && /^\d+$/.test(s) ? s : '');
  return [
    `f=${quote(file)}`,
    // `watcher` (a Slurm job) sets $pid to a login-node process that lives as long as the job.
    watcher ?? `pid=${pid ? num(pid) : ''}`,
    // A journal written before files had identities has an offset but no file: resume in whatever file is there.
    `cur=${current ? word(current.ino) : offset > 0 ? 'any' : ''}; off=${current || offset > 0 ? num(offset) : '0'}; hlen=${num(current?.headLength)}; hsum=${word(current?.headSum)}`,
    `st_ino=${word(stale?.ino)}; st_size=${num(stale?.size)}; st_hlen=${num(stale?.headLength)}; st_hsum=${word(stale?.headSum)}`,
    'tmp=$(mktemp) || exit 1',
    'trap \'rm -f "$tmp"\' EXIT',
    "trap 'exit 0' HUP TERM INT PIPE",
    'last=',
    // head_is LEN SUM: the open file (fd 3) starts with LEN bytes whose checksum is SUM.
    'head_is() { [ "$1" -eq 0 ] && return 0; [ "$size" -ge "$1" ] && [ "$(head -c "$1" /dev/fd/3 | cksum | cut -d" " -f1)" = "$2" ]; }',
    'poll() {',
    '  { command exec 3< "$f"; } 2>/dev/null || return 0',
    '  set -- $(stat -L -c "%i %s" /dev/fd/3 2>/dev/null)',
    '  ino=$1; size=$2',
    '  [ -n "$size" ] || { exec 3<&-; return 0; }',
    '  if [ "$ino" = "$cur" ] && [ "$size" = "$last" ]; then exec 3<&-; return 0; fi',
    '  last=$size',
    '  if { [ "$ino" = "$cur" ] || [ "$cur" = any ]; } && [ "$size" -ge "$off" ] && head_is "$hlen" "$hsum"; then cur=$ino',
    '  elif [ "$ino" = "$st_ino" ] && [ "$size" -ge "$st_size" ] && head_is "$st_hlen" "$st_hsum"; then cur=$ino; off=$st_size; hlen=0; hsum=',
    '  else cur=$ino; off=0; hlen=0; hsum=',
    '  fi',
    '  while [ "$size" -gt "$off" ]; do',
    `    dd if=/dev/fd/3 of="$tmp" bs=65536 iflag=skip_bytes,count_bytes skip="$off" count=${FRAME_BYTES} status=none 2>/dev/null`,
    '    n=$(wc -c < "$tmp" | tr -d " ")',
    '    [ "$n" -gt 0 ] || break',
    `    if [ "$hlen" -lt ${HEAD_BYTES} ]; then hlen=$((off + n)); [ "$hlen" -gt ${HEAD_BYTES} ] && hlen=${HEAD_BYTES}; hsum=$(head -c "$hlen" /dev/fd/3 | cksum | cut -d" " -f1); fi`,
    '    printf "\\036TLF %s %s %s %s %s\\n" "$cur" "$off" "$n" "$hlen" "$hsum"',
    '    cat "$tmp"',
    '    off=$((off + n))',
    '  done',
    '  exec 3<&-',
    '}',
    'if [ -z "$pid" ]; then poll; exit 0; fi',
    'while kill -0 "$pid" 2>/dev/null; do poll; sleep 0.2; done',
    'last=; poll',
    '',
  ].join('\n');
}

export interface Frame {
  file: FileIdentity;
  offset: number;
  data: Uint8Array;
}

const HEADER_START = 0x1e;
const NEWLINE = 0x0a;

/** Splits the framed stream back into frames, whatever the chunk boundaries. */
export class FrameDecoder {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    let data = this.buffer.length ? concat(this.buffer, chunk) : chunk;
    for (;;) {
      if (!data.length) break;
      if (data[0] !== HEADER_START) {
        // Not a frame (something else wrote to the stream): skip to the next header rather than fail.
        const next = data.indexOf(HEADER_START);
        data = next < 0 ? new Uint8Array(0) : data.subarray(next);
        continue;
      }
      const end = data.indexOf(NEWLINE);
      if (end < 0) break;
      const header = new TextDecoder().decode(data.subarray(1, end));
      const m = /^TLF (\d+) (\d+) (\d+) (\d+) (\d*)$/.exec(header);
      if (!m) {
        data = data.subarray(end + 1);
        continue;
      }
      const length = Number(m[3]);
      if (data.length < end + 1 + length) break;
      frames.push({ file: { ino: m[1], headLength: Number(m[4]), headSum: m[5] }, offset: Number(m[2]), data: data.slice(end + 1, end + 1 + length) });
      data = data.subarray(end + 1 + length);
    }
    this.buffer = data.slice();
    return frames;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
