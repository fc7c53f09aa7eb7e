/**
 * A count-only path through a loaded @huggingface/tokenizers Tokenizer: the pre-flight needs how
 * many tokens a text has, never the ids. `encode` builds the token strings, maps each to its id,
 * fills an attention mask and runs the post-processor; this walks the same steps as
 * `encode_text` (added-token split, normalizer, pre-tokenizer) and adds up, per pre-token, the
 * number of tokens the model gives it, cached by pre-token (words recur: " the", "，", "\n").
 *
 * Exact by construction where it is used: a BPE model encodes each pre-token on its own (the
 * count of one is `model([pretoken]).length`, the library's own call), and it is installed only
 * when nothing joins or adds tokens across pre-tokens: no `fuse_unk`, and no post-processor or
 * the ByteLevel one (which adds no token). Otherwise undefined: the caller keeps `encode`. The
 * unit tests hold it to `encode(...).ids.length` on the real Qwen tokenizer.
 */
interface TokenizerInternals {
  model?: ((tokens: string[]) => string[]) & { fuse_unk?: boolean; bpe?: unknown; config?: { type?: string } };
  post_processor?: { config?: { type?: string } } | null;
  splitter_unnormalized?: { split(text: string): string[] };
  splitter_normalized?: { split(text: string): string[] };
  added_tokens_map?: Map<string, { lstrip?: boolean; rstrip?: boolean }>;
  normalizer?: ((text: string) => string) | null;
  pre_tokenizer?: ((text: string, options: { section_index: number }) => string[]) | null;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
}

const MAX_CACHED = 200_000;

export function countOnly(tokenizer: unknown): ((text: string) => number) | undefined {
  const t = tokenizer as TokenizerInternals;
  const model = t.model;
  const added = t.added_tokens_map;
  const split1 = t.splitter_unnormalized;
  const split2 = t.splitter_normalized;
  if (typeof model !== 'function' || typeof model.bpe !== 'function' || model.fuse_unk || !added || !split1 || !split2) return undefined;
  if (t.post_processor && t.post_processor.config?.type !== 'ByteLevel') return undefined;
  if (t.remove_space || t.do_lowercase_and_remove_accent) return undefined;
  const normalizer = t.normalizer ?? null;
  const preTokenizer = t.pre_tokenizer ?? null;
  const cache = new Map<string, number>();
  const countPiece = (piece: string): number => {
    let n = cache.get(piece);
    if (n === undefined) {
      n = model([piece]).length;
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(piece, n);
    }
    return n;
  };
  /** lstrip / rstrip of added tokens trim their neighbours, as encode_text does. */
  const strip = (sections: string[]) => {
    for (let i = 0; i < sections.length; i++) {
      const token = added.get(sections[i]);
      if (!token) continue;
      if (token.lstrip && i > 0) sections[i - 1] = sections[i - 1].trimEnd();
      if (token.rstrip && i < sections.length - 1) sections[i + 1] = sections[i + 1].trimStart();
    }
    return sections;
  };
  return (text: string): number => {
    let count = 0;
    const sections = strip(split1.split(text));
    for (let index = 0; index < sections.length; index++) {
      let section = sections[index];
      if (section.length === 0) continue;
      if (added.has(section)) {
        count++;
        continue;
      }
      if (normalizer) section = normalizer(section);
      if (section.length === 0) continue;
      for (const sub of strip(split2.split(section))) {
        if (sub.length === 0) continue;
        if (added.has(sub)) {
          count++;
          continue;
        }
        if (!preTokenizer) count += countPiece(sub);
        else for (const piece of preTokenizer(sub, { section_index: index })) count += countPiece(piece);
      }
    }
    return count;
  };
}
