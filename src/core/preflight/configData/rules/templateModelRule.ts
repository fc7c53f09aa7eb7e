import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { topLevelEntry } from '../../../config/document/configTree';
import { msg } from '../../../../shared/messageTemplate';
import type { ConfigDataContext, ConfigDataRule } from '../configDataRule';
import { FAMILY_TEMPLATES, familyOfModel, familyOfTemplate } from '../modelTemplates';

/**
 * A template of another model family than model_name_or_path (Qwen2.5 with llama3). Only when
 * both the model and the template belong to one known family each; anything else says nothing.
 */
export const templateModelRule: ConfigDataRule = {
  codes: ['template-mismatch'],
  check(context: ConfigDataContext): ConfigFinding[] {
    const template = context.values.template;
    const model = context.values.model_name_or_path;
    if (typeof template !== 'string' || typeof model !== 'string') return [];
    const modelFamily = familyOfModel(model);
    const templateFamily = familyOfTemplate(template);
    if (!modelFamily || !templateFamily || modelFamily === templateFamily) return [];
    const entry = topLevelEntry(context.document, 'template');
    if (!entry) return [];
    const expected = FAMILY_TEMPLATES[modelFamily];
    // No quick fix: which of the family's templates fits (qwen3 or qwen3_nothink, gemma2 or gemma3) depends on the model's version.
    return [
      configFinding(
        'template-mismatch',
        entry.value.range,
        msg(
          "Template {0} is for {1} models, but {2} is a {3} model: use the {3} template of its version ({4}). With another family's template the model does not learn where a turn ends.",
        ),
        [template, templateFamily, model, modelFamily, expected.length > 4 ? `${expected.slice(0, 4).join(', ')}, …` : expected.join(', ')],
        { key: 'template' },
      ),
    ];
  },
};
