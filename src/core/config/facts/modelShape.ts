/**
 * Rough transformer shapes for a parameter count, interpolated between typical LLaMA/Qwen
 * models, and the vocabulary size by model family. Good enough for a memory estimate, which is
 * rough by design (docs/config-findings.md says how rough).
 */
export interface ModelShape {
  hidden: number;
  layers: number;
  vocabulary: number;
}

const SHAPES: ReadonlyArray<[number, number, number]> = [
  // [billions, hidden size, layers]
  [0.5, 896, 24],
  [1.5, 1536, 28],
  [3, 2048, 36],
  [7, 4096, 32],
  [14, 5120, 48],
  [32, 5120, 64],
  [70, 8192, 80],
  [405, 16384, 126],
  [671, 7168, 61],
];

const VOCABULARIES: ReadonlyArray<[RegExp, number]> = [
  [/qwen|qwq/i, 151936],
  [/llama-?2|llama2/i, 32000],
  [/llama/i, 128256],
  [/mistral|mixtral/i, 32768],
  [/gemma/i, 256000],
  [/deepseek/i, 129280],
  [/glm/i, 151552],
  [/phi/i, 32064],
];

export function modelShape(billions: number, name: string): ModelShape {
  const vocabulary = VOCABULARIES.find(([pattern]) => pattern.test(name))?.[1] ?? 128000;
  if (billions <= SHAPES[0][0]) return { hidden: SHAPES[0][1], layers: SHAPES[0][2], vocabulary };
  for (let i = 1; i < SHAPES.length; i++) {
    const [b1, h1, l1] = SHAPES[i];
    const [b0, h0, l0] = SHAPES[i - 1];
    if (billions <= b1) {
      const t = (Math.log(billions) - Math.log(b0)) / (Math.log(b1) - Math.log(b0));
      return { hidden: Math.round(h0 + t * (h1 - h0)), layers: Math.round(l0 + t * (l1 - l0)), vocabulary };
    }
  }
  const last = SHAPES[SHAPES.length - 1];
  return { hidden: last[1], layers: last[2], vocabulary };
}
