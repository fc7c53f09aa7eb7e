import { codeRanges, insideRanges } from './codeRegions';

/**
 * Unfilled template placeholders such as `{{name}}` or `{{ author }}`: a bare identifier in
 * double braces. Not placeholders: GitHub-Actions expressions `${{ x.y }}`, JSX/Vue object
 * literals `{{ a: 1 }}`, anything with dots or operators, triple braces, and anything inside
 * Markdown code (a Jinja or Handlebars snippet in an answer is code, not a leftover).
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface PlaceholderMatch {
  name: string;
  start: number;
  end: number;
}

export function findPlaceholders(text: string): PlaceholderMatch[] {
  if (!text.includes('{{')) return [];
  const found: PlaceholderMatch[] = [];
  let code: Array<[number, number]> | undefined;
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = start > 0 ? text[start - 1] : '';
    const after = text[end] ?? '';
    if (before === '$' || before === '{' || after === '}') continue;
    code ??= codeRanges(text);
    if (insideRanges(start, code)) continue;
    found.push({ name: m[1], start, end });
  }
  return found;
}
