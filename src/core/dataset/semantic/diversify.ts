import type { EmbeddingCache } from '../../embeddings/embeddingCache';
import type { EmbeddingsClient } from '../../embeddings/embeddingsClient';
import { embedTexts } from '../../embeddings/embedTexts';
import type { ByteSource } from '../reading/byteSource';
import { greedyTwins } from './greedyTwins';
import { readRecordTexts } from './recordTexts';

export interface DiversifyRequest {
  candidates: ByteSource;
  /** Records already in the training set: a candidate too similar to one of them is rejected. */
  against: readonly ByteSource[];
  client: EmbeddingsClient;
  cache?: EmbeddingCache;
  threshold: number;
  /** A top-level numeric field: candidates with the highest score are considered first. */
  scoreField?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Why a candidate was rejected: the record it is too similar to. */
export interface Rejection {
  /** 0-based candidate index. */
  index: number;
  /** Which file the twin is in: -1 for the candidates file itself, else an index into `against`. */
  twinFile: number;
  /** 0-based index of the twin in its file. */
  twinIndex: number;
  similarity: number;
}

export interface DiversifyResult {
  records: number;
  admitted: number;
  rejections: Rejection[];
  /** Candidates without text to embed (unparsable, empty): admitted as they are. */
  unembedded: number;
  againstRecords: number;
  sent: number;
  cached: number;
  /** Time waiting for the endpoint, and the filter's own time (reading, cache, index, search). */
  endpointMs: number;
  totalMs: number;
  indexKind: string;
}

/**
 * The diversity filter of the fine-tuning rules: candidates in order (file order, or best score
 * first), each admitted only when its embedding is below `threshold` cosine similarity to every
 * record of the reference set and every admitted candidate.
 */
export async function diversify(request: DiversifyRequest): Promise<DiversifyResult> {
  const started = Date.now();
  const { signal } = request;
  const candidates = await readRecordTexts(request.candidates, { signal, keepValues: request.scoreField !== undefined });
  const against = [];
  for (const source of request.against) against.push(await readRecordTexts(source, { signal }));
  // One list of texts to embed: the reference records (with their file), then the candidates.
  const owners: Array<{ file: number; index: number }> = [];
  const texts: string[] = [];
  against.forEach((read, file) =>
    read.texts.forEach((text, index) => {
      if (text === undefined) return;
      owners.push({ file, index });
      texts.push(text);
    }),
  );
  const referenceCount = texts.length;
  const candidateSlots: number[] = [];
  candidates.texts.forEach((text) => {
    candidateSlots.push(text === undefined ? -1 : texts.length);
    if (text !== undefined) texts.push(text);
  });
  const embedded = await embedTexts(request.client, request.cache, texts, { signal, onProgress: request.onProgress });
  const vectors = candidateSlots.map((slot) => (slot < 0 ? undefined : embedded.vectors[slot]));
  const order = request.scoreField ? scoreOrder(candidates.values ?? [], request.scoreField) : undefined;
  const result = greedyTwins(vectors, embedded.vectors.slice(0, referenceCount), { threshold: request.threshold, mode: 'admit', order, signal });
  const rejections: Rejection[] = [];
  result.twins.forEach((twin, index) => {
    if (!twin) return;
    const owner = twin.from === 'against' ? owners[twin.index] : { file: -1, index: twin.index };
    rejections.push({ index, twinFile: owner.file, twinIndex: owner.index, similarity: Math.min(1, twin.similarity) });
  });
  return {
    records: candidates.texts.length,
    admitted: result.admitted,
    rejections,
    unembedded: result.unembedded,
    againstRecords: against.reduce((n, read) => n + read.texts.length, 0),
    sent: embedded.sent,
    cached: embedded.cached,
    endpointMs: embedded.endpointMs,
    totalMs: Date.now() - started,
    indexKind: result.indexKind,
  };
}

/** Indices by descending numeric score; records without a number keep file order after them. */
export function scoreOrder(values: readonly unknown[], field: string): number[] {
  const score = (value: unknown) => {
    const raw = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[field] : undefined;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    return Number.isFinite(n) ? n : -Infinity;
  };
  const scores = values.map(score);
  return values.map((_, i) => i).sort((a, b) => (scores[b] === scores[a] ? a - b : scores[b] > scores[a] ? 1 : -1));
}
