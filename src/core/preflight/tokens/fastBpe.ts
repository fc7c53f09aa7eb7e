/**
 * A faster merge loop for byte-level BPE models (Qwen, Llama 3, GPT-2 style), swapped into a
 * loaded @huggingface/tokenizers model. The library's loop looks each pair up with
 * `JSON.stringify([a, b])`, concatenates strings and allocates a node object per merge; on
 * Chinese text, whose pre-tokens are long runs without spaces that the word cache never sees
 * twice, that made tokenizing ~26 k tokens/s. This one works on vocabulary ids: pair →
 * (rank, merged id) in one numeric map, symbols in typed arrays, candidate merges in a binary
 * heap keyed by (rank, position). Same merges in the same order (lowest rank first, leftmost
 * on ties) as the library and the Rust original, which the tests check token for token on the
 * real Qwen tokenizer. Words with a symbol outside the vocabulary keep the library's loop.
 */
interface BpeModelInternals {
  merges?: Array<[string, string]>;
  tokens_to_ids?: Map<string, number>;
  vocab?: string[];
  end_of_word_suffix?: string | null;
  continuing_subword_suffix?: string | null;
  max_length_to_cache?: number;
  bpe?: (token: string) => string[];
}

/** Ids below 2^20 and positions below 2^21 pack into exact doubles. */
const ID_SPACE = 2 ** 20;
const POSITIONS = 2 ** 21;

export function installFastBpe(model: unknown): boolean {
  const m = model as BpeModelInternals | null;
  if (
    !m ||
    typeof m.bpe !== 'function' ||
    !Array.isArray(m.merges) ||
    !m.tokens_to_ids ||
    !Array.isArray(m.vocab) ||
    m.end_of_word_suffix ||
    m.continuing_subword_suffix
  )
    return false;
  const ids = m.tokens_to_ids;
  const vocab = m.vocab;
  if (vocab.length >= ID_SPACE) return false;
  // By left id, then right id (small integers: V8's fastest map keys) → rank × ID_SPACE + merged id; the first rank wins, as in the library's map.
  const merges = new Array<Map<number, number> | undefined>(vocab.length);
  for (let rank = 0; rank < m.merges.length; rank++) {
    const [a, b] = m.merges[rank];
    const ia = ids.get(a);
    const ib = ids.get(b);
    const merged = ids.get(a + b);
    if (ia === undefined || ib === undefined || merged === undefined) continue;
    const inner = (merges[ia] ??= new Map<number, number>());
    if (!inner.has(ib)) inner.set(ib, rank * ID_SPACE + merged);
  }
  const original = m.bpe.bind(m);
  // A plain map, emptied when full: the library's LRU moves every hit (delete + set), which cost more than the merges.
  const cache = new Map<string, string[]>();
  const maxCached = m.max_length_to_cache ?? 256;
  m.bpe = (token: string): string[] => {
    if (token.length === 0) return [];
    const cached = cache.get(token);
    if (cached !== undefined) return cached;
    const result = mergeWord(token, ids, vocab, merges) ?? original(token);
    if (token.length < maxCached) {
      if (cache.size >= 100_000) cache.clear();
      cache.set(token, result);
    }
    return result;
  };
  return true;
}

function mergeWord(token: string, ids: Map<string, number>, vocab: string[], merges: Array<Map<number, number> | undefined>): string[] | undefined {
  const chars = Array.from(token);
  const n = chars.length;
  const symbol = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids.get(chars[i]);
    if (id === undefined) return undefined;
    symbol[i] = id;
  }
  if (n < 2) return chars;
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  // The merge (rank × ID_SPACE + merged id) of the pair starting at each symbol, kept current: a popped entry is stale when it differs.
  const pairMerge = new Float64Array(n).fill(-1);
  const heap: number[] = [];
  const push = (i: number) => {
    const j = next[i];
    const merge = j < 0 ? undefined : merges[symbol[i]]?.get(symbol[j]);
    if (merge === undefined) {
      pairMerge[i] = -1;
      return;
    }
    pairMerge[i] = merge;
    heap.push(Math.floor(merge / ID_SPACE) * POSITIONS + i);
    let c = heap.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (heap[p] <= heap[c]) break;
      [heap[p], heap[c]] = [heap[c], heap[p]];
      c = p;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop() as number;
    if (heap.length) {
      heap[0] = last;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let s = c;
        if (l < heap.length && heap[l] < heap[s]) s = l;
        if (r < heap.length && heap[r] < heap[s]) s = r;
        if (s === c) break;
        [heap[s], heap[c]] = [heap[c], heap[s]];
        c = s;
      }
    }
    return top;
  };
  const alive = new Uint8Array(n).fill(1);
  for (let i = 0; i < n - 1; i++) push(i);
  while (heap.length) {
    const entry = pop();
    const i = entry % POSITIONS;
    const rank = (entry - i) / POSITIONS;
    const merge = pairMerge[i];
    if (!alive[i] || merge < 0 || Math.floor(merge / ID_SPACE) !== rank) continue;
    const j = next[i];
    symbol[i] = merge % ID_SPACE;
    alive[j] = 0;
    next[i] = next[j];
    if (next[j] >= 0) prev[next[j]] = i;
    if (prev[i] >= 0) push(prev[i]);
    push(i);
  }
  const out: string[] = [];
  for (let i = 0; i >= 0; i = next[i]) out.push(vocab[symbol[i]]);
  return out;
}
