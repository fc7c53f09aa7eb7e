import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { isCjk } from '../../text/characters';
import { countOnly } from './countOnly';
import { installFastBpe } from './fastBpe';
import { installFastByteLevel } from './fastByteLevel';

/** Counts the tokens of a text: with the model's own tokenizer (exact) or a labelled estimate. */
export interface TokenCounter {
  readonly exact: boolean;
  count(text: string): number;
}

export interface ModelTokenizer {
  dir: string;
  counter: TokenCounter;
  /** The Jinja chat template of `tokenizer_config.json` (or `chat_template.jinja`), when the model has one. */
  chatTemplate?: string;
  eosToken?: string;
  bosToken?: string;
  /** The id of a token of the vocabulary or of the added (special) tokens; undefined when it is not one token. */
  tokenId(token: string): number | undefined;
  /** The ids generation stops at: `eos_token_id` of generation_config.json, else of config.json (a number or a list), and the file it came from. */
  modelEos?: { ids: number[]; file: string };
}

/** A loaded tokenizer is kept per folder and modification time: tokenizer.json is ~10 MB and takes a second to load. */
const cache = new Map<string, Promise<ModelTokenizer>>();

/** Loads tokenizer.json (and the chat template and special tokens) from a local folder; never downloads. */
export function loadModelTokenizer(dir: string): Promise<ModelTokenizer> {
  const key = `${dir}\0${statSync(join(dir, 'tokenizer.json')).mtimeMs}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = readTokenizer(dir);
    loaded.catch(() => cache.delete(key));
    if (cache.size > 4) cache.clear();
    cache.set(key, loaded);
  }
  return loaded;
}

async function readTokenizer(dir: string): Promise<ModelTokenizer> {
  const json: unknown = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8'));
  const configPath = join(dir, 'tokenizer_config.json');
  const config = existsSync(configPath) ? (JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>) : {};
  const tokenizer = new Tokenizer(json as object, config);
  const tokenId = tokenIds(json);
  const modelEos = (await eosOf(dir, 'generation_config.json')) ?? (await eosOf(dir, 'config.json'));
  installFastBpe(tokenizer.model);
  installFastByteLevel((tokenizer as unknown as { pre_tokenizer?: unknown }).pre_tokenizer);
  const jinjaPath = join(dir, 'chat_template.jinja');
  const chatTemplate = templateOf(config.chat_template) ?? (existsSync(jinjaPath) ? await readFile(jinjaPath, 'utf8') : undefined);
  return {
    dir,
    // Special tokens are in the rendered template text already: none are added here.
    counter: { exact: true, count: countOnly(tokenizer) ?? ((text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length) },
    chatTemplate,
    eosToken: tokenText(config.eos_token),
    bosToken: tokenText(config.bos_token),
    tokenId,
    modelEos,
  };
}

/** Token → id from tokenizer.json: the added tokens (where special tokens live), then the model's vocabulary. */
function tokenIds(json: unknown): (token: string) => number | undefined {
  const { added_tokens: added, model } = json as { added_tokens?: Array<{ id?: unknown; content?: unknown }>; model?: { vocab?: unknown } };
  const ids = new Map<string, number>();
  for (const t of added ?? []) if (typeof t.content === 'string' && typeof t.id === 'number') ids.set(t.content, t.id);
  const vocab = model?.vocab;
  return (token) => {
    const id = ids.get(token);
    if (id !== undefined) return id;
    // BPE / WordPiece: an object token → id; Unigram: a list of [piece, score] whose index is the id.
    if (Array.isArray(vocab)) {
      const index = vocab.findIndex((entry) => Array.isArray(entry) && entry[0] === token);
      return index >= 0 ? index : undefined;
    }
    if (vocab && typeof vocab === 'object' && Object.prototype.hasOwnProperty.call(vocab, token)) {
      const value = (vocab as Record<string, unknown>)[token];
      return typeof value === 'number' ? value : undefined;
    }
    return undefined;
  };
}

async function eosOf(dir: string, file: string): Promise<{ ids: number[]; file: string } | undefined> {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = (JSON.parse(await readFile(path, 'utf8')) as { eos_token_id?: unknown }).eos_token_id;
  } catch {
    return undefined;
  }
  const ids = typeof value === 'number' ? [value] : Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
  return ids.length ? { ids, file } : undefined;
}

/** `chat_template` is a string, or a list of named templates of which `default` is the chat one. */
function templateOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value;
  if (Array.isArray(value)) {
    const named = value as Array<{ name?: unknown; template?: unknown }>;
    const chosen = named.find((t) => t.name === 'default') ?? named[0];
    return typeof chosen?.template === 'string' ? chosen.template : undefined;
  }
  return undefined;
}

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return undefined;
}

/**
 * Without the model's tokenizer: about one token per 1.5 CJK characters and per 4 other
 * characters (Qwen-like tokenizers on the corpus demo sets; see src/core/text/scriptLength.ts).
 * Always labelled as an estimate, never used for warnings.
 */
export const ESTIMATE_COUNTER: TokenCounter = {
  exact: false,
  count(text) {
    let cjk = 0;
    let other = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff) continue;
      if (isCjk(c)) cjk++;
      else other++;
    }
    return Math.ceil(cjk / 1.5 + other / 4);
  },
};
