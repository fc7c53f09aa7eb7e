/**
 * Model family → LLaMA-Factory chat templates, for the template check. Only templates tied to
 * one family are listed (checked against register_template in LLaMA-Factory's
 * src/llamafactory/data/template.py); generic ones (default, empty, alpaca, vicuna, chatml,
 * fewshot, llava…) and every template not listed belong to no family and are never flagged.
 * A model whose name matches no family, or more than one (DeepSeek-R1-Distill-Qwen), is not
 * checked either: say nothing rather than guess.
 */
export type ModelFamily = 'qwen' | 'llama2' | 'llama3' | 'llama4' | 'mistral' | 'gemma' | 'glm' | 'deepseek' | 'phi' | 'yi' | 'intern' | 'baichuan';

export const FAMILY_TEMPLATES: Readonly<Record<ModelFamily, readonly string[]>> = {
  qwen: [
    'qwen',
    'qwen3',
    'qwen3_nothink',
    'qwen3_5',
    'qwen3_5_nothink',
    'qwen2_audio',
    'qwen2_omni',
    'qwen3_omni',
    'qwen3_omni_nothink',
    'qwen2_vl',
    'qwen3_vl',
    'qwen3_vl_nothink',
  ],
  llama2: ['llama2', 'llama2_zh'],
  llama3: ['llama3', 'mllama'],
  llama4: ['llama4'],
  mistral: ['mistral', 'ministral', 'ministral3', 'mistral_small', 'pixtral'],
  gemma: ['gemma', 'gemma2', 'gemma3', 'gemma3n'],
  glm: ['chatglm2', 'chatglm3', 'glm4', 'glm4_moe', 'glm4v', 'glm4_5v', 'glmz1'],
  deepseek: ['deepseek', 'deepseek3', 'deepseekr1', 'deepseekcoder'],
  phi: ['phi', 'phi_small', 'phi4'],
  yi: ['yi', 'yi_vl'],
  intern: ['intern', 'intern2', 'intern_vl', 'intern_s1'],
  baichuan: ['baichuan', 'baichuan2'],
};

/** How a family shows in a model name or path (case-insensitive). */
const FAMILY_PATTERNS: ReadonlyArray<[ModelFamily, RegExp]> = [
  ['qwen', /qwen|qwq/i],
  ['llama2', /llama[-_ ]?2(?!\d)/i],
  ['llama3', /llama[-_ ]?3(?!\d)/i],
  ['llama4', /llama[-_ ]?4(?!\d)/i],
  ['mistral', /mistral|mixtral|ministral|pixtral/i],
  ['gemma', /gemma/i],
  ['glm', /glm/i],
  ['deepseek', /deepseek/i],
  ['phi', /(?:^|[/_-])phi[-_]?\d/i],
  ['yi', /(?:^|[/_-])yi[-_]\d/i],
  ['intern', /internlm|internvl|intern-s1/i],
  ['baichuan', /baichuan/i],
];

const TEMPLATE_FAMILY = new Map<string, ModelFamily>(
  Object.entries(FAMILY_TEMPLATES).flatMap(([family, templates]) => templates.map((t) => [t, family as ModelFamily] as [string, ModelFamily])),
);

/** The one family a model name or path names, or undefined (none, or several). */
export function familyOfModel(model: string): ModelFamily | undefined {
  const found = FAMILY_PATTERNS.filter(([, pattern]) => pattern.test(model)).map(([family]) => family);
  return found.length === 1 ? found[0] : undefined;
}

export function familyOfTemplate(template: string): ModelFamily | undefined {
  return TEMPLATE_FAMILY.get(template);
}
