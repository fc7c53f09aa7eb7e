import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preflightConfig } from '../../../../src/core/preflight/preparePreflight';
import { looksLikeBaseModel, stopOfTemplate } from '../../../../src/core/preflight/tokens/templateStops';
import { defaultSettings } from '../../../../src/core/settings/settings';
import { qwenTokenizerDir } from './qwenTokenizer';

interface ModelFiles {
  /** tokenizer_config.json beyond eos_token (the real Qwen3 tokenizer.json is copied in). */
  eos?: string;
  chatTemplate?: boolean;
  generationEos?: number | number[];
}

/** A project with a local model folder under models/ holding the real Qwen3 tokenizer.json and hand-written configs. */
function project(modelName: string, files: ModelFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-stop-'));
  const model = join(dir, 'models', modelName);
  mkdirSync(model, { recursive: true });
  copyFileSync(join(qwenTokenizerDir(), 'tokenizer.json'), join(model, 'tokenizer.json'));
  const config: Record<string, unknown> = { eos_token: files.eos ?? '<|endoftext|>', pad_token: '<|endoftext|>' };
  if (files.chatTemplate) config.chat_template = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}";
  writeFileSync(join(model, 'tokenizer_config.json'), JSON.stringify(config));
  if (files.generationEos !== undefined) writeFileSync(join(model, 'generation_config.json'), JSON.stringify({ eos_token_id: files.generationEos }));
  return dir;
}

async function findings(dir: string, yaml: string): Promise<Array<{ code: string; severity: string; line: number; args: Array<string | number> }>> {
  const configPath = join(dir, 'sft.yaml');
  writeFileSync(configPath, yaml);
  const { report } = await preflightConfig({
    configPath,
    text: yaml,
    format: 'yaml',
    settings: defaultSettings(),
    root: dir,
    env: { HOME: dir, HF_HOME: dir },
  });
  assert.ok(report);
  return report.findings
    .filter((f) => /stop-token|base-model/.test(f.code))
    .map((f) => ({ code: f.code, severity: f.severity, line: f.range.start.line, args: f.args }));
}

const config = (model: string, template: string, extra = '') =>
  `model_name_or_path: ${model}\nstage: sft\ndo_train: true\nfinetuning_type: lora\ntemplate: ${template}\noutput_dir: saves/x\n${extra}`;

describe('pre-flight: the template stop token against the model tokenizer', function () {
  this.timeout(60_000);

  it('warns when the template ends answers with a token the tokenizer does not have (llama3 on a Qwen tokenizer)', async () => {
    const dir = project('my-model', { eos: '<|im_end|>', chatTemplate: true, generationEos: [151645, 151643] });
    const found = await findings(dir, config('models/my-model', 'llama3'));
    assert.deepEqual(
      found.map((f) => [f.code, f.severity, f.line]),
      [['stop-token-unknown', 'warning', 4]],
    );
    assert.equal(found[0].args[1], '<|eot_id|>');
  });

  it('makes the unknown stop token a note when resize_vocab: true says new tokens are meant', async () => {
    const dir = project('my-model', { eos: '<|im_end|>', chatTemplate: true });
    const found = await findings(dir, config('models/my-model', 'gemma', 'resize_vocab: true\n'));
    assert.deepEqual(
      found.map((f) => [f.code, f.severity]),
      [['stop-token-unknown', 'info']],
    );
  });

  it("notes a stop token that is not among generation_config.json's EOS ids, and a base model by name", async () => {
    // Qwen2.5-7B (base): EOS <|endoftext|> (151643); the qwen template ends answers with <|im_end|> (151645).
    const dir = project('Qwen2.5-7B', { eos: '<|endoftext|>', chatTemplate: true, generationEos: 151643 });
    const found = await findings(dir, config('models/Qwen2.5-7B', 'qwen'));
    assert.deepEqual(
      found.map((f) => [f.code, f.severity]),
      [
        ['stop-token-not-eos', 'info'],
        ['base-model-chat-template', 'info'],
      ],
    );
    assert.deepEqual(found[0].args, ['qwen', '<|im_end|>', 151645, 'generation_config.json', '151643']);
  });

  it('notes a base model by its tokenizer without a chat template', async () => {
    const dir = project('ckpt', { eos: '<|im_end|>', chatTemplate: false, generationEos: [151645] });
    const found = await findings(dir, config('models/ckpt', 'qwen3'));
    assert.deepEqual(
      found.map((f) => f.code),
      ['base-model-chat-template'],
    );
  });

  it('says nothing for an instruct model whose EOS ids include the stop token, a template that writes the EOS itself, or pre-training', async () => {
    const dir = project('Qwen2.5-7B-Instruct', { eos: '<|im_end|>', chatTemplate: true, generationEos: [151645, 151643] });
    assert.deepEqual(await findings(dir, config('models/Qwen2.5-7B-Instruct', 'qwen')), []);
    assert.deepEqual(await findings(dir, config('models/Qwen2.5-7B-Instruct', 'default')), []);
    const base = project('Qwen2.5-7B', { eos: '<|endoftext|>', generationEos: 151643 });
    assert.deepEqual(await findings(base, config('models/Qwen2.5-7B', 'qwen').replace('stage: sft', 'stage: pt')), []);
  });

  it('without the tokenizer files only the base-model note by name can be said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-stop-'));
    assert.deepEqual(
      (await findings(dir, config('Qwen/Qwen2.5-7B', 'qwen'))).map((f) => f.code),
      ['base-model-chat-template'],
    );
    assert.deepEqual(await findings(dir, config('Qwen/Qwen3-8B', 'qwen3')), []);
    assert.deepEqual(await findings(dir, config('meta-llama/Meta-Llama-3-8B-Instruct', 'llama3')), []);
  });
});

describe('template stop tokens and base model names', () => {
  it('know the end-of-answer token of the main LLaMA-Factory templates', () => {
    assert.equal(stopOfTemplate('qwen')?.token, '<|im_end|>');
    assert.equal(stopOfTemplate('qwen')?.replaceEos, true);
    assert.equal(stopOfTemplate('llama3')?.token, '<|eot_id|>');
    assert.equal(stopOfTemplate('gemma2')?.replaceEos, false);
    assert.equal(stopOfTemplate('default'), undefined);
    assert.equal(stopOfTemplate('glm4'), undefined);
  });

  it('tell base checkpoints from their chat siblings by name', () => {
    for (const name of [
      'Qwen/Qwen2.5-7B',
      'models/Qwen2.5-7B',
      'Qwen/Qwen2.5-Coder-1.5B',
      'Qwen/Qwen3-8B-Base',
      'meta-llama/Meta-Llama-3-8B',
      'meta-llama/Llama-3.1-8B',
      'meta-llama/Llama-2-7b-hf',
      'mistralai/Mistral-7B-v0.1',
      'google/gemma-2-9b',
      'google/gemma-3-4b-pt',
    ])
      assert.ok(looksLikeBaseModel(name), name);
    for (const name of [
      'Qwen/Qwen2.5-7B-Instruct',
      'Qwen/Qwen3-8B',
      'Qwen/Qwen3-4B-Instruct-2507',
      'meta-llama/Meta-Llama-3-8B-Instruct',
      'meta-llama/Llama-2-7b-chat-hf',
      'mistralai/Mistral-7B-Instruct-v0.2',
      'google/gemma-2-9b-it',
      'saves/qwen3-4b/full/sft',
      'models/llama3-8b-pro',
    ])
      assert.ok(!looksLikeBaseModel(name), name);
  });
});
