/**
 * Code and markup inside prose: fenced code blocks, inline code, HTML/XML tags and Markdown
 * table rows. Rules that judge natural language (repetition, placeholders) leave them out,
 * because code repeats identifiers and `{{ x }}` is legitimate template syntax there.
 * Each pattern runs only when its marker character occurs, so plain prose costs a few scans.
 */
const FENCED = /(```|~~~)[\s\S]*?(\1|$)/g;
const INLINE = /`[^`\n]*`/g;
const TAG = /<\/?[A-Za-z!][^<>\n]{0,200}>/g;
const TABLE_ROW = /^[ \t]*\|.*\|[ \t]*$/gm;

/**
 * `text` with code and markup regions replaced by a space each (positions are not kept).
 * `keepInlineCode` keeps the words of inline code (only its backticks go): identifiers carry
 * meaning in a sentence, and dropping them makes "`a` is a key of `b`" look like a loop.
 */
export function withoutCodeAndMarkup(text: string, { keepInlineCode = false } = {}): string {
  let out = text;
  if (out.includes('```') || out.includes('~~~')) out = out.replace(FENCED, ' ');
  if (out.includes('`')) out = keepInlineCode ? out.replaceAll('`', ' ') : out.replace(INLINE, ' ');
  if (out.includes('<')) out = out.replace(TAG, ' ');
  if (out.includes('|')) out = out.replace(TABLE_ROW, ' ');
  return out;
}

/** [start, end) ranges of fenced and inline code in `text`, in order (for position-keeping rules). */
export function codeRanges(text: string): Array<[number, number]> {
  if (!text.includes('`') && !text.includes('~~~')) return [];
  const ranges: Array<[number, number]> = [];
  for (const pattern of [FENCED, INLINE]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

export function insideRanges(position: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  for (const [start, end] of ranges) {
    if (position < start) return false;
    if (position < end) return true;
  }
  return false;
}
