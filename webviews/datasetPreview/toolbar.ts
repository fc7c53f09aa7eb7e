import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { formatMessage } from '../../src/shared/format';
import type { DatasetPreviewStrings, ViewFilter } from '../../src/shared/protocol/datasetPreview';
import { button, el } from './dom';

export interface ToolbarEvents {
  onFilter(filter: ViewFilter): void;
  onSearch(query: string, caseSensitive: boolean): void;
  onClearSearch(): void;
  onExport(): void;
}

/** Filter by finding code and severity, full-text search, export. */
export class Toolbar {
  readonly element: HTMLElement;
  private readonly codes = document.createElement('vscode-multi-select');
  private readonly severity = document.createElement('vscode-single-select');
  private readonly query = document.createElement('vscode-textfield');
  private readonly caseSensitive = document.createElement('vscode-checkbox');
  private readonly searchStatus = el('span', 'search-status');
  private knownCodes = '';

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly events: ToolbarEvents,
  ) {
    this.element = el('div', 'toolbar');
    this.codes.setAttribute('aria-label', strings.filterCodes);
    this.codes.addEventListener('change', () => this.emitFilter());
    this.severity.setAttribute('aria-label', strings.filterSeverity);
    for (const [value, label] of [['', strings.anySeverity], ['error', 'error'], ['warning', 'warning'], ['info', 'info']]) {
      const option = document.createElement('vscode-option');
      option.value = value;
      option.textContent = label;
      this.severity.append(option);
    }
    this.severity.addEventListener('change', () => this.emitFilter());
    this.query.placeholder = strings.searchPlaceholder;
    this.query.setAttribute('aria-label', strings.search);
    this.query.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.search();
    });
    this.caseSensitive.textContent = strings.caseSensitive;
    const filterGroup = el('div', 'group');
    filterGroup.append(el('label', 'group-label', strings.filterCodes), this.codes, this.severity);
    const searchGroup = el('div', 'group');
    searchGroup.append(this.query, this.caseSensitive, button(strings.search, () => this.search()), button(strings.clear, () => this.clearSearch(), true), this.searchStatus);
    this.element.append(filterGroup, searchGroup, button(strings.exportCleaned, () => events.onExport(), true));
  }

  /** Offers the codes the analysis found (with their record counts). */
  setCodes(recordsByCode: Record<string, number>, selected: readonly string[]): void {
    const key = JSON.stringify(recordsByCode);
    if (key === this.knownCodes) return;
    this.knownCodes = key;
    const options = Object.entries(recordsByCode)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => {
        const option = document.createElement('vscode-option');
        option.value = code;
        option.textContent = `${this.strings.codeTitles[code] ?? code} (${n})`;
        option.selected = selected.includes(code);
        return option;
      });
    this.codes.replaceChildren(...options);
  }

  setFilter(filter: ViewFilter): void {
    this.codes.value = filter.codes;
    this.severity.value = filter.severities[0] ?? '';
  }

  setSearch(query: string, caseSensitive: boolean): void {
    this.query.value = query;
    this.caseSensitive.checked = caseSensitive;
  }

  showSearchProgress(hits: number, scanned: number, total: number): void {
    const percent = total ? Math.floor((100 * scanned) / total) : 100;
    this.searchStatus.textContent = `${formatMessage(this.strings.searchMatches, hits.toLocaleString())}${percent < 100 ? ` · ${percent}%` : ''}`;
  }

  clearSearchStatus(): void {
    this.searchStatus.textContent = '';
  }

  private emitFilter(): void {
    const severity = this.severity.value;
    this.events.onFilter({ codes: [...this.codes.value], severities: severity ? [severity] : [] });
  }

  private search(): void {
    const query = this.query.value.trim();
    if (query) this.events.onSearch(query, this.caseSensitive.checked);
    else this.clearSearch();
  }

  private clearSearch(): void {
    this.query.value = '';
    this.clearSearchStatus();
    this.events.onClearSearch();
  }
}
