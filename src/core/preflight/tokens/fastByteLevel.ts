/**
 * A faster byte-level pre-tokenizer step (GPT-2 / Qwen / Llama 3 tokenizers), swapped into a
 * loaded @huggingface/tokenizers pipeline. The library maps every pre-token with
 * `Array.from(new TextEncoder().encode(token), (b) => table[b]).join('')`: a byte array, an
 * array of one-character strings and a join per word, which was the largest single cost of
 * counting (and most of the garbage). This one encodes UTF-8 by hand straight into the
 * byte → character table and keeps recent words (English repeats them), giving the same
 * strings; the tests compare token ids with the library's own step.
 */
interface ByteLevelInternals {
  add_prefix_space?: boolean;
  use_regex?: boolean;
  pattern?: RegExp;
  byte_encoder?: Record<number, string> | string[];
  pre_tokenize_text?: (text: string, options?: unknown) => string[];
}

const MAX_CACHED = 50_000;

/** Replaces `pre_tokenize_text` of every ByteLevel step of a tokenizer's pre-tokenizer; returns how many were replaced. */
export function installFastByteLevel(preTokenizer: unknown): number {
  let installed = 0;
  const visit = (node: unknown): void => {
    // The library's steps are callable objects (functions), not plain objects.
    if (!node || (typeof node !== 'object' && typeof node !== 'function')) return;
    const steps = (node as { tokenizers?: unknown[]; pre_tokenizers?: unknown[] }).tokenizers ?? (node as { pre_tokenizers?: unknown[] }).pre_tokenizers;
    if (Array.isArray(steps)) steps.forEach(visit);
    // Recognised by shape, not class name (bundlers rename classes): the byte → character table and the step to replace.
    if ('byte_encoder' in node && install(node as ByteLevelInternals)) installed++;
  };
  visit(preTokenizer);
  return installed;
}

function install(step: ByteLevelInternals): boolean {
  const encoder = step.byte_encoder;
  if (!encoder || typeof step.pre_tokenize_text !== 'function') return false;
  const table: string[] = [];
  for (let b = 0; b < 256; b++) {
    const c = (encoder as Record<number, string>)[b];
    if (typeof c !== 'string') return false;
    table.push(c);
  }
  const cache = new Map<string, string>();
  const map = (token: string): string => {
    const hit = cache.get(token);
    if (hit !== undefined) return hit;
    const out = byteLevel(token, table);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(token, out);
    return out;
  };
  step.pre_tokenize_text = (text: string): string[] => {
    if (step.add_prefix_space && !text.startsWith(' ')) text = ' ' + text;
    const tokens = step.use_regex && step.pattern ? (text.match(step.pattern) ?? []) : [text];
    return tokens.map(map);
  };
  return true;
}

/** The token's UTF-8 bytes, each as its table character (lone surrogates as U+FFFD, as TextEncoder does). */
export function byteLevel(token: string, table: readonly string[]): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    let c = token.charCodeAt(i);
    if (c < 0x80) {
      out += table[c];
      continue;
    }
    if (c < 0x800) {
      out += table[0xc0 | (c >> 6)] + table[0x80 | (c & 0x3f)];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < token.length ? token.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out += table[0xf0 | (cp >> 18)] + table[0x80 | ((cp >> 12) & 0x3f)] + table[0x80 | ((cp >> 6) & 0x3f)] + table[0x80 | (cp & 0x3f)];
        continue;
      }
      c = 0xfffd;
    }
    out += table[0xe0 | (c >> 12)] + table[0x80 | ((c >> 6) & 0x3f)] + table[0x80 | (c & 0x3f)];
  }
  return out;
}
