import type { DatasetPreviewStrings } from '../../src/shared/protocol/datasetPreview';
import type { PageCache } from './pageCache';

const ROW_HEIGHT_PX = 24;
const OVERSCAN_ROWS = 20;

/**
 * A virtual list: only the rows in view (plus a margin) exist in the DOM, so a file of
 * millions of records costs the same as one of a hundred. Dataset text is only ever
 * assigned through `textContent`.
 */
export class RowList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowsHost: HTMLElement;
  private rowCount = 0;
  private cache: PageCache | undefined;

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly onWindowChange: (first: number, last: number) => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'viewport';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'grid');
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    this.rowsHost = document.createElement('div');
    this.rowsHost.className = 'rows';
    this.spacer.append(this.rowsHost);
    this.element.append(this.spacer);
    this.element.addEventListener('scroll', () => this.update(), { passive: true });
    window.addEventListener('resize', () => this.update());
  }

  setCache(cache: PageCache): void {
    this.cache = cache;
  }

  setRowCount(rows: number): void {
    this.rowCount = rows;
    this.spacer.style.height = `${rows * ROW_HEIGHT_PX}px`;
    this.update();
  }

  scrollToRow(row: number): void {
    this.element.scrollTop = row * ROW_HEIGHT_PX;
    this.update();
  }

  renderedRowCount(): number {
    return this.rowsHost.querySelectorAll('.row.loaded').length;
  }

  firstRenderedText(): string | undefined {
    return this.rowsHost.querySelector('.row.loaded .text')?.textContent ?? undefined;
  }

  /** Redraws the rows in view from the cache (rows not fetched yet show a placeholder). */
  render(): void {
    const { first, last } = this.visibleWindow();
    const fragment = document.createDocumentFragment();
    for (let row = first; row <= last; row++) {
      const data = this.cache?.peek(row);
      const line = document.createElement('div');
      line.className = data ? 'row loaded' : 'row';
      line.setAttribute('role', 'row');
      const index = document.createElement('span');
      index.className = 'index';
      index.textContent = String(row + 1);
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = data ? data.text + (data.truncated ? ' …' : '') : '…';
      line.append(index, text);
      fragment.append(line);
    }
    this.rowsHost.style.transform = `translateY(${first * ROW_HEIGHT_PX}px)`;
    this.rowsHost.replaceChildren(fragment);
    this.rowsHost.setAttribute('aria-label', this.strings.recordHeader);
  }

  private visibleWindow(): { first: number; last: number } {
    const top = this.element.scrollTop;
    const height = this.element.clientHeight || ROW_HEIGHT_PX * 30;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
    const last = Math.min(this.rowCount - 1, Math.ceil((top + height) / ROW_HEIGHT_PX) + OVERSCAN_ROWS);
    return { first, last };
  }

  private update(): void {
    this.render();
    if (this.rowCount === 0) return;
    const { first, last } = this.visibleWindow();
    this.onWindowChange(first, last);
  }
}
