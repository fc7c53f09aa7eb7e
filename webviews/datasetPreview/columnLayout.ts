import type { ColumnInfo } from '../../src/shared/protocol/datasetPreview';

/** How much of the spare width each data column takes, by column id (the rest take 2). */
const GROW: Record<string, number> = { input: 1, output: 3, assistant: 3, chosen: 3, rejected: 3, text: 6 };
/** Columns with a fixed width in em, by id. */
const FIXED_EM: Record<string, number> = { index: 4.5, turns: 4.5 };
/** A data column never gets narrower than this (em): about a dozen readable characters. */
const MIN_DATA_EM = 9;
export const MIN_RESIZED_PX = 40;

export interface LayoutColumn {
  id: string;
  title: string;
  /** Data columns can be moved; the row number and findings stay first. */
  movable: boolean;
}

/**
 * Widths and order of the table's columns, shared by the header and the rows through one
 * constructed stylesheet (`.col-<id>` rules): resizing or moving a column restyles, it does not
 * rebuild rows. Widths the user dragged are fixed; the others share the spare width.
 */
export class ColumnLayout {
  private readonly sheet = new CSSStyleSheet();
  columns: LayoutColumn[] = [];
  widths: Record<string, number> = {};
  order: string[] = [];
  private badgesPx = 0;
  /** Minimum width of a row (px): past it the table scrolls sideways inside itself, never the page. */
  minRowWidth = 0;

  constructor() {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
  }

  setColumns(index: LayoutColumn, badges: LayoutColumn, data: ColumnInfo[], dataTitle: (c: ColumnInfo) => string): void {
    this.columns = [index, badges, ...data.map((c) => ({ id: c.id, title: dataTitle(c), movable: true }))];
    this.apply();
  }

  /** Data columns in display order. */
  ordered(): LayoutColumn[] {
    const movable = this.columns.filter((c) => c.movable);
    const rank = (id: string) => {
      const at = this.order.indexOf(id);
      return at < 0 ? this.order.length + movable.findIndex((c) => c.id === id) : at;
    };
    return [...this.columns.filter((c) => !c.movable), ...movable.sort((a, b) => rank(a.id) - rank(b.id))];
  }

  setBadgesWidth(px: number): void {
    this.badgesPx = px;
    this.apply();
  }

  resize(id: string, px: number | undefined): void {
    if (px === undefined) delete this.widths[id];
    else this.widths[id] = Math.max(MIN_RESIZED_PX, Math.round(px));
    this.apply();
  }

  /** Moves data column `id` to just before `before` (or to the end). */
  move(id: string, before: string | undefined): void {
    const ids = this.ordered()
      .filter((c) => c.movable && c.id !== id)
      .map((c) => c.id);
    const at = before === undefined ? ids.length : ids.indexOf(before);
    ids.splice(at < 0 ? ids.length : at, 0, id);
    this.order = ids;
    this.apply();
  }

  apply(): void {
    const em = parseFloat(getComputedStyle(document.body).fontSize) || 13;
    const rules: string[] = [];
    let min = 0;
    this.ordered().forEach((c, order) => {
      const user = this.widths[c.id];
      const fixed = user ?? (c.id === 'badges' ? this.badgesPx || 12 * em : FIXED_EM[c.id] !== undefined ? FIXED_EM[c.id] * em : undefined);
      if (fixed !== undefined) {
        rules.push(`.col-${c.id} { flex: 0 0 ${fixed}px; width: ${fixed}px; order: ${order}; }`);
        min += fixed;
      } else {
        rules.push(`.col-${c.id} { flex: ${GROW[c.id] ?? 2} 1 0; min-width: ${MIN_DATA_EM * em}px; order: ${order}; }`);
        min += MIN_DATA_EM * em;
      }
    });
    this.minRowWidth = Math.ceil(min);
    rules.push(`.table-head, .table-body, .table-spacer { min-width: ${this.minRowWidth}px; }`);
    this.sheet.replaceSync(rules.join('\n'));
  }
}
