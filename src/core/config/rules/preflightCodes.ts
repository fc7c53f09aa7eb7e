import { msg } from '../../../shared/messageTemplate';
import { defineConfigRule } from './configRule';

/**
 * The codes the pre-flight checks report (src/core/preflight: config ↔ dataset_info.json ↔
 * data, tokens), declared here so that they are in the catalogue, the settings and the docs
 * with every rule's codes. The checks themselves need the file system, so they run in the
 * pre-flight and the adapters, not in the pure config check.
 */
export const preflightCodes = defineConfigRule({
  info: [
    {
      code: 'unknown-dataset',
      defaultSeverity: 'error',
      title: msg('Dataset not in dataset_info.json'),
      why: msg(
        'LLaMA-Factory looks every name of dataset and eval_dataset up in dataset_info.json of dataset_dir and stops with "Undefined dataset" when one is missing.',
      ),
      settings: [],
    },
    {
      code: 'data-file-missing',
      defaultSeverity: 'error',
      title: msg('Data file not found'),
      why: msg('LLaMA-Factory reads file_name relative to dataset_dir and stops with "File not found" when it is not there.'),
      settings: [],
    },
    {
      code: 'stage-data-mismatch',
      defaultSeverity: 'error',
      title: msg('The stage does not fit the data'),
      why: msg(
        'LLaMA-Factory refuses datasets without ranking: true in the rm and dpo stages and ranking datasets in every other stage ("The dataset is not applicable in the current training stage"); KTO without a kto_tag column and pre-training on conversations train on something else than intended (warnings).',
      ),
      settings: [],
    },
    {
      code: 'template-mismatch',
      defaultSeverity: 'warning',
      title: msg('Chat template of another model family'),
      why: msg(
        'A template of another family formats turns with tokens the model never saw and ends answers with an end-of-turn token it does not produce, so the fine-tuned model does not stop.',
      ),
      settings: [],
    },
    {
      code: 'mixed-file-types',
      defaultSeverity: 'error',
      title: msg('Files of one dataset have different types'),
      why: msg(
        'When file_name is a folder, LLaMA-Factory loads every file in it and stops with "File types should be identical" when their extensions differ.',
      ),
      settings: [],
    },
    {
      code: 'formatting-mismatch',
      defaultSeverity: 'warning',
      title: msg('formatting does not match the data'),
      why: msg(
        'An alpaca entry over conversation records (or the other way round) makes LLaMA-Factory read empty prompts or fail on a missing column: "Cannot find valid samples".',
      ),
      settings: [],
    },
    {
      code: 'column-missing',
      defaultSeverity: 'warning',
      title: msg('Column not in the data'),
      why: msg(
        'A column named in dataset_info.json (or its default) that the records do not have is read as missing: LLaMA-Factory stops on it or drops every record.',
      ),
      settings: [],
    },
    {
      code: 'tags-mismatch',
      defaultSeverity: 'warning',
      title: msg('Role tags do not match the messages'),
      why: msg(
        'LLaMA-Factory reads each message\'s role and content with role_tag and content_tag and accepts only the configured role values; a mismatch skips every record ("Invalid role tag").',
      ),
      settings: [],
    },
    {
      code: 'ranking-mismatch',
      defaultSeverity: 'warning',
      title: msg('ranking does not match the data'),
      why: msg(
        'Records with chosen and rejected answers under an entry without ranking: true are read as plain SFT data, and the preference pairs are ignored.',
      ),
      settings: [],
    },
    {
      code: 'unused-dataset',
      defaultSeverity: 'info',
      title: msg('No config uses this dataset'),
      why: msg("An entry that no config of the project names is not trained on; a typo in a config's dataset name often shows up here too."),
      settings: [],
    },
    {
      code: 'over-cutoff',
      defaultSeverity: 'warning',
      title: msg('Records longer than the sequence limit'),
      why: msg(
        "Counted with the model's own tokenizer and chat template: records over cutoff_len (LLaMA-Factory), sequence_len (Axolotl) or max_length (TRL) are silently truncated or dropped, so the model never learns how those answers end. A note only when the tokenizer was not found and the counts are estimates.",
      ),
      settings: ['preflight.tokenizerPath', 'preflight.sampleSize'],
    },
    {
      code: 'tokenizer-missing',
      defaultSeverity: 'info',
      title: msg('Model tokenizer not found'),
      why: msg(
        "Token counts need the model's tokenizer.json, read from the local model folder, the Hugging Face cache or a setting; TuneLab never downloads it, and falls back to a labelled estimate.",
      ),
      settings: ['preflight.tokenizerPath'],
    },
    {
      code: 'stop-token-unknown',
      defaultSeverity: 'warning',
      title: msg("The template's stop token is not in the tokenizer"),
      why: msg(
        "The token the template ends every answer with is not a token of the model's tokenizer: LLaMA-Factory adds it with an untrained embedding, so the model has to learn from nothing where to stop. An info with resize_vocab: true.",
      ),
      settings: ['preflight.tokenizerPath'],
    },
    {
      code: 'stop-token-not-eos',
      defaultSeverity: 'info',
      title: msg("The template's stop token is not the model's EOS"),
      why: msg(
        "The model learns to end answers with the template's stop token, but its generation_config.json stops generation at other ids: transformers' generate does not stop after an answer until the id is added.",
      ),
      settings: ['preflight.tokenizerPath'],
    },
    {
      code: 'base-model-chat-template',
      defaultSeverity: 'info',
      title: msg('Base model with a chat template'),
      why: msg(
        "A base checkpoint never saw the chat template's special markers: fine-tuning teaches them (common and legitimate), but it takes more data than tuning the instruct model.",
      ),
      settings: [],
    },
  ],
  check: () => [],
});
