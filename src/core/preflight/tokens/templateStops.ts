/**
 * The token a LLaMA-Factory template writes after every assistant answer, read from
 * `register_template` in LLaMA-Factory's src/llamafactory/data/template.py: the literal
 * special token at the end of `format_assistant` (`{{content}}<|im_end|>\n` → `<|im_end|>`).
 * `replaceEos` templates also make it the tokenizer's EOS for training (`fix_special_tokens`);
 * the others add their stop words as extra special tokens.
 *
 * Templates that end an answer with `{eos_token}` (default, alpaca, llama2, mistral, deepseek…)
 * or append the tokenizer's EOS themselves (`efficient_eos`: glm4, baichuan2…) always use the
 * model's own EOS and are not listed: there is nothing to compare.
 */
export interface TemplateStop {
  /** The end-of-answer token the template writes. */
  token: string;
  /** LLaMA-Factory replaces the tokenizer's EOS with it (`replace_eos=True`). */
  replaceEos: boolean;
  /** Other special markers the template writes around turns (named in the base-model note). */
  markers: readonly string[];
}

const CHATML = ['<|im_start|>', '<|im_end|>'];

function stops(names: readonly string[], token: string, replaceEos: boolean, markers: readonly string[]): Array<[string, TemplateStop]> {
  return names.map((name) => [name, { token, replaceEos, markers }]);
}

export const TEMPLATE_STOPS: ReadonlyMap<string, TemplateStop> = new Map([
  ...stops(
    [
      'qwen',
      'qwen3',
      'qwen3_nothink',
      'qwen2_audio',
      'qwen2_omni',
      'qwen3_omni',
      'qwen3_omni_nothink',
      'qwen2_vl',
      'qwen3_vl',
      'qwen3_vl_nothink',
      'chatml',
      'chatml_de',
      'dbrx',
      'keye_vl',
      'llava_next_qwen',
      'mimo',
      'mimo_v2',
      'mimo_vl',
    ],
    '<|im_end|>',
    true,
    CHATML,
  ),
  ...stops(
    [
      'cpm3',
      'cpm4',
      'ernie',
      'falcon_h1',
      'intern2',
      'intern_vl',
      'intern_s1',
      'llava_next_yi',
      'llava_next_video_yi',
      'marco',
      'minicpm_v',
      'minicpm_o',
      'opencoder',
      'sailor',
      'smollm',
      'smollm2',
      'yi',
    ],
    '<|im_end|>',
    false,
    CHATML,
  ),
  ...stops(['phi4'], '<|im_end|>', true, ['<|im_start|>', '<|im_sep|>', '<|im_end|>']),
  ...stops(['moonlight'], '<|im_end|>', true, ['<|im_user|>', '<|im_assistant|>', '<|im_middle|>', '<|im_end|>']),
  ...stops(['kimi_vl'], '<|im_end|>', false, ['<|im_user|>', '<|im_assistant|>', '<|im_middle|>', '<|im_end|>']),
  ...stops(['llama3', 'mllama', 'llava_next_llama3'], '<|eot_id|>', true, ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>']),
  ...stops(['skywork_o1'], '<|eot_id|>', false, ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>']),
  ...stops(['llama4'], '<|eot|>', true, ['<|header_start|>', '<|header_end|>', '<|eot|>']),
  ...stops(['gemma', 'gemma3', 'gemma3n', 'paligemma_chat'], '<end_of_turn>', true, ['<start_of_turn>', '<end_of_turn>']),
  ...stops(['gemma2'], '<end_of_turn>', false, ['<start_of_turn>', '<end_of_turn>']),
  ...stops(['phi', 'phi_small'], '<|end|>', true, ['<|user|>', '<|assistant|>', '<|end|>']),
  ...stops(['starchat'], '<|end|>', false, ['<|user|>', '<|assistant|>', '<|end|>']),
  ...stops(['gpt_oss'], '<|end|>', false, ['<|start|>', '<|message|>', '<|end|>']),
  ...stops(['granite3', 'granite4'], '<|end_of_text|>', false, ['<|start_of_role|>', '<|end_of_role|>', '<|end_of_text|>']),
  ...stops(['ernie_vl'], '<|end_of_sentence|>', true, ['<|end_of_sentence|>']),
  ...stops(['ernie_nothink'], '<|end_of_sentence|>', false, ['<|begin_of_sentence|>', '<|end_of_sentence|>']),
  ...stops(['minimax1'], '<end_of_sentence>', false, ['<beginning_of_sentence>', '<end_of_sentence>']),
  ...stops(['intern'], '<eoa>', false, ['<eoa>']),
  ...stops(['hunyuan'], '<|eos|>', false, ['<|extra_0|>', '<|eos|>']),
  ...stops(['dots_ocr'], '<|endofassistant|>', false, ['<|user|>', '<|assistant|>', '<|endofassistant|>']),
  ...stops(['yuan'], '<eod>', false, ['<sep>', '<eod>']),
]);

export function stopOfTemplate(template: string): TemplateStop | undefined {
  return TEMPLATE_STOPS.get(template);
}

/**
 * Model names that are base (pre-trained only) checkpoints by their publisher's naming, matched
 * on the last path segment. Only names whose chat sibling has a suffix are listed: Qwen 1.5–2.5
 * (`Qwen2.5-7B` vs `-Instruct`; Coder and Math too), Llama 2 and 3 (`Meta-Llama-3-8B`,
 * `Llama-3.1-8B`, `Llama-2-7b(-hf)` vs `-Instruct` / `-chat`), Mistral 7B (`-v0.1` vs
 * `-Instruct-v0.1`), Gemma (`gemma-2-9b`, `gemma-3-4b-pt` vs `-it`), and anything ending in
 * `-Base`. `Qwen3-8B` is NOT a base model (Qwen3's base checkpoints are `Qwen3-8B-Base`).
 */
const BASE_NAMES: readonly RegExp[] = [
  /^qwen(?:1\.5|2|2\.5)(?:-(?:coder|math))?-\d+(?:\.\d+)?b$/i,
  /^(?:meta-)?llama-3(?:\.\d)?-\d+b$/i,
  /^llama-2-\d+b(?:-hf)?$/i,
  /^mistral-7b-v0\.\d$/i,
  /^gemma-(?:[23]-)?\d+b(?:-pt)?$/i,
  /[-_]base$/i,
];

export function looksLikeBaseModel(model: string): boolean {
  const name =
    model
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  return BASE_NAMES.some((pattern) => pattern.test(name));
}
