// Figures for remote jobs (never pass/fail): log parsing throughput, and the latency from a
// line written on the "host" to a point handed on by the follower, over a real loopback sshd.
//   node jobs.js parse              → {stdoutMBps, trainerLogMBps, …}
//   node jobs.js latency <lines>    → {p50Ms, p95Ms, …}
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followJob } from '../src/core/jobs/jobFollower';
import { launchJob } from '../src/core/jobs/jobRunner';
import { MetricLogReader } from '../src/core/jobs/metrics/metricLogReader';
import { hostConnector } from '../src/adapters/ssh2';
import { TestSshServer } from '../test/support/sshServer';

function stdoutLog(targetBytes: number): Buffer {
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < targetBytes; i++) {
    const bar = ` ${String(i % 100).padStart(3)}%|████▌     | ${i}/1000000 [1:02:03<3:04:05,  2.00s/it]\r`;
    const dict = `{'loss': ${(2 / (1 + i / 1000)).toFixed(4)}, 'grad_norm': ${(1 + Math.sin(i)).toFixed(4)}, 'learning_rate': ${(1e-5 * (1 - i / 1e6)).toExponential(6)}, 'epoch': ${(i / 1e5).toFixed(4)}}\n`;
    const info = i % 10 === 0 ? `[INFO|2026-11-24 10:00:00] llamafactory.train:0 >> saving step ${i}\n` : '';
    parts.push(bar, dict, info);
    size += bar.length + dict.length + info.length;
  }
  return Buffer.from(parts.join(''));
}

function trainerLog(targetBytes: number): Buffer {
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < targetBytes; i++) {
    const line = `{"current_steps": ${i}, "total_steps": 1000000, "loss": ${(2 / (1 + i / 1000)).toFixed(4)}, "lr": ${(1e-5 * (1 - i / 1e6)).toExponential(6)}, "epoch": ${(i / 1e5).toFixed(4)}, "percentage": ${(i / 1e4).toFixed(2)}, "elapsed_time": "1:02:03", "remaining_time": "3 days, 17:51:32", "throughput": "1234.56", "total_tokens": ${i * 4096}}\n`;
    parts.push(line);
    size += line.length;
  }
  return Buffer.from(parts.join(''));
}

function throughput(format: 'stdout' | 'trainer-log', data: Buffer): { mbps: number; points: number } {
  let best = Infinity;
  let points = 0;
  for (let run = 0; run < 3; run++) {
    const reader = new MetricLogReader(format);
    const started = performance.now();
    let count = 0;
    for (let i = 0; i < data.length; i += 65536) for (const e of reader.push(data.subarray(i, i + 65536))) if (e.kind === 'point') count++;
    best = Math.min(best, performance.now() - started);
    points = count;
  }
  return { mbps: data.length / 1e6 / (best / 1000), points };
}

async function latency(lines: number): Promise<Record<string, number>> {
  const server = await TestSshServer.start();
  const workdir = mkdtempSync(join(tmpdir(), 'tunelab-bench-'));
  const project = mkdtempSync(join(tmpdir(), 'tunelab-bench-project-'));
  mkdirSync(join(project, 'configs'));
  const config = join(project, 'configs', 'bench.yaml');
  writeFileSync(config, 'output_dir: out\n');
  // Each line carries the wall clock (ms) at which the "trainer" wrote it.
  // It waits 3 s first, so the follower is attached: this measures the live path, not the connection.
  const script = `mkdir -p out; sleep 3; i=1; while [ $i -le ${lines} ]; do printf '{"current_steps": %d, "total_steps": ${lines}, "loss": 1.0, "written_ms": %s}\\n' $i "$(date +%s%3N)" >> out/trainer_log.jsonl; sleep 0.05; i=$((i+1)); done`;
  const target = { name: 'bench', host: '127.0.0.1', port: server.port, user: server.user, identityFiles: [server.clientKey], origin: 'literal' as const };
  const connect = hostConnector({
    knownHostsFiles: [server.knownHosts],
    trustStoreFile: join(workdir, 'trust'),
    agent: '',
    askHostKey: () => Promise.resolve('reject'),
    credentials: { passphrase: () => Promise.resolve(undefined), password: () => Promise.resolve(undefined) },
  });
  const host = await connect(target);
  const writer = join(project, 'writer.sh');
  writeFileSync(writer, `${script}\n`);
  const uploads = [
    { local: config, remote: 'configs/bench.yaml', size: 16 },
    { local: writer, remote: 'writer.sh', size: script.length + 1 },
  ];
  const record = await launchJob(host, {
    target,
    workdir,
    configRemote: 'configs/bench.yaml',
    configLocal: config,
    uploads,
    commandTemplate: 'sh writer.sh',
    env: {},
    outputDir: 'out',
  });
  host.close();
  const delays: number[] = [];
  await followJob(
    record,
    { log: 0, 'trainer-log': 0 },
    {
      points: (batch) => {
        const now = Date.now();
        for (const p of batch.points) if (p.values.written_ms) delays.push(now - p.values.written_ms);
        if (process.env.BENCH_TRACE) console.error(batch.points.map((p) => `${p.step}:${now - p.values.written_ms}`).join(' '));
      },
    },
    { connect: () => connect(target), flushMs: 100 },
  );
  await server.stop();
  delays.sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)];
  return { points: delays.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: delays[delays.length - 1] };
}

const [task, arg] = process.argv.slice(2);
if (task === 'parse') {
  const stdout = stdoutLog(64e6);
  const log = trainerLog(64e6);
  const a = throughput('stdout', stdout);
  const b = throughput('trainer-log', log);
  console.log(
    JSON.stringify({
      stdoutMB: stdout.length / 1e6,
      stdoutMBps: a.mbps,
      stdoutPoints: a.points,
      trainerLogMB: log.length / 1e6,
      trainerLogMBps: b.mbps,
      trainerLogPoints: b.points,
    }),
  );
} else if (task === 'latency') {
  latency(Number(arg ?? 200)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
