import type { ColumnInfo, DatasetPreviewStrings, PreviewRow } from '../../src/shared/protocol/datasetPreview';
import { badge, el } from './dom';
import type { PageCache } from './pageCache';

const ROW_HEIGHT = 28;
const OVERSCAN = 10;
/** Browsers cap element heights (~33M px in Chromium): beyond this the scroll range is scaled. */
const MAX_SCROLL_PX = 8_000_000;

export interface TableEvents {
  /** The visible window changed: fetch its rows. */
  onWindow(first: number, last: number): void;
  onSelect(position: number, row: number | undefined): void;
  onOpen(position: number, row: number | undefined): void;
  onRevealInEditor(row: number): void;
  /** A finding badge was clicked: show only records with that code. */
  onPickCode(code: string): void;
}

/**
 * A virtual table of a view's rows: only the rows in sight (plus a margin) exist in the DOM,
 * so a view of two million records costs what a view of fifty does. Keyboard: arrows, Page
 * Up/Down, Home/End move the selection; Enter opens the record; Escape is left to the page.
 */
export class VirtualTable {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLElement;
  private readonly head: HTMLElement;
  private total = 0;
  private cache: PageCache | undefined;
  private selected = -1;
  private columns: ColumnInfo[] = [];

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly events: TableEvents,
  ) {
    this.element = el('div', 'table');
    this.element.setAttribute('role', 'grid');
    this.head = el('div', 'table-head');
    this.head.setAttribute('role', 'row');
    this.scroller = el('div', 'table-scroller');
    this.scroller.tabIndex = 0;
    this.spacer = el('div', 'table-spacer');
    this.body = el('div', 'table-body');
    this.scroller.append(this.spacer, this.body);
    this.element.append(this.head, this.scroller);
    this.scroller.addEventListener('scroll', () => this.update(), { passive: true });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('resize', () => this.update());
  }

  setColumns(columns: ColumnInfo[]): void {
    this.columns = columns;
    const cells = [el('span', 'cell index', this.strings.rowHeader), el('span', 'cell badges', this.strings.findingsHeader)];
    for (const c of columns) cells.push(el('span', `cell col-${c.id}`, this.strings.columns[c.title] ?? c.title));
    for (const c of cells) c.setAttribute('role', 'columnheader');
    this.head.replaceChildren(...cells);
  }

  /** Shows a new view (all records, or a filtered / searched subset). */
  setView(cache: PageCache, total: number, firstPosition = 0): void {
    this.cache = cache;
    this.total = total;
    this.selected = -1;
    this.spacer.style.height = `${Math.min(total * ROW_HEIGHT, MAX_SCROLL_PX)}px`;
    this.scrollToPosition(firstPosition, 'top');
  }

  /** The view grew (the index is still being built): keep the position. */
  setTotal(total: number): void {
    this.total = total;
    this.spacer.style.height = `${Math.min(total * ROW_HEIGHT, MAX_SCROLL_PX)}px`;
    this.update();
  }

  get viewTotal(): number {
    return this.total;
  }

  get selectedPosition(): number {
    return this.selected;
  }

  focus(): void {
    this.scroller.focus();
  }

  select(position: number, reveal = true): void {
    if (this.total === 0) return;
    this.selected = Math.max(0, Math.min(this.total - 1, position));
    if (reveal) this.scrollToPosition(this.selected, 'nearest');
    this.render();
    this.events.onSelect(this.selected, this.cache?.peek(this.selected)?.row);
  }

  /** First visible position (for persisted UI state). */
  firstVisible(): number {
    return this.window().first;
  }

  renderedRowCount(): number {
    return this.body.querySelectorAll('.row.loaded').length;
  }

  firstRenderedText(): string | undefined {
    return this.body.querySelector('.row.loaded .cell.data')?.textContent ?? undefined;
  }

  scrollToPosition(position: number, align: 'top' | 'nearest'): void {
    const maxScroll = Math.max(0, Math.min(this.total * ROW_HEIGHT, MAX_SCROLL_PX) - this.scroller.clientHeight);
    if (!this.scaled()) {
      const top = position * ROW_HEIGHT;
      if (align === 'top') this.scroller.scrollTop = top;
      else if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
      else if (top + ROW_HEIGHT > this.scroller.scrollTop + this.scroller.clientHeight) this.scroller.scrollTop = top + ROW_HEIGHT - this.scroller.clientHeight;
    } else {
      const visible = this.visibleCount();
      const { first } = this.window();
      if (align === 'top' || position < first || position >= first + visible - 1) {
        const target = align === 'top' ? position : Math.max(0, position - Math.floor(visible / 2));
        this.scroller.scrollTop = (target / Math.max(1, this.total - visible)) * maxScroll;
      }
    }
    this.update();
  }

  /** Redraws the rows in sight from the cache (rows not fetched yet show a placeholder). */
  render(): void {
    const { first, offset } = this.window();
    const last = Math.min(this.total - 1, first + this.visibleCount() + OVERSCAN);
    const fragment = document.createDocumentFragment();
    for (let position = Math.max(0, first - (this.scaled() ? 0 : OVERSCAN)); position <= last; position++) {
      fragment.append(this.rowElement(position, this.cache?.peek(position)));
    }
    const firstDrawn = Math.max(0, first - (this.scaled() ? 0 : OVERSCAN));
    this.body.style.transform = `translateY(${this.scroller.scrollTop - offset - (first - firstDrawn) * ROW_HEIGHT}px)`;
    this.body.replaceChildren(fragment);
  }

  private rowElement(position: number, data: PreviewRow | undefined): HTMLElement {
    const row = el('div', data ? 'row loaded' : 'row');
    row.setAttribute('role', 'row');
    row.setAttribute('aria-rowindex', String(position + 2));
    if (position === this.selected) {
      row.classList.add('selected');
      row.setAttribute('aria-selected', 'true');
    }
    const index = el('span', 'cell index', data ? String(data.row + 1) : '');
    const badges = el('span', 'cell badges');
    if (data) {
      const seen = new Set<string>();
      for (const f of data.findings) {
        if (seen.has(f.code)) continue;
        seen.add(f.code);
        const b = badge(f.code, f.severity, this.strings.codeTitles[f.code] ?? f.code);
        b.addEventListener('click', (event) => {
          event.stopPropagation();
          this.events.onPickCode(f.code);
        });
        badges.append(b);
      }
    }
    row.append(index, badges);
    if (!data) row.append(el('span', 'cell data placeholder', '…'));
    else if (data.raw !== undefined) row.append(el('span', 'cell data raw', data.raw));
    else for (let c = 0; c < Math.max(1, this.columns.length); c++) row.append(el('span', `cell data col-${this.columns[c]?.id ?? 'text'}`, data.cells[c] ?? ''));
    for (const cell of row.children) cell.setAttribute('role', 'gridcell');
    row.addEventListener('click', () => {
      this.select(position, false);
      this.events.onOpen(position, data?.row);
    });
    row.addEventListener('dblclick', () => data && this.events.onRevealInEditor(data.row));
    return row;
  }

  private scaled(): boolean {
    return this.total * ROW_HEIGHT > MAX_SCROLL_PX;
  }

  private visibleCount(): number {
    return Math.max(1, Math.ceil((this.scroller.clientHeight || ROW_HEIGHT * 20) / ROW_HEIGHT));
  }

  /** First position in sight and how far (px) it is scrolled past. */
  private window(): { first: number; offset: number } {
    const top = this.scroller.scrollTop;
    if (!this.scaled()) return { first: Math.floor(top / ROW_HEIGHT), offset: top % ROW_HEIGHT };
    const maxScroll = Math.max(1, MAX_SCROLL_PX - this.scroller.clientHeight);
    return { first: Math.round((top / maxScroll) * Math.max(0, this.total - this.visibleCount())), offset: 0 };
  }

  private update(): void {
    this.render();
    if (this.total === 0) return;
    const { first } = this.window();
    this.events.onWindow(Math.max(0, first - OVERSCAN), Math.min(this.total - 1, first + this.visibleCount() + OVERSCAN));
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, this.visibleCount() - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) this.select((this.selected < 0 ? this.window().first - 1 : this.selected) + moves[event.key]);
    else if (event.key === 'Home') this.select(0);
    else if (event.key === 'End') this.select(this.total - 1);
    else if (event.key === 'Enter' && this.selected >= 0) this.events.onOpen(this.selected, this.cache?.peek(this.selected)?.row);
    else return;
    event.preventDefault();
  }
}
