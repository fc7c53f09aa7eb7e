import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { FindingCode } from '../../src/shared/findings';
import { entriesByCode, SEVERITY_ORDER } from '../../src/shared/findings';
import { formatMessage } from '../../src/shared/format';
import type { DatasetPreviewStrings, ViewFilter } from '../../src/shared/protocol/datasetPreview';
import { button, el } from './dom';

export interface ToolbarEvents {
  onFilter(filter: ViewFilter): void;
  onSearch(query: string, caseSensitive: boolean): void;
  onClearSearch(): void;
  onExport(): void;
  onReview(): void;
  onDiversify(): void;
}

const SEVERITIES = ['error', 'warning', 'info'] as const;

/**
 * Filters as named chips (added from a list of the file's findings, removed with their ×),
 * the severity, the "N of M shown" count, full-text search and export. The groups wrap onto
 * more lines in a narrow panel instead of widening the page.
 */
export class Toolbar {
  readonly element: HTMLElement;
  private readonly addCode = document.createElement('vscode-single-select');
  private readonly severity = document.createElement('vscode-single-select');
  private readonly chips = el('div', 'filter-chips');
  private readonly shown = el('span', 'shown-count');
  private readonly query = document.createElement('vscode-textfield');
  private readonly caseSensitive = document.createElement('vscode-checkbox');
  private readonly searchStatus = el('span', 'search-status');
  private readonly clear: HTMLElement;
  private knownCodes = '';
  private recordsByCode: Partial<Record<FindingCode, number>> = {};
  private filter: ViewFilter = { codes: [], severities: [] };

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly events: ToolbarEvents,
  ) {
    this.element = el('div', 'toolbar');
    this.clear = button(strings.clear, () => this.clearSearch(), true);
    this.element.setAttribute('role', 'toolbar');
    this.addCode.setAttribute('aria-label', strings.filterCodes);
    this.addCode.addEventListener('change', () => {
      // The list's values are the codes it was built from.
      const code = entriesByCode(this.recordsByCode).find(([c]) => c === this.addCode.value)?.[0];
      if (!code || this.filter.codes.includes(code)) return;
      this.emit({ ...this.filter, codes: [...this.filter.codes, code] });
    });
    this.severity.setAttribute('aria-label', strings.filterSeverity);
    for (const [value, label] of [['', strings.anySeverity], ...SEVERITIES.map((s) => [s, strings.severities[s] ?? s])]) {
      const option = document.createElement('vscode-option');
      option.value = value;
      option.setAttribute('value', value);
      option.textContent = label;
      this.severity.append(option);
    }
    this.severity.addEventListener('change', () => {
      const value = SEVERITY_ORDER.find((s) => s === this.severity.value);
      this.emit({ ...this.filter, severities: value ? [value] : [] });
    });
    this.query.placeholder = strings.searchPlaceholder;
    this.query.setAttribute('aria-label', strings.search);
    this.query.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.search();
    });
    this.caseSensitive.textContent = strings.caseSensitive;
    this.chips.setAttribute('aria-live', 'polite');
    const filterGroup = el('div', 'group filter-group');
    filterGroup.append(this.addCode, this.severity, this.chips);
    const viewGroup = el('div', 'group view-group');
    viewGroup.append(
      this.shown,
      button(strings.exportCleaned, () => events.onExport(), true),
      button(strings.review.startReview, () => events.onReview(), true),
      button(strings.diversify.button, () => events.onDiversify(), true),
    );
    const searchGroup = el('div', 'group search-group');
    // "Clear" only while there is something to clear: one line less in a narrow panel.
    this.clear.hidden = true;
    searchGroup.append(
      this.query,
      this.caseSensitive,
      button(strings.search, () => this.search()),
      this.clear,
      this.searchStatus,
    );
    this.element.append(filterGroup, searchGroup, viewGroup);
    this.renderCodes();
  }

  /** Offers the codes the analysis found (with their record counts). */
  setCodes(recordsByCode: Partial<Record<FindingCode, number>>): void {
    const key = JSON.stringify(recordsByCode);
    if (key === this.knownCodes) return;
    this.knownCodes = key;
    this.recordsByCode = recordsByCode;
    this.renderCodes();
    this.renderChips();
  }

  setFilter(filter: ViewFilter): void {
    this.filter = { codes: [...filter.codes], severities: [...filter.severities] };
    this.severity.value = filter.severities[0] ?? '';
    this.renderCodes();
    this.renderChips();
  }

  /** "N of M shown": the records in the current view out of all records. */
  setShown(shown: number, total: number): void {
    this.shown.textContent = formatMessage(this.strings.shownCount, shown.toLocaleString(), total.toLocaleString());
  }

  get shownText(): string {
    return this.shown.textContent ?? '';
  }

  /** The severity list's labels, in order (for the integration tests). */
  get severityLabels(): string[] {
    return [...this.severity.querySelectorAll('vscode-option')].map((o) => o.textContent ?? '');
  }

  get chipNames(): string[] {
    return [...this.chips.querySelectorAll('.chip-name')].map((n) => n.textContent ?? '');
  }

  setSearch(query: string, caseSensitive: boolean): void {
    this.query.value = query;
    this.caseSensitive.checked = caseSensitive;
    this.clear.hidden = !query;
  }

  showSearchProgress(hits: number, scanned: number, total: number): void {
    this.clear.hidden = false;
    const percent = total ? Math.floor((100 * scanned) / total) : 100;
    this.searchStatus.textContent = `${formatMessage(this.strings.searchMatches, hits.toLocaleString())}${percent < 100 ? ` · ${percent}%` : ''}`;
  }

  clearSearchStatus(): void {
    this.searchStatus.textContent = '';
    this.clear.hidden = true;
  }

  private title(code: string): string {
    return this.strings.codeTitles[code] ?? code;
  }

  /** The "add a filter" list: a placeholder, then the codes not filtered yet, most records first. */
  private renderCodes(): void {
    const placeholder = document.createElement('vscode-option');
    placeholder.value = '';
    placeholder.textContent = this.strings.addFilter;
    const options = entriesByCode(this.recordsByCode)
      .filter(([code]) => !this.filter.codes.includes(code))
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => {
        const option = document.createElement('vscode-option');
        option.value = code;
        option.textContent = `${this.title(code)} (${n.toLocaleString()})`;
        return option;
      });
    this.addCode.replaceChildren(placeholder, ...options);
    this.addCode.value = '';
    this.addCode.disabled = options.length === 0;
  }

  private renderChips(): void {
    const chips = this.filter.codes.map((code) => {
      const chip = el('span', 'chip');
      const name = this.title(code);
      chip.title = code;
      const remove = el('button', 'chip-remove', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', formatMessage(this.strings.removeFilter, name));
      remove.title = formatMessage(this.strings.removeFilter, name);
      remove.addEventListener('click', () => this.emit({ ...this.filter, codes: this.filter.codes.filter((c) => c !== code) }));
      chip.append(el('span', 'chip-name', name), remove);
      return chip;
    });
    this.chips.replaceChildren(...chips);
  }

  private emit(filter: ViewFilter): void {
    this.setFilter(filter);
    this.events.onFilter(filter);
  }

  private search(): void {
    const query = this.query.value.trim();
    if (query) this.events.onSearch(query, this.caseSensitive.checked);
    else this.clearSearch();
  }

  clearSearch(): void {
    this.query.value = '';
    this.clearSearchStatus();
    this.events.onClearSearch();
  }
}
