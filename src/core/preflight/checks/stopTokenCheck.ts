import type { ConfigFinding } from '../../config/configFindings';
import { topLevelEntry } from '../../config/document/configTree';
import { configFinding } from '../../config/rules/configRule';
import { msg } from '../../../shared/messageTemplate';
import type { PreflightCheck } from '../preflightTypes';
import type { ModelTokenizer } from '../tokens/modelTokenizer';
import { loadModelTokenizer } from '../tokens/modelTokenizer';
import { looksLikeBaseModel, stopOfTemplate } from '../tokens/templateStops';
import { locateTokenizer, modelOf } from './tokensCheck';

/**
 * The token LLaMA-Factory's `template` ends every answer with, held against the model's own
 * tokenizer files (only when they are on disk; nothing is downloaded):
 *
 * - `stop-token-unknown`: not a token of the tokenizer at all. LLaMA-Factory's
 *   `fix_special_tokens` adds it as a new token with an untrained embedding (and logs "New
 *   tokens have been added, make sure `resize_vocab` is True"). An info when `resize_vocab: true`
 *   says the user meant it.
 * - `stop-token-not-eos`: a token of the tokenizer, but not among the ids the model's
 *   generation_config.json (else config.json) stops at: the trained model ends its answers with
 *   a token transformers' `generate` does not stop on. An info: LLaMA-Factory's own chat and
 *   export know the template's stop words, and fine-tuning a base model this way is common.
 * - `base-model-chat-template`: a base checkpoint (by its publisher's naming, or a tokenizer
 *   without a chat template) trained with a template whose markers it never saw. An info only:
 *   LLaMA-Factory's own examples fine-tune Qwen2.5-7B with `template: qwen`.
 *
 * Pre-training (`stage: pt`) does not use the template's turns and is not checked.
 */
export const stopTokenCheck: PreflightCheck = {
  id: 'stop-token',
  async run(context) {
    const { check, values } = context;
    if (!check.kind.startsWith('llamafactory-') || values.stage === 'pt') return { findings: [] };
    const template = values.template;
    if (typeof template !== 'string') return { findings: [] };
    const stop = stopOfTemplate(template);
    const entry = topLevelEntry(check.document, 'template');
    if (!stop || !entry) return { findings: [] };
    const range = entry.value.range;
    const model = modelOf(context) ?? '';
    const location = locateTokenizer(context);
    let tokenizer: ModelTokenizer | undefined;
    if (location.found) {
      context.progress(msg('Loading the tokenizer'));
      tokenizer = await loadModelTokenizer(location.dir).catch(() => undefined);
    }
    const findings: ConfigFinding[] = [];
    const id = tokenizer?.tokenId(stop.token);
    if (tokenizer && id === undefined) {
      const f = configFinding(
        'stop-token-unknown',
        range,
        msg(
          "Template {0} ends every answer with {1}, which is not a token of the model's tokenizer ({2}): LLaMA-Factory adds it as a new token with an untrained embedding, so the model must learn from nothing where to stop (and resize_vocab must be true). Use the model's own template.",
        ),
        [template, stop.token, tokenizer.dir],
        { key: 'template' },
      );
      if (values.resize_vocab === true) f.severity = 'info';
      return { findings: [f] };
    }
    if (tokenizer && id !== undefined && tokenizer.modelEos && !tokenizer.modelEos.ids.includes(id)) {
      findings.push(
        configFinding(
          'stop-token-not-eos',
          range,
          msg(
            "Template {0} ends every answer with {1} (id {2}), but the model's {3} stops generation at {4} only: the trained model ends its answers with a token that transformers' generate does not stop on. Add {2} to eos_token_id in the trained model's {3}, or serve it with LLaMA-Factory, which stops on the template's stop words.",
          ),
          [template, stop.token, id, tokenizer.modelEos.file, tokenizer.modelEos.ids.join(', ')],
          { key: 'template' },
        ),
      );
    }
    const byName = looksLikeBaseModel(model);
    if (byName || (tokenizer && !tokenizer.chatTemplate)) {
      findings.push(
        configFinding(
          'base-model-chat-template',
          range,
          byName
            ? msg(
                "{0} is a base model by its name: template {1}'s markers ({2}) were never trained in it. Fine-tuning teaches them and is common, but takes more data than tuning the instruct model; LLaMA-Factory's README allows default, alpaca or vicuna for base models. Serve the result with the same template.",
              )
            : msg(
                "{0} looks like a base model (its tokenizer has no chat template): template {1}'s markers ({2}) were never trained in it. Fine-tuning teaches them and is common, but takes more data than tuning an instruct model; LLaMA-Factory's README allows default, alpaca or vicuna for base models. Serve the result with the same template.",
              ),
          [model || '—', template, stop.markers.join(' ')],
          { key: 'template' },
        ),
      );
    }
    return { findings };
  },
};
