/**
 * Seeded generator of duplicate-heavy alpaca-like JSON Lines, the shape of templated or
 * augmented data: a share of records (90% by default) are near copies, made by editing 1–4
 * words of an earlier record. Half of the copies come from a few dozen templates (huge
 * clusters, like one prompt template filled in thousands of times), half from any recent
 * original (small clusters, like paraphrase augmentation). Same seed, same file.
 *
 *   node generate.js --templated <records> <output.jsonl> [seed] [nearShare]
 */
import { createWriteStream } from 'node:fs';
import { createGenerator, editWords } from './generateAlpaca';

interface Original {
  record: { instruction: string; input: string; output: string };
  english: boolean;
}

const TEMPLATES = 40;
const WINDOW = 20_000;

export async function generateTemplated(records: number, path: string, seed = 42, nearShare = 0.9): Promise<{ planted: Record<string, number> }> {
  const gen = createGenerator(seed);
  const out = createWriteStream(path);
  const originals: Original[] = [];
  const templates: Original[] = [];
  const planted: Record<string, number> = { original: 0, templateCopy: 0, augmentedCopy: 0 };
  let buffered = '';
  for (let i = 0; i < records; i++) {
    let record: Original['record'];
    if (gen.random() >= nearShare || originals.length === 0) {
      const english = gen.english();
      record = {
        instruction: gen.text(english, 1),
        input: gen.random() < 0.3 ? gen.text(english, gen.int(1, 2)) : '',
        output: gen.text(english, gen.int(english ? 3 : 4, english ? 9 : 12)),
      };
      const original = { record, english };
      if (templates.length < TEMPLATES) templates.push(original);
      if (originals.length < WINDOW) originals.push(original);
      else originals[gen.int(0, WINDOW - 1)] = original;
      planted.original++;
    } else {
      const fromTemplate = gen.random() < 0.5;
      const source = fromTemplate ? templates[gen.int(0, templates.length - 1)] : originals[gen.int(0, originals.length - 1)];
      const edited = { ...source.record, output: editWords(source.record.output, gen.int(1, 4), gen, source.english) };
      if (gen.random() < 0.3) edited.instruction = editWords(edited.instruction, 1, gen, source.english);
      record = edited;
      planted[fromTemplate ? 'templateCopy' : 'augmentedCopy']++;
    }
    buffered += `${JSON.stringify(record)}\n`;
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffered = '';
    }
  }
  out.write(buffered);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { planted };
}
