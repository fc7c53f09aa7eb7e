/**
 * Parameter count (in billions) read from a model name or path: `Qwen/Qwen2.5-7B-Instruct` → 7,
 * `Qwen3-30B-A3B` → 30 (total, not active, parameters: all of them sit in GPU memory),
 * `SmolLM2-135M` → 0.135, `Mixtral-8x7B` → 56 (an upper bound: experts share attention).
 * Names without a size token fall back to a short list of well-known models.
 */
export interface ModelSize {
  billions: number;
  /** The part of the name the size was read from. */
  token: string;
}

const KNOWN_SIZES: ReadonlyArray<[RegExp, number]> = [
  [/deepseek-(?:v3|r1)(?![\w.]*-?\d+(?:\.\d+)?b)/i, 671],
  [/deepseek-v2-lite/i, 16],
  [/deepseek-v2(?!\.)/i, 236],
  [/(?:^|\/)gpt2(?:$|[^-\w])/i, 0.124],
  [/(?:^|\/)gpt2-medium/i, 0.355],
  [/(?:^|\/)gpt2-large/i, 0.774],
  [/(?:^|\/)gpt2-xl/i, 1.5],
];

export function modelSizeFromName(name: string): ModelSize | undefined {
  const tokens = name.split(/[\\/_\-\s:]+/);
  for (const token of tokens) {
    const experts = /^(\d+)x(\d+(?:\.\d+)?)([bm])$/i.exec(token);
    if (experts) return { billions: Number(experts[1]) * scaled(experts[2], experts[3]), token };
    const plain = /^(\d+(?:\.\d+)?)([bm])$/i.exec(token);
    if (plain) return { billions: scaled(plain[1], plain[2]), token };
  }
  for (const [pattern, billions] of KNOWN_SIZES) {
    const match = pattern.exec(name);
    if (match) return { billions, token: match[0].replace(/^\//, '') };
  }
  return undefined;
}

/**
 * Mixture-of-experts names (`Qwen3-30B-A3B`, `Mixtral-8x7B`, `gpt-oss-20b`, DeepSeek V2/V3,
 * `…-MoE`): the learning-rate figures were measured on dense models, so they are only a note here.
 */
export function isMixtureOfExperts(name: string): boolean {
  return /(?:^|[-_/])a\d+(?:\.\d+)?b(?:$|[-_/])|\d+x\d+(?:\.\d+)?b|moe|mixtral|gpt-oss|deepseek-(?:v2|v3|r1)|kimi|qwen3-next|qwen3\.5-(?:35|122|397)b/i.test(
    name,
  );
}

function scaled(value: string, unit: string): number {
  return unit.toLowerCase() === 'm' ? Number(value) / 1000 : Number(value);
}

/** "7B", "0.5B", "671B": a size as people write it. */
export function formatBillions(billions: number): string {
  if (billions < 1) return `${Number(billions.toPrecision(2))}B`;
  return `${Number(billions.toPrecision(3))}B`;
}
