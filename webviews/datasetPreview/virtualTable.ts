import type { FindingCode } from '../../src/shared/findings';
import { severityRank } from '../../src/shared/findings';
import { formatMessage } from '../../src/shared/format';
import type { ColumnInfo, DatasetPreviewStrings, FindingBadge, PreviewRow } from '../../src/shared/protocol/datasetPreview';
import { ColumnLayout } from './columnLayout';
import type { LayoutColumn } from './columnLayout';
import { badge, el } from './dom';
import { appendHighlighted } from './highlight';
import type { SearchTerm } from './highlight';
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
  onPickCode(code: FindingCode): void;
  /** The user resized or moved a column (to remember it). */
  onColumnsChanged(widths: Record<string, number>, order: string[]): void;
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
  /** The header row's box (it scrolls sideways with the rows). */
  readonly headViewport: HTMLElement;
  private readonly layout = new ColumnLayout();
  private total = 0;
  private cache: PageCache | undefined;
  private selected = -1;
  private columns: ColumnInfo[] = [];
  private term: SearchTerm | undefined;
  private dragging: string | undefined;

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly events: TableEvents,
  ) {
    this.element = el('div', 'table');
    this.element.setAttribute('role', 'grid');
    this.head = el('div', 'table-head');
    this.head.setAttribute('role', 'row');
    // The header scrolls sideways with the rows (the scroller moves it), never on its own.
    this.headViewport = el('div', 'table-head-viewport');
    this.headViewport.append(this.head);
    this.scroller = el('div', 'table-scroller');
    this.scroller.tabIndex = 0;
    this.spacer = el('div', 'table-spacer');
    this.body = el('div', 'table-body');
    this.scroller.append(this.spacer, this.body);
    this.element.append(this.headViewport, this.scroller);
    this.scroller.addEventListener('scroll', () => this.update(), { passive: true });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('resize', () => this.update());
  }

  setColumns(columns: ColumnInfo[], widths: Record<string, number> = {}, order: string[] = []): void {
    this.columns = columns;
    this.layout.widths = { ...widths };
    this.layout.order = [...order];
    this.layout.setColumns(
      { id: 'index', title: this.strings.rowHeader, movable: false },
      { id: 'badges', title: this.strings.findingsHeader, movable: false },
      columns,
      (c) => this.strings.columns[c.title] ?? c.title,
    );
    const cells = this.layout.columns.map((c) => this.headerCell(c));
    this.head.replaceChildren(...cells);
  }

  /** Makes the findings column wide enough for the longest finding name in the file (plus a "+n" badge). */
  fitBadges(names: string[]): void {
    if (this.layout.widths.badges !== undefined) return;
    const context = document.createElement('canvas').getContext('2d');
    const style = getComputedStyle(document.body);
    const em = parseFloat(style.fontSize) || 13;
    if (!context) return;
    context.font = `${0.8 * em}px ${style.fontFamily}`;
    const longest = Math.max(0, ...names.map((n) => context.measureText(n).width));
    // badge padding and border, the "+n" badge, the gap, the cell's padding
    this.layout.setBadgesWidth(Math.min(Math.max(8 * em, Math.ceil(longest + 12 + 3 * em + 3 + 16)), 24 * em));
    this.update();
  }

  /** Highlights the search term in the rows. */
  setSearch(term: SearchTerm | undefined): void {
    this.term = term;
    this.render();
  }

  private headerCell(column: LayoutColumn): HTMLElement {
    const cell = el('span', `cell col-${column.id}`);
    cell.setAttribute('role', 'columnheader');
    cell.append(el('span', 'col-title', column.title));
    if (column.movable) {
      cell.draggable = true;
      cell.title = formatMessage(this.strings.reorderColumn, column.title);
      cell.addEventListener('dragstart', (e) => {
        this.dragging = column.id;
        e.dataTransfer?.setData('text/plain', column.id);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      });
      cell.addEventListener('dragend', () => (this.dragging = undefined));
      cell.addEventListener('dragover', (e) => {
        if (this.dragging && this.dragging !== column.id) e.preventDefault();
      });
      cell.addEventListener('drop', (e) => {
        e.preventDefault();
        const moving = this.dragging;
        this.dragging = undefined;
        if (!moving || moving === column.id) return;
        const box = cell.getBoundingClientRect();
        const ordered = this.layout.ordered().filter((c) => c.movable && c.id !== moving);
        const at = ordered.findIndex((c) => c.id === column.id);
        const before = e.clientX < box.left + box.width / 2 ? column.id : ordered[at + 1]?.id;
        this.layout.move(moving, before);
        this.columnsChanged();
      });
    }
    const grip = el('span', 'col-resizer');
    grip.setAttribute('role', 'separator');
    grip.setAttribute('aria-orientation', 'vertical');
    grip.setAttribute('aria-label', formatMessage(this.strings.resizeColumn, column.title));
    grip.tabIndex = 0;
    grip.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      e.stopPropagation();
      grip.setPointerCapture(e.pointerId);
      const startX = e.clientX;
      const startWidth = cell.getBoundingClientRect().width;
      const move = (m: PointerEvent) => {
        this.layout.resize(column.id, startWidth + m.clientX - startX);
        this.syncHead();
      };
      const up = () => {
        grip.removeEventListener('pointermove', move);
        grip.removeEventListener('pointerup', up);
        grip.removeEventListener('pointercancel', up);
        this.columnsChanged();
      };
      grip.addEventListener('pointermove', move);
      grip.addEventListener('pointerup', up);
      grip.addEventListener('pointercancel', up);
    });
    grip.addEventListener('dblclick', () => {
      this.layout.resize(column.id, undefined);
      this.columnsChanged();
    });
    grip.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowLeft' ? -16 : e.key === 'ArrowRight' ? 16 : 0;
      if (!step) return;
      e.preventDefault();
      this.layout.resize(column.id, cell.getBoundingClientRect().width + step);
      this.columnsChanged();
    });
    grip.addEventListener('click', (e) => e.stopPropagation());
    cell.append(grip);
    return cell;
  }

  private columnsChanged(): void {
    this.update();
    this.events.onColumnsChanged({ ...this.layout.widths }, [...this.layout.order]);
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
    const index = el('span', 'cell index col-index', data ? String(data.row + 1) : '');
    const badges = el('span', 'cell badges col-badges');
    if (data) badges.append(...this.badges(data.findings));
    row.append(index, badges);
    const cell = (className: string, text: string) => {
      const span = el('span', className);
      appendHighlighted(span, text, this.term);
      return span;
    };
    const firstData = this.columns[0]?.id ?? 'text';
    if (!data) row.append(el('span', `cell data placeholder col-${firstData}`, '…'));
    else if (data.raw !== undefined) row.append(cell(`cell data raw col-${firstData}`, data.raw));
    else for (let c = 0; c < Math.max(1, this.columns.length); c++) row.append(cell(`cell data col-${this.columns[c]?.id ?? 'text'}`, data.cells[c] ?? ''));
    for (const cell of row.children) cell.setAttribute('role', 'gridcell');
    row.addEventListener('click', () => {
      this.select(position, false);
      this.events.onOpen(position, data?.row);
    });
    row.addEventListener('dblclick', () => data && this.events.onRevealInEditor(data.row));
    return row;
  }

  /** The most severe finding by its full name; the others behind a "+n" badge that names them. */
  private badges(findings: FindingBadge[]): HTMLElement[] {
    const s = this.strings;
    const unique = new Map<string, FindingBadge>();
    for (const f of findings) {
      const seen = unique.get(f.code);
      if (!seen || severityRank(f.severity) < severityRank(seen.severity)) unique.set(f.code, f);
    }
    const sorted = [...unique.values()].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    const name = (f: FindingBadge) => s.codeTitles[f.code] ?? f.code;
    const describe = (f: FindingBadge) => `${s.severities[f.severity] ?? f.severity}: ${name(f)}`;
    const out: HTMLElement[] = [];
    const [first, ...rest] = sorted;
    if (first) {
      const b = badge(name(first), first.severity, `${describe(first)} (${first.code})`);
      b.dataset.code = first.code;
      b.addEventListener('click', (event) => {
        event.stopPropagation();
        this.events.onPickCode(first.code);
      });
      out.push(b);
    }
    if (rest.length) {
      const more = badge(`+${rest.length}`, rest[0].severity, formatMessage(s.moreFindings, rest.length, rest.map(describe).join(', ')));
      more.classList.add('more');
      out.push(more);
    }
    return out;
  }

  /** Header cell widths on screen by column id, left to right (for the integration tests). */
  columnWidths(): Array<[string, number]> {
    return [...this.head.children]
      .map((cell) => ({ id: [...cell.classList].find((c) => c.startsWith('col-'))?.slice(4) ?? '', box: cell.getBoundingClientRect() }))
      .sort((a, b) => a.box.left - b.box.left)
      .map(({ id, box }) => [id, Math.round(box.width)] as [string, number]);
  }

  /** Rendered badges whose text is cut (for the integration tests). */
  cutBadgeCount(): number {
    let cut = 0;
    for (const b of this.body.querySelectorAll<HTMLElement>('.row.loaded .finding-badge')) {
      const cell = b.parentElement?.getBoundingClientRect();
      if (b.scrollWidth > b.clientWidth + 1 || (cell && b.getBoundingClientRect().right > cell.right + 0.5)) cut++;
    }
    return cut;
  }

  /** Whether the selected row stands out from the others (background or outline); undefined with no selected row in sight. */
  selectionVisible(): boolean | undefined {
    const selected = this.body.querySelector<HTMLElement>('.row.selected');
    const other = this.body.querySelector<HTMLElement>('.row:not(.selected)');
    if (!selected || !other) return undefined;
    const a = getComputedStyle(selected);
    const b = getComputedStyle(other);
    const outlined =
      a.outlineStyle !== 'none' && parseFloat(a.outlineWidth) > 0 && !/rgba\(.*,\s*0\)$|transparent/.test(a.outlineColor) && a.outlineColor !== b.outlineColor;
    return outlined || a.backgroundColor !== b.backgroundColor;
  }

  private syncHead(): void {
    this.headViewport.style.paddingRight = `${Math.max(0, this.scroller.offsetWidth - this.scroller.clientWidth)}px`;
    this.headViewport.scrollLeft = this.scroller.scrollLeft;
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
    this.syncHead();
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
