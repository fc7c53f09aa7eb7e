import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { LexiconTerm } from '../../text/termMatcher';
import { BUNDLED_LEXICON } from './bundledLexicon';

/**
 * Reads a user lexicon: one term per line, UTF-8 (a BOM is fine), blank lines and lines
 * starting with `#` ignored. A line `term<TAB>category` sets the term's category; otherwise
 * a `# category: name` line sets it for the lines below, and the file name is the default.
 */
export async function readLexiconFile(path: string): Promise<LexiconTerm[]> {
  return parseLexicon(await readFile(path, 'utf8'), basename(path));
}

export function parseLexicon(text: string, source: string): LexiconTerm[] {
  let category = source.replace(/\.[^.]+$/, '');
  const terms: LexiconTerm[] = [];
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const header = /^#\s*category\s*:\s*(.+)$/i.exec(line);
      if (header) category = header[1].trim();
      continue;
    }
    const tab = line.indexOf('\t');
    if (tab > 0) terms.push({ term: line.slice(0, tab).trim(), category: line.slice(tab + 1).trim() || category, source });
    else terms.push({ term: line, category, source });
  }
  return terms;
}

export function bundledTerms(): LexiconTerm[] {
  return Object.entries(BUNDLED_LEXICON).flatMap(([category, list]) => list.map((term) => ({ term, category, source: 'bundled' })));
}
