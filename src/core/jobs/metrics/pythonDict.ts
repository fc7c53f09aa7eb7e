/**
 * A flat Python dict as Hugging Face Trainer prints its logs:
 * `{'loss': 1.23, 'grad_norm': 0.5, 'learning_rate': 1e-05, 'epoch': 0.1}`, sometimes with
 * values as strings (`'0.693'`), `nan`/`inf`, `tensor(0.5)` or `np.float64(0.5)` wrappers.
 * Returns the pairs, or undefined when the text is not such a dict.
 */
export function parsePythonDict(text: string): Record<string, unknown> | undefined {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return undefined;
  const out: Record<string, unknown> = {};
  let i = 1;
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const readString = (): string | undefined => {
    const q = s[i];
    if (q !== "'" && q !== '"') return undefined;
    let value = '';
    i++;
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      value += s[i++];
    }
    if (s[i] !== q) return undefined;
    i++;
    return value;
  };
  skipSpace();
  if (s[i] === '}') return out;
  while (i < s.length) {
    skipSpace();
    const key = readString();
    if (key === undefined) return undefined;
    skipSpace();
    if (s[i] !== ':') return undefined;
    i++;
    skipSpace();
    let value: unknown;
    if (s[i] === "'" || s[i] === '"') {
      value = readString();
      if (value === undefined) return undefined;
    } else {
      const start = i;
      let depth = 0;
      while (i < s.length && !(depth === 0 && (s[i] === ',' || s[i] === '}'))) {
        if (s[i] === '(' || s[i] === '[') depth++;
        if (s[i] === ')' || s[i] === ']') depth--;
        i++;
      }
      value = pythonScalar(s.slice(start, i).trim());
    }
    out[key] = value;
    skipSpace();
    if (s[i] === ',') {
      i++;
      skipSpace();
      if (s[i] === '}') return out;
      continue;
    }
    if (s[i] === '}' && i === s.length - 1) return out;
    return undefined;
  }
  return undefined;
}

function pythonScalar(token: string): unknown {
  const wrapped = /^(?:tensor|np\.float\d*|np\.int\d*|float|torch\.tensor)\((.*?)(?:,\s*device=.*)?\)$/.exec(token);
  const t = wrapped ? wrapped[1].trim() : token;
  if (t === 'None') return null;
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (/^[-+]?(nan|inf|infinity)$/i.test(t)) return t.toLowerCase().replace('infinity', 'inf');
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
  return t;
}
