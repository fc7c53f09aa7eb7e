import { normalizeRecord } from '../../dataset/formats/normalizeRecord';
import type { DatasetInfoEntry } from '../../dataset/formats/datasetInfo';
import { fileSource } from '../../dataset/reading/byteSource';
import { RecordScanner } from '../../dataset/reading/recordScanner';
import type { ScannedRecord } from '../../dataset/reading/recordScanner';
import type { ChatMessage, RecordConversations } from './chatRender';
import { ChatRenderer, recordConversations } from './chatRender';
import type { Distribution } from './distribution';
import { distributionOf } from './distribution';
import type { TokenCounter } from './modelTokenizer';
import type { PairTruncation, TrainerLimit } from './trainerLimit';
import { truncatePairs } from './trainerLimit';

export interface TokenInput {
  file: string;
  info?: DatasetInfoEntry;
}

export interface OverLimitRecord {
  file: string;
  /** 1-based record number in its file, and its 1-based line. */
  record: number;
  line: number;
  tokens: number;
  excess: number;
  /** LLaMA-Factory: what survives its turn-pair truncation. */
  truncation?: PairTruncation;
}

export interface TokenStats {
  exact: boolean;
  /** Whether records were rendered with the model's chat template (else role headers). */
  chatTemplate: boolean;
  records: number;
  /** Training records per input file, in input order (LLaMA-Factory's max_samples caps each dataset). */
  recordsByFile: number[];
  /** Records that could not be read as training records (invalid JSON, unknown shape). */
  skipped: number;
  sampled: number;
  prompt: Distribution;
  response: Distribution;
  whole: Distribution;
  /** Tokens of every templated record: exact when every record was tokenized, else scaled from the sample's tokens per byte. */
  totalTokens: number;
  totalExact: boolean;
  limit: TrainerLimit;
  overLimit: { count: number; excessTokens: number; records: OverLimitRecord[] };
  /** Records whose bytes could exceed the limit, tokenized in full for the over-limit count. */
  tokenized: number;
  renderFailures: number;
}

export interface TokenStatsOptions {
  counter: TokenCounter;
  chatTemplate?: string;
  specials: { eos?: string; bos?: string };
  limit: TrainerLimit;
  /** Records tokenized for the distribution (a seeded reservoir sample). */
  sampleSize: number;
  /** Over-limit records listed one by one (all are counted). */
  maxListed?: number;
  /** Tokenize every record, skipping no record by its byte length (the full path the fast path is tested against). */
  exhaustive?: boolean;
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/**
 * Bytes the real rendering may exceed the skeleton bound by (a template that moves a thinking
 * block around): records within this margin of the limit are tokenized too.
 */
const BOUND_MARGIN = 64;

/**
 * Token lengths of a dataset's records as the trainer sees them. Every token covers at least
 * one byte, so a record whose templated UTF-8 length is under the limit cannot exceed it: only
 * the others are tokenized for the over-limit count (exact), and a seeded sample of records
 * for the distribution. Streaming: one file chunk and the sample in memory.
 */
export async function tokenStats(inputs: readonly TokenInput[], options: TokenStatsOptions): Promise<TokenStats> {
  const renderer = new ChatRenderer(options.chatTemplate, options.specials);
  const counter = options.counter;
  const limit = options.limit;
  const maxListed = options.maxListed ?? 200;
  const over: OverLimitRecord[] = [];
  let overCount = 0;
  let excessTokens = 0;
  let records = 0;
  let skipped = 0;
  let tokenized = 0;
  let totalBytes = 0;
  let random = 0x9e3779b9;
  const nextRandom = () => {
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return (random >>> 0) / 4294967296;
  };
  const sample: RecordConversations[] = [];
  // In the editor this runs on the extension host: hand the event loop back every ~50 ms of work.
  let lastBreath = performance.now();
  const breathe = async () => {
    if (performance.now() - lastBreath < 50) return;
    await new Promise((resolve) => setImmediate(resolve));
    lastBreath = performance.now();
  };

  const templatedTexts = (c: RecordConversations): string[] =>
    c.document !== undefined ? [c.document + (options.specials.eos ?? '')] : c.conversations.map((m) => renderer.renderFast(m, c.tools));

  let bytesTotal = 0;
  for (const input of inputs) bytesTotal += await fileBytes(input.file);
  let bytesDone = 0;
  const recordsByFile: number[] = [];
  for (const input of inputs) {
    const recordsBefore = records;
    const source = await fileSource(input.file);
    let number = 0;
    const pending: Array<{ at: ScannedRecord; text: string }> = [];
    // Buffer's UTF-8 slice is several times cheaper than TextDecoder.decode on record-sized views (the scanner has skipped the BOM).
    const scanner = new RecordScanner({
      record: (at, bytes) => pending.push({ at, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') }),
    });
    const handle = (at: ScannedRecord, text: string) => {
      number++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        skipped++;
        return;
      }
      const record = normalizeRecord(value, input.info).record;
      if (!record || record.layout === 'unrecognised') {
        skipped++;
        return;
      }
      records++;
      const conversations = recordConversations(record);
      // Reservoir sampling (Algorithm R) with a fixed seed: the same file gives the same sample.
      if (sample.length < options.sampleSize) sample.push(conversations);
      else {
        const j = Math.floor(nextRandom() * records);
        if (j < options.sampleSize) sample[j] = conversations;
      }
      let bound = 0;
      if (conversations.document !== undefined) bound = Buffer.byteLength(conversations.document) + Buffer.byteLength(options.specials.eos ?? '');
      else
        for (const m of conversations.conversations)
          bound = Math.max(bound, renderer.byteBound(m, conversations.tools) ?? Buffer.byteLength(renderer.render(m, conversations.tools)));
      totalBytes += bound;
      if (!options.exhaustive && bound + BOUND_MARGIN <= limit.limit) return;
      tokenized++;
      const texts = templatedTexts(conversations);
      let worst = -1;
      let tokens = 0;
      texts.forEach((t, i) => {
        const n = counter.count(t);
        if (n > tokens) [tokens, worst] = [n, i];
      });
      if (tokens <= limit.limit) return;
      overCount++;
      excessTokens += tokens - limit.limit;
      if (over.length < maxListed) {
        const truncation =
          limit.action === 'truncate-pairs' && worst >= 0 && conversations.document === undefined
            ? truncatePairs(
                turnPairs(conversations.conversations[worst], conversations.tools, renderer, counter, conversations.promptMessages),
                limit.limit,
                limit.lastTurnsFirst,
              )
            : undefined;
        over.push({ file: input.file, record: number, line: at.line + 1, tokens, excess: tokens - limit.limit, ...(truncation ? { truncation } : {}) });
      }
    };
    try {
      for await (const chunk of source.chunks(options.signal)) {
        scanner.push(chunk);
        for (const p of pending.splice(0)) {
          handle(p.at, p.text);
          await breathe();
        }
        bytesDone += chunk.length;
        options.onProgress?.(bytesDone, bytesTotal);
        await breathe();
        options.signal?.throwIfAborted();
      }
      scanner.finish();
      for (const p of pending.splice(0)) handle(p.at, p.text);
    } finally {
      await source.close();
    }
    recordsByFile.push(records - recordsBefore);
  }

  const prompt: number[] = [];
  const response: number[] = [];
  const whole: number[] = [];
  let sampleBytes = 0;
  let sampleTokens = 0;
  for (const c of sample) {
    await breathe();
    options.signal?.throwIfAborted();
    prompt.push(counter.count(c.prompt));
    response.push(counter.count(c.response));
    let tokens = 0;
    let bytes = 0;
    for (const t of templatedTexts(c)) {
      const n = counter.count(t);
      if (n > tokens) [tokens, bytes] = [n, Buffer.byteLength(t)];
    }
    whole.push(tokens);
    sampleTokens += tokens;
    sampleBytes += bytes;
  }
  const totalExact = sample.length === records;
  const totalTokens = totalExact ? sampleTokens : sampleBytes ? Math.round((totalBytes * sampleTokens) / sampleBytes) : 0;
  return {
    exact: counter.exact,
    chatTemplate: renderer.templated,
    records,
    recordsByFile,
    skipped,
    sampled: sample.length,
    prompt: distributionOf(prompt),
    response: distributionOf(response),
    whole: distributionOf(whole),
    totalTokens,
    totalExact,
    limit,
    overLimit: { count: overCount, excessTokens, records: over },
    tokenized,
    renderFailures: renderer.failures,
  };
}

/**
 * A conversation's (prompt, response) token pairs as LLaMA-Factory encodes them: in SFT each
 * assistant turn is a response, everything since the previous one its prompt; preference and
 * KTO records are one pair (the whole prompt, the response). Lengths come from rendering
 * growing prefixes, so the template's own markers are counted where they fall.
 */
function turnPairs(
  messages: readonly ChatMessage[],
  tools: unknown,
  renderer: ChatRenderer,
  counter: TokenCounter,
  promptMessages?: number,
): Array<[number, number]> {
  if (promptMessages !== undefined) {
    const source = counter.count(renderer.render(messages.slice(0, promptMessages), tools, true));
    const whole = counter.count(renderer.render(messages, tools));
    return [[source, Math.max(0, whole - source)]];
  }
  const pairs: Array<[number, number]> = [];
  let done = 0;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i].role !== 'assistant') continue;
    const source = counter.count(renderer.render(messages.slice(0, i), tools, true));
    const through = counter.count(renderer.render(messages.slice(0, i + 1), tools));
    pairs.push([Math.max(0, source - done), Math.max(0, through - source)]);
    done = through;
  }
  return pairs;
}

async function fileBytes(path: string): Promise<number> {
  const source = await fileSource(path);
  try {
    return await source.size();
  } finally {
    await source.close();
  }
}
