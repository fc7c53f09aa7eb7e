import type { Finding, RelatedRecord, Severity } from '../../../shared/findings';
import { msg } from '../../../shared/messageTemplate';
import type { EmbeddingCache } from '../../embeddings/embeddingCache';
import type { EmbeddingsClient } from '../../embeddings/embeddingsClient';
import { embedTexts } from '../../embeddings/embedTexts';
import type { ByteSource } from '../reading/byteSource';
import { greedyTwins } from './greedyTwins';
import { readRecordTexts } from './recordTexts';

export interface SemanticPassOptions {
  client: EmbeddingsClient;
  cache?: EmbeddingCache;
  threshold: number;
  /** The code's severity under the settings (undefined: off, nothing is embedded). */
  severity: Severity | undefined;
  /** 0-based records the lexical analysis already reported as exact copies: left to that code. */
  skip?: ReadonlySet<number>;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface SemanticPassResult {
  findings: Finding[];
  records: number;
  embedded: number;
  cached: number;
  sent: number;
  endpointMs: number;
  indexKind: string;
}

/**
 * The opt-in semantic pass, run after the lexical analysis: embeds every record's text (through
 * the cache), and reports each record whose embedding is at least `threshold` similar to an
 * earlier record's, linked to the most similar one, as `near-duplicate` links its twin. Its
 * findings are plain `Finding`s that join the report's.
 */
export async function semanticDuplicateFindings(source: ByteSource, options: SemanticPassOptions): Promise<SemanticPassResult> {
  const empty: SemanticPassResult = { findings: [], records: 0, embedded: 0, cached: 0, sent: 0, endpointMs: 0, indexKind: 'none' };
  if (!options.severity) return empty;
  const read = await readRecordTexts(source, { signal: options.signal });
  const wanted = read.texts.map((text, i) => (text !== undefined && !options.skip?.has(i) ? i : -1)).filter((i) => i >= 0);
  const embedded = await embedTexts(
    options.client,
    options.cache,
    wanted.map((i) => read.texts[i]!),
    { signal: options.signal, onProgress: options.onProgress },
  );
  const vectors = new Array<Float32Array | undefined>(read.texts.length).fill(undefined);
  wanted.forEach((i, k) => (vectors[i] = embedded.vectors[k]));
  const result = greedyTwins(vectors, [], { threshold: options.threshold, mode: 'all', signal: options.signal });
  const related = new Map<number, RelatedRecord[]>();
  const findings: Finding[] = [];
  result.twins.forEach((twin, index) => {
    if (!twin) return;
    let link = related.get(twin.index);
    if (!link) {
      link = [{ record: twin.index + 1, range: read.heads[twin.index], message: msg('The earlier, similar record {0}.'), args: [twin.index + 1] }];
      related.set(twin.index, link);
    }
    const similarity = Math.min(1, Math.round(twin.similarity * 1000) / 1000);
    const place = read.places[index];
    findings.push({
      code: 'semantic-duplicate',
      severity: options.severity!,
      record: index + 1,
      range: read.heads[index],
      message: msg('Semantic duplicate of record {0}: {1}% similar in meaning (cosine of embeddings, threshold {2}%).'),
      args: [twin.index + 1, Math.min(100, Math.floor(twin.similarity * 1000) / 10), Math.round(options.threshold * 100)],
      related: link,
      data: {
        recordRange: read.extents[index],
        container: read.container,
        byteStart: place.byteStart,
        byteEnd: place.byteEnd,
        twin: twin.index + 1,
        similarity,
        measured: similarity,
        threshold: options.threshold,
      },
    });
  });
  return {
    findings,
    records: read.texts.length,
    embedded: wanted.length,
    cached: embedded.cached,
    sent: embedded.sent,
    endpointMs: embedded.endpointMs,
    indexKind: result.indexKind,
  };
}
