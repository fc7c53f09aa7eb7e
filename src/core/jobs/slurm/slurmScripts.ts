import { quote } from '../remote/shellQuote';
import { SLURM_FILES } from './batchScript';
import { SLURM_JOB_ID } from './slurmParse';

/**
 * The scripts TuneLab runs on a Slurm login node. Like remoteScripts.ts, each is POSIX sh sent
 * to `sh -s`; paths go through `quote`, and a Slurm job id is checked to be digits first.
 */

function jobId(id: string): string {
  if (!SLURM_JOB_ID.test(id)) throw new Error(`invalid Slurm job id ${JSON.stringify(id)}`);
  return id;
}

/** Whether the login node has Slurm's commands (and which version), before anything is uploaded. */
export function slurmProbeScript(): string {
  return [
    'for tool in sbatch squeue scancel scontrol sacct; do if command -v "$tool" >/dev/null 2>&1; then printf "%s=yes\\n" "$tool"; else printf "%s=no\\n" "$tool"; fi; done',
    'printf "version=%s\\n" "$(sbatch --version 2>/dev/null | head -n 1)"',
    '',
  ].join('\n');
}

/** Submits the batch script from the job folder (so `output.log` lands there); prints the id. */
export function submitScript(jobDir: string): string {
  return [
    `cd ${quote(jobDir)} || exit 1`,
    `chmod 700 ${SLURM_FILES.batch} ${SLURM_FILES.node} command.sh`,
    `exec sbatch --parsable ${SLURM_FILES.batch}`,
    '',
  ].join('\n');
}

/**
 * For each job, a block starting `\x1e<index>`: whether its folder exists, the log size, the
 * exit code the batch script wrote, then the scheduler's words (`squeue`, `sacct`, `scontrol`,
 * each line prefixed; a tool that fails prints nothing), and its position among pending jobs
 * by priority. sacct fails when accounting is off; scontrol then still knows recent jobs.
 */
export function slurmStatusScript(jobs: ReadonlyArray<{ jobDir: string; slurmJobId: string }>): string {
  const lines: string[] = [];
  jobs.forEach((job, i) => {
    const id = jobId(job.slurmJobId);
    lines.push(
      `printf '\\036%s\\n' ${i}`,
      `d=${quote(job.jobDir)}`,
      'if [ -d "$d" ]; then echo "dir 1"; else echo "dir 0"; fi',
      'printf "log %s\\n" "$(wc -c < "$d/output.log" 2>/dev/null | tr -d " ")"',
      'printf "exit %s\\n" "$(cat "$d/exit_code" 2>/dev/null)"',
      'printf "started %s\\n" "$(cat "$d/started_at" 2>/dev/null)"',
      'printf "ended %s\\n" "$(cat "$d/ended_at" 2>/dev/null)"',
      `squeue -h -j ${id} -o '%i|%T|%r|%D|%N' 2>/dev/null | sed 's/^/squeue /'`,
      `sacct -j ${id} -X -n -P -o JobID,State,ExitCode,NNodes,NodeList 2>/dev/null | sed 's/^/sacct /'`,
      `scontrol -o show job ${id} 2>/dev/null | sed 's/^/scontrol /'`,
      `squeue -h -t PENDING -o '%i' --sort=-p 2>/dev/null | grep -n -x ${id} | cut -d: -f1 | sed 's/^/position /'`,
    );
  });
  lines.push('');
  return lines.join('\n');
}

/** Cancels the job through the scheduler (every node's processes, then the allocation). */
export function scancelScript(slurmJobId: string, jobDir: string): string {
  return [
    `touch ${quote(`${jobDir}/cancel_requested`)} 2>/dev/null`,
    `if scancel ${jobId(slurmJobId)}; then echo result=requested; else echo result=failed; fi`,
    '',
  ].join('\n');
}

/**
 * A shell fragment setting `pid` to a process on the login node that lives as long as the
 * Slurm job is queued or running, so the followers' `tail --pid` / `kill -0` stop when it ends.
 * The watcher also ends with the follower's shell (`$$`), which must not `exec` away: it reaps
 * the watcher, and a zombie watcher would look alive to `kill -0` and to `tail --pid`.
 */
export function slurmWatcher(slurmJobId: string, pollSeconds = 2): string {
  const id = jobId(slurmJobId);
  return [
    'tunelab_follower=$$',
    '(',
    '  while kill -0 "$tunelab_follower" 2>/dev/null; do',
    `    case "$(squeue -h -j ${id} -o %T 2>/dev/null)" in`,
    '      PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUE*|RESIZING|SIGNALING|STAGE_OUT|STOPPED|RESV_DEL_HOLD) ;;',
    '      *) exit 0 ;;',
    '    esac',
    `    sleep ${Math.max(1, Math.floor(pollSeconds))}`,
    '  done',
    ') </dev/null >/dev/null 2>&1 &',
    'pid=$!',
  ].join('\n');
}
