import type { Position } from '../../../shared/findings';
import type { ConfigEdit } from '../configFindings';
import type { ConfigDocument, ConfigEntry } from '../document/configTree';

/**
 * Text edits for quick fixes, computed where the document structure is known so the editor
 * only applies them. Values are written the way people write them in each format.
 */
export function valueLiteral(document: ConfigDocument, value: string | number | boolean | null): string {
  if (document.format === 'json') return JSON.stringify(value);
  if (typeof value !== 'string') return value === null ? 'null' : String(value);
  // Plain YAML scalars when they stay strings when read back; quoted otherwise.
  const plainSafe = /^[A-Za-z_./][\w./,:@+-]*$/.test(value) && !/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(value) && !/[:,]\s/.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

/** A number as users write it in configs: 1e-5 rather than 0.00001, 0.05 as is. */
export function numberLiteral(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-3) {
    const [mantissa, exponent] = value.toExponential().split('e');
    const m = Number(Number(mantissa).toPrecision(3));
    // YAML 1.1 readers (PyYAML) need a dot in the mantissa to read a float.
    return `${Number.isInteger(m) ? `${m}.0` : m}e${exponent}`;
  }
  return String(Number(value.toPrecision(6)));
}

export function setValueEdit(entry: ConfigEntry, literal: string): ConfigEdit {
  return { range: entry.value.range, newText: literal };
}

export function renameKeyEdit(document: ConfigDocument, entry: ConfigEntry, newKey: string): ConfigEdit {
  return { range: entry.keyRange, newText: document.format === 'json' ? JSON.stringify(newKey) : newKey };
}

/** Adds `key: literal` after `after` (or at the end of the top level). */
export function addKeyEdit(document: ConfigDocument, key: string, literal: string, after?: ConfigEntry): ConfigEdit {
  const entries = document.root?.entries ?? [];
  const anchor = after ?? entries[entries.length - 1];
  if (document.format === 'json') {
    if (!anchor) {
      const at = document.root ? { line: document.root.range.start.line, column: document.root.range.start.column + 1 } : { line: 0, column: 0 };
      return {
        range: { start: at, end: at },
        newText: document.root ? `\n${document.indent}${JSON.stringify(key)}: ${literal}\n` : `{\n  ${JSON.stringify(key)}: ${literal}\n}\n`,
      };
    }
    const at = anchor.value.range.end;
    return { range: { start: at, end: at }, newText: `,\n${document.indent}${JSON.stringify(key)}: ${literal}` };
  }
  const line = `${document.indent}${key}: ${literal}`;
  if (anchor) {
    const end = anchor.value.range.end;
    const nextLine = end.column === 0 && end.line > anchor.keyRange.start.line ? end.line : end.line + 1;
    if (nextLine < document.lineCount) {
      const at: Position = { line: nextLine, column: 0 };
      return { range: { start: at, end: at }, newText: `${line}\n` };
    }
  }
  const at = document.end;
  return { range: { start: at, end: at }, newText: `${document.endsWithNewline || (at.line === 0 && at.column === 0) ? '' : '\n'}${line}\n` };
}
