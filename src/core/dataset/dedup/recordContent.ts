import { isWhitespace } from '../../text/characters';
import type { DatasetRecord, Turn } from '../formats/recordModel';

/**
 * The content two records must share to be duplicates: every text with its role, the
 * preference sides and the KTO label, with white space collapsed. Metadata fields (ids,
 * sources, timestamps) are not content: two records that differ only there are duplicates.
 */
export function canonicalContent(record: DatasetRecord): string {
  const parts: string[] = [];
  if (record.system) parts.push(`s\u0001${collapseWhitespace(record.system.text)}`);
  if (record.tools) parts.push(`t\u0001${collapseWhitespace(record.tools.text)}`);
  const turns = (tag: string, list: readonly Turn[] | undefined) => {
    for (const t of list ?? []) parts.push(`${tag}${t.role}\u0001${collapseWhitespace(t.text)}`);
  };
  turns('', record.turns);
  turns('c:', record.chosen);
  turns('r:', record.rejected);
  if (record.label !== undefined) parts.push(`l\u0001${record.label}`);
  if (record.document) parts.push(`d\u0001${collapseWhitespace(record.document.text)}`);
  return parts.join('\u0002');
}

/** All the record's text run together, lower-cased, white space collapsed: what near-duplicate detection compares. */
export function comparableText(record: DatasetRecord): string {
  const texts: string[] = [];
  if (record.system) texts.push(record.system.text);
  for (const t of record.turns) texts.push(t.text);
  for (const t of record.chosen ?? []) texts.push(t.text);
  for (const t of record.rejected ?? []) texts.push(t.text);
  if (record.document) texts.push(record.document.text);
  return collapseWhitespace(texts.join(' ')).toLowerCase();
}

export function collapseWhitespace(text: string): string {
  const pieces: string[] = [];
  let runStart = -1;
  // Copy runs of non-space characters as slices; most texts have no double spaces at all.
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isWhitespace(text.charCodeAt(i));
    if (!space && runStart < 0) runStart = i;
    else if (space && runStart >= 0) {
      pieces.push(text.slice(runStart, i));
      runStart = -1;
    }
  }
  return pieces.join(' ');
}
