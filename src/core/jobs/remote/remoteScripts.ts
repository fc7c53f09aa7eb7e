import type { JobPaths } from './jobLayout';
import { assignment, quote, quoteAll } from './shellQuote';

/**
 * The shell scripts TuneLab runs on a host, built here and nowhere else. Each is a POSIX `sh`
 * script sent on the standard input of `sh -s`, so the user's login shell (bash, zsh, fish…)
 * never parses it; every path and value inside goes through `quote`.
 */

/** What the host offers: its home, the tools a detached job needs, a GPU tool. */
export function probeScript(): string {
  return [
    `printf 'home=%s\\n' "$HOME"`,
    `printf 'os=%s\\n' "$(uname -s 2>/dev/null)"`,
    `for tool in setsid tail nvidia-smi bash; do if command -v "$tool" >/dev/null 2>&1; then printf '%s=yes\\n' "$tool"; else printf '%s=no\\n' "$tool"; fi; done`,
    `if tail --version 2>/dev/null | grep -q GNU; then echo gnu-tail=yes; else echo gnu-tail=no; fi`,
    '',
  ].join('\n');
}

export interface HostProbe {
  home: string;
  os: string;
  setsid: boolean;
  gnuTail: boolean;
  nvidiaSmi: boolean;
  bash: boolean;
}

export function parseProbe(output: string): HostProbe {
  const values = new Map(output.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const));
  return {
    home: values.get('home') ?? '',
    os: values.get('os') ?? '',
    setsid: values.get('setsid') === 'yes',
    gnuTail: values.get('gnu-tail') === 'yes',
    nvidiaSmi: values.get('nvidia-smi') === 'yes',
    bash: values.get('bash') === 'yes',
  };
}

/** Creates the job folder (and the working directory) before the files are uploaded. */
export function prepareScript(workdir: string, paths: JobPaths): string {
  return `set -e\nmkdir -p -- ${quote(workdir)} ${quote(paths.dir)}\n`;
}

export interface CommandSpec {
  /** The command from the settings' template, placeholders already turned into variables (commandForShell). */
  commandLine: string;
  /** A line run first, e.g. `conda activate llama` (the user's own shell, not quoted). */
  setup?: string;
  env: Readonly<Record<string, string>>;
}

/**
 * command.sh: the user's setup line (the job stops if it fails), the environment, then the
 * command exactly as written, so `cd x && …`, `a; b`, pipes and conda activation behave as in
 * a shell, and the job's exit code is the command's. No `exec`: that would run only the first
 * word of a compound command. Under bash a pipeline fails when any part fails (pipefail), so
 * `train … | tee log` does not report a crash as success.
 */
export function commandScript(spec: CommandSpec): string {
  const lines = ['# Written by TuneLab: the training command of this job.'];
  if (spec.setup?.trim())
    lines.push(
      spec.setup.trim(),
      'tunelab_setup=$?',
      'if [ "$tunelab_setup" -ne 0 ]; then echo "tunelab: the setup line failed (exit $tunelab_setup)" >&2; exit "$tunelab_setup"; fi',
    );
  for (const [name, value] of Object.entries(spec.env)) lines.push(`export ${assignment(name, value)}`);
  lines.push('if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi');
  lines.push(spec.commandLine);
  return `${lines.join('\n')}\n`;
}

/**
 * run.sh: runs command.sh in the working directory with its output appended to output.log,
 * records the pid, start and end times and the exit code. It ignores hang-ups and is started
 * with setsid, so it leads its own session and process group: closing the connection does not
 * touch it, and cancelling signals the whole group.
 */
export function wrapperScript(workdir: string, useBash: boolean): string {
  const shell = useBash ? 'bash -l' : 'sh';
  return [
    '#!/bin/sh',
    '# Written by TuneLab: runs this job detached and records its state in this folder.',
    'trap "" HUP',
    'cd "$(dirname "$0")" || exit 1',
    'jobdir=$(pwd)',
    'echo $$ > pid.tmp && mv pid.tmp pid',
    'date +%s > started_at',
    `if ! cd ${quote(workdir)}; then echo 126 > "$jobdir/exit_code"; exit 1; fi`,
    `${shell} "$jobdir/command.sh" >> "$jobdir/output.log" 2>&1 < /dev/null &`,
    'child=$!',
    'trap \'kill -TERM "$child" 2>/dev/null\' TERM INT',
    'wait "$child"; code=$?',
    '# A trapped signal interrupts wait: wait again for the real status.',
    'while kill -0 "$child" 2>/dev/null; do wait "$child"; code=$?; done',
    'date +%s > "$jobdir/ended_at"',
    'echo "$code" > "$jobdir/exit_code.tmp" && mv "$jobdir/exit_code.tmp" "$jobdir/exit_code"',
    '',
  ].join('\n');
}

/** Starts run.sh detached and prints its pid once it has written it. */
export function launchScript(paths: JobPaths): string {
  return [
    `cd ${quote(paths.dir)} || exit 1`,
    'chmod 700 run.sh command.sh',
    'setsid sh ./run.sh < /dev/null > /dev/null 2>&1 &',
    'i=0',
    'while [ ! -s pid ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done',
    'if [ -s pid ]; then printf "pid=%s\\n" "$(cat pid)"; else echo "pid="; exit 1; fi',
    '',
  ].join('\n');
}

/**
 * Shell functions telling whether a job is alive. `kill -0` alone is fooled by zombies (a
 * container whose init does not reap them keeps a dead run.sh as a zombie) and by pids reused
 * after a reboot, so the process must be a run.sh that is not a zombie. The session of run.sh
 * (it was started with setsid) is its process group; `ps -s` lists its members with their state,
 * and a `ps` without `-s` (BusyBox) falls back to `kill -0`.
 */
const ALIVE_FUNCTIONS = [
  'job_alive() {',
  '  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1',
  '  case "$(ps -o stat= -p "$1" 2>/dev/null)" in *Z*) return 1 ;; esac',
  '  case "$(ps -o args= -p "$1" 2>/dev/null)" in *run.sh*) return 0 ;; esac',
  '  return 1',
  '}',
  'group_alive() {',
  '  if states=$(ps -o stat= -s "$1" 2>/dev/null); then',
  '    printf "%s\\n" "$states" | grep -q "^ *[^Z ]"',
  '  elif ps -o stat= -p 1 >/dev/null 2>&1; then',
  '    return 1',
  '  else',
  '    kill -0 "-$1" 2>/dev/null',
  '  fi',
  '}',
];

/** The status line of the job folder in `$d`, labelled `$name` (see statusScript). */
const STATUS_OF_D = [
  '  if [ ! -d "$d" ]; then printf "%s\\tmissing\\n" "$name"; continue; fi',
  '  pid=$(cat "$d/pid" 2>/dev/null)',
  '  alive=0',
  '  if job_alive "$pid"; then alive=1; fi',
  '  size=$(wc -c < "$d/output.log" 2>/dev/null | tr -d " ")',
  '  cancel=0; [ -e "$d/cancel_requested" ] && cancel=1',
  '  printf "%s\\tok\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n" "$name" "$alive" "$pid" "$(cat "$d/exit_code" 2>/dev/null)" "$(cat "$d/started_at" 2>/dev/null)" "$(cat "$d/ended_at" 2>/dev/null)" "$cancel" "${size:-0}"',
];

/**
 * One line per job folder, in the order given and labelled by position (0, 1, …: a folder name
 * may hold tabs or newlines): whether run.sh is alive, its pid, exit code, start and end
 * times, whether a cancel was requested, and the log size. Tab-separated; empty when unknown.
 * (`alive` also checks the process is a run.sh, so a pid reused after a reboot is not taken for the job.)
 */
export function statusScript(dirs: readonly string[]): string {
  if (dirs.length === 0) return 'exit 0\n';
  return [...ALIVE_FUNCTIONS, 'i=0', `for d in ${quoteAll(dirs)}; do`, '  name=$i; i=$((i + 1))', ...STATUS_OF_D, 'done', ''].join('\n');
}

/**
 * Cancels a job: records the request, sends SIGTERM to its whole process group, and SIGKILL
 * after `graceSeconds` if anything in the group is still alive.
 */
export function cancelScript(paths: JobPaths, graceSeconds: number): string {
  const grace = Math.max(1, Math.round(graceSeconds * 10));
  return [
    ...ALIVE_FUNCTIONS,
    `cd ${quote(paths.dir)} || { echo "result=missing"; exit 0; }`,
    'pid=$(cat pid 2>/dev/null)',
    'if ! job_alive "$pid"; then echo "result=not-running"; exit 0; fi',
    'touch cancel_requested',
    'kill -TERM "-$pid" 2>/dev/null || kill -TERM "$pid"',
    'i=0',
    `while group_alive "$pid" && [ "$i" -lt ${grace} ]; do sleep 0.1; i=$((i + 1)); done`,
    'if group_alive "$pid"; then kill -KILL "-$pid" 2>/dev/null; echo "result=killed"; else echo "result=terminated"; fi',
    '',
  ].join('\n');
}

/** Deletes a finished job's folder; refuses while it runs. */
export function deleteScript(paths: JobPaths): string {
  return [
    `d=${quote(paths.dir)}`,
    'case "$d" in */.tunelab/jobs/*) ;; *) echo "result=refused"; exit 1 ;; esac',
    ...ALIVE_FUNCTIONS,
    'pid=$(cat "$d/pid" 2>/dev/null)',
    'if job_alive "$pid"; then echo "result=running"; exit 1; fi',
    'rm -rf -- "$d" && echo "result=deleted"',
    '',
  ].join('\n');
}

/**
 * Streams a file from a byte offset. While the job runs (`pid` given) it keeps following the
 * file by name (it may not exist yet) until run.sh exits (GNU tail's --pid); for a job that has
 * ended it prints what is there and stops.
 */
export function followScript(file: string, offset: number, pid: number | undefined, watcher?: string): string {
  const from = Math.max(0, Math.floor(offset)) + 1;
  // `watcher`: a fragment that sets $pid to a process living as long as the job (a Slurm job runs elsewhere).
  // The shell stays (no exec) and waits for the watcher, reaping it: tail's --pid test would take a zombie for alive.
  if (watcher)
    return `${watcher}\ntail -c +${from} -F --pid="$pid" -s 0.2 -- ${quote(file)} 2>/dev/null &\ntunelab_tail=$!\nwait "$pid"\nwait "$tunelab_tail"\n`;
  if (!pid) return `[ -f ${quote(file)} ] || exit 0\nexec tail -c +${from} -- ${quote(file)}\n`;
  return `exec tail -c +${from} -F --pid=${Math.floor(pid)} -s 0.2 -- ${quote(file)} 2>/dev/null\n`;
}

/** The GPUs, one CSV line each: index, name, total / used / free MiB, utilisation %. */
export function gpuScript(): string {
  return [
    'if ! command -v nvidia-smi >/dev/null 2>&1; then echo "nvidia-smi=missing"; exit 0; fi',
    'nvidia-smi --query-gpu=index,name,memory.total,memory.used,memory.free,utilization.gpu --format=csv,noheader,nounits',
    '',
  ].join('\n');
}

/** Size and SHA-256 of each file (relative to `workdir`), or `-` when absent: one line each, in order. */
export function hashScript(workdir: string, files: readonly string[]): string {
  if (!files.length) return 'exit 0\n';
  return [
    `cd ${quote(workdir)} 2>/dev/null || exit 0`,
    'if command -v sha256sum >/dev/null 2>&1; then sum() { sha256sum -- "$1" | cut -d" " -f1; }; else sum() { shasum -a 256 -- "$1" | cut -d" " -f1; }; fi',
    `for f in ${quoteAll(files)}; do`,
    '  if [ -f "$f" ]; then printf "%s %s\\n" "$(wc -c < "$f" | tr -d " ")" "$(sum "$f")"; else echo -; fi',
    'done',
    '',
  ].join('\n');
}

/** The last `maxBytes` of a file (the whole file when smaller); nothing when it does not exist. */
export function logTailScript(file: string, maxBytes: number): string {
  return `[ -f ${quote(file)} ] || exit 0\nexec tail -c ${Math.max(1, Math.floor(maxBytes))} -- ${quote(file)}\n`;
}

/**
 * Before uploading: checks that each file (relative to `workdir`) lands inside the working
 * directory as the host resolves it, then creates its folder. A folder on the host that is a
 * symlink leading out (`<workdir>/data -> /etc`), or a file that is itself a symlink, would
 * make an SFTP write land elsewhere, so each is refused before anything is created or written.
 * One line per file, `<index> ok|outside|link` (indexes, since names may hold newlines).
 */
export function uploadTargetsScript(workdir: string, files: readonly string[]): string {
  if (!files.length) return 'exit 0\n';
  return [
    `cd ${quote(workdir)} || exit 1`,
    'root=$(pwd -P)',
    'inside() { r=$(cd -- "$1" 2>/dev/null && pwd -P) || return 1; case "$r/" in "$root"/*) return 0 ;; esac; return 1; }',
    'i=0',
    `for f in ${quoteAll(files)}; do`,
    '  d=$(dirname -- "$f"); e=$d',
    '  while [ ! -e "$e" ] && [ ! -L "$e" ]; do e=$(dirname -- "$e"); done',
    '  if ! inside "$e" || ! mkdir -p -- "$d" || ! inside "$d"; then echo "$i outside"',
    '  elif [ -L "$f" ]; then echo "$i link"',
    '  else echo "$i ok"; fi',
    '  i=$((i + 1))',
    'done',
    '',
  ].join('\n');
}
