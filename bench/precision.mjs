// `npm run precision`: how often each dataset finding is right on real public data.
//
//   npm run precision                      the per-code table and the flagged share per file
//   npm run precision -- --worklist F      write the findings still to be judged to F (JSON Lines,
//                                          with the flagged text), for hand-labelling
//   npm run precision -- --markdown        the tables as Markdown, for docs/dataset-findings.md
//   npm run precision -- --json            the figures as JSON (the unit tests read them)
//
// The data is the shared corpus beside the repository (or TUNELAB_CORPUS): LLaMA-Factory's
// demo datasets and the datasets in the wild. The labels are ours, in bench/precision/labels.tsv:
// one line per judged finding (file, record, code, verdict tp|fp, one-line reason). Codes that
// flag up to SAMPLE records are judged in full; above that, a fixed pseudo-random sample of
// SAMPLE records per code (the same every run), so precision is an estimate with that many
// trials. It prints figures, it asserts nothing. Without the corpus it says so and exits 0.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const corpus = process.env.TUNELAB_CORPUS ?? join(root, '..', 'shared', 'corpus');
const labelsFile = join(root, 'bench', 'precision', 'labels.tsv');
const args = process.argv.slice(2);
const worklistArg = args.indexOf('--worklist');
const markdown = args.includes('--markdown');
const json = args.includes('--json');
const SAMPLE = 40;
const recordCache = new Map();

if (!existsSync(join(corpus, 'llamafactory', 'data'))) {
  console.log(
    json ? JSON.stringify({ skipped: `corpus not found at ${corpus}` }) : `precision: corpus not found at ${corpus}: skipping (set TUNELAB_CORPUS to run it)`,
  );
  process.exit(0);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

/** Every dataset file of the corpus (not dataset_info.json), as paths relative to the corpus. */
function datasetFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return datasetFiles(path);
    return /\.jsonl?$/.test(name) && name !== 'dataset_info.json' ? [relative(corpus, path)] : [];
  });
}

const files = [...datasetFiles(join(corpus, 'llamafactory', 'data')), ...datasetFiles(join(corpus, 'datasets-wild'))].sort();
const reports = new Map();
for (const file of files) {
  const out = execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', join(corpus, file), '--format', 'json', '--fail-on', 'never'], {
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  });
  reports.set(file, JSON.parse(out).files[0]);
}

// One judged item per flagged record and code (several findings of one code in a record are judged together).
const flagged = new Map(); // code → [{file, record, findings}]
for (const [file, report] of reports) {
  const byKey = new Map();
  for (const f of report.findings) {
    if (f.record <= 0) continue;
    const key = `${f.code}\t${f.record}`;
    if (!byKey.has(key)) byKey.set(key, { file, record: f.record, code: f.code, severity: f.severity, findings: [] });
    byKey.get(key).findings.push(f);
  }
  for (const item of byKey.values()) {
    if (!flagged.has(item.code)) flagged.set(item.code, []);
    flagged.get(item.code).push(item);
  }
}

/** A stable pseudo-random order (FNV-1a of file, record, code), so the sample never changes between runs. */
function rank(item) {
  let h = 0x811c9dc5;
  for (const ch of `${item.file}#${item.record}#${item.code}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
const sampled = new Map([...flagged].map(([code, items]) => [code, [...items].sort((a, b) => rank(a) - rank(b)).slice(0, SAMPLE)]));

const labels = new Map();
if (existsSync(labelsFile)) {
  for (const line of readFileSync(labelsFile, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [file, record, code, verdict, reason] = line.split('\t');
    labels.set(`${file}\t${record}\t${code}`, { verdict, reason });
  }
}
const labelOf = (item) => labels.get(`${item.file}\t${item.record}\t${item.code}`);

if (worklistArg >= 0) {
  const target = args[worklistArg + 1];
  const lines = [];
  for (const items of sampled.values()) {
    for (const item of items) {
      if (labelOf(item)) continue;
      lines.push(
        JSON.stringify({
          file: item.file,
          record: item.record,
          code: item.code,
          messages: item.findings.map((f) => f.message),
          texts: item.findings.map((f) => fieldText(item.file, f)),
          twin: twinText(item),
        }),
      );
    }
  }
  writeFileSync(target, lines.join('\n') + '\n');
  console.log(`${lines.length} findings to judge written to ${target}`);
  process.exit(0);
}

// The per-code table.
const rows = [];
for (const [code, items] of [...flagged].sort((a, b) => b[1].length - a[1].length)) {
  const judged = sampled.get(code).map(labelOf).filter(Boolean);
  const tp = judged.filter((l) => l.verdict === 'tp').length;
  const fp = judged.filter((l) => l.verdict === 'fp').length;
  rows.push({
    code,
    severity: items[0].severity,
    records: items.length,
    judged: tp + fp,
    tp,
    fp,
    precision: tp + fp ? tp / (tp + fp) : undefined,
    missing: sampled.get(code).length - judged.length,
  });
}
const shares = [...reports].map(([file, r]) => ({
  file,
  records: r.summary?.records ?? 0,
  format: r.summary?.format ?? '-',
  flagged: r.summary?.flaggedShare ?? 0,
  warned: warnedShare(r),
  byCode: r.summary?.recordsByCode ?? {},
}));

if (json) {
  console.log(JSON.stringify({ rows, shares }));
} else if (markdown) {
  console.log('| code | default | records flagged | judged | right | wrong | precision |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| \`${r.code}\` | ${r.severity} | ${r.records} | ${r.judged} | ${r.tp} | ${r.fp} | ${r.precision === undefined ? '—' : r.precision.toFixed(2)} |`,
    );
  console.log('\n| file | records | format | flagged (any) | flagged (warning or error) | records by finding |');
  console.log('|---|---:|---|---:|---:|---|');
  for (const s of shares)
    console.log(
      `| ${s.file} | ${s.records} | ${s.format} | ${pct(s.flagged)} | ${pct(s.warned)} | ${Object.entries(s.byCode)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')} |`,
    );
} else {
  console.log(
    `precision on ${files.length} public files (${[...reports.values()].reduce((n, r) => n + (r.summary?.records ?? 0), 0)} records), labels: ${relative(root, labelsFile)}\n`,
  );
  console.log(
    `${'code'.padEnd(22)}${'default'.padEnd(9)}${'flagged'.padStart(8)}${'judged'.padStart(8)}${'right'.padStart(7)}${'wrong'.padStart(7)}${'precision'.padStart(11)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.code.padEnd(22)}${r.severity.padEnd(9)}${String(r.records).padStart(8)}${String(r.judged).padStart(8)}${String(r.tp).padStart(7)}${String(r.fp).padStart(7)}${(r.precision === undefined ? '—' : r.precision.toFixed(2)).padStart(11)}${r.missing ? `   (${r.missing} of the sample not judged yet)` : ''}`,
    );
  }
  console.log('\nflagged share per file (any finding / warning or error):');
  for (const s of shares)
    console.log(`  ${s.file.padEnd(100)} ${String(s.records).padStart(5)} ${s.format.padEnd(22)} ${pct(s.flagged).padStart(6)} ${pct(s.warned).padStart(6)}`);
}

function pct(share) {
  return `${(share * 100).toFixed(1)}%`;
}

/** Share of records with at least one warning- or error-level finding. */
function warnedShare(report) {
  const records = new Set(report.findings.filter((f) => f.record > 0 && (f.severity === 'warning' || f.severity === 'error')).map((f) => f.record));
  return report.summary?.records ? records.size / report.summary.records : 0;
}

/** The file's records in order (1-based numbers index them), as the engine counts them: array elements, or non-blank lines. */
function recordsOf(file) {
  if (!recordCache.has(file)) {
    const text = readFileSync(join(corpus, file), 'utf8').replace(/^\uFEFF/, '');
    let records;
    try {
      const value = JSON.parse(text);
      records = Array.isArray(value) ? value : [value];
    } catch {
      records = text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return l;
          }
        });
    }
    recordCache.set(file, records);
  }
  return recordCache.get(file);
}

/** The flagged field's text (or the whole record for record-level findings), cut for reading. */
function fieldText(file, finding) {
  const record = recordsOf(file)[finding.record - 1];
  let value = record;
  for (const part of (finding.data.field ?? '').split('.').filter(Boolean)) value = value?.[/^\d+$/.test(part) ? Number(part) : part];
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? record);
  return text.length > 3000 ? `${text.slice(0, 3000)}… (${text.length} characters)` : text;
}

function twinText(item) {
  const twin = item.findings.find((f) => f.data.twin)?.data.twin;
  if (!twin) return undefined;
  const text = JSON.stringify(recordsOf(item.file)[twin - 1]);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
