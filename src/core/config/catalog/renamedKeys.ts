import type { ConfigFramework } from '../kinds/configKind';

/**
 * Keys a framework renamed: configs written for an older version still use the old name, which
 * the current version refuses (LLaMA-Factory, TRL) or ignores. From the frameworks' release
 * notes; Hugging Face's `evaluation_strategy` → `eval_strategy` (Transformers 4.41) reaches every
 * framework that takes TrainingArguments.
 */
export const RENAMED_KEYS: Readonly<Record<Exclude<ConfigFramework, 'axolotl'>, Readonly<Record<string, string>>>> = {
  llamafactory: {
    checkpoint_dir: 'adapter_name_or_path',
    num_layer_trainable: 'freeze_trainable_layers',
    name_module_trainable: 'freeze_trainable_modules',
    dpo_beta: 'pref_beta',
    dpo_ftx: 'pref_ftx',
    dpo_loss: 'pref_loss',
    orpo_beta: 'pref_beta',
    cache_path: 'tokenized_path',
    image_resolution: 'image_max_pixels',
    video_resolution: 'video_max_pixels',
    evaluation_strategy: 'eval_strategy',
  },
  trl: {
    evaluation_strategy: 'eval_strategy',
  },
};

/**
 * Renames whose meaning changed with the name: LLaMA-Factory's `image_resolution` bounded the
 * longest side of an image, `image_max_pixels` bounds width × height (default 768 × 768). A plain
 * rename would keep `512` and shrink every image to about 22 × 22 pixels, so the fix squares it.
 */
export const SIDE_TO_PIXELS_RENAMES: ReadonlySet<string> = new Set(['image_resolution', 'video_resolution']);

/** The LLaMA-Factory command that reads each kind's keys, for "belongs to" messages. */
export const LLAMA_FACTORY_COMMANDS: Readonly<Record<string, string>> = {
  'llamafactory-train': 'llamafactory-cli train',
  'llamafactory-infer': 'llamafactory-cli chat',
  'llamafactory-export': 'llamafactory-cli export',
  'llamafactory-eval': 'llamafactory-cli eval',
};
