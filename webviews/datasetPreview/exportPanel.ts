import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { FindingCode } from '../../src/shared/findings';
import { entriesByCode } from '../../src/shared/findings';
import { formatMessage } from '../../src/shared/format';
import type { DatasetPreviewStrings } from '../../src/shared/protocol/datasetPreview';
import { button, el } from './dom';

/** The codes the export panel offers ticked: the ones `tunelab clean` drops by default. */
export { DEFAULT_DROP_CODES as DEFAULT_EXPORT_CODES } from '../../src/shared/dropCodes';

/**
 * "Export cleaned dataset": pick the findings whose records to drop, see how many records
 * each choice drops and how many the copy keeps, then choose where to save (never the source).
 */
export class ExportPanel {
  readonly element: HTMLElement;
  private readonly list = el('div', 'export-codes');
  private readonly total = el('p', 'export-total');
  private readonly warning = el('p', 'export-warning');
  private selected = new Set<FindingCode>();

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly preview: (
      codes: FindingCode[],
    ) => Promise<{ total: number; drops: number; byCode: Partial<Record<FindingCode, number>>; maxDropShare: number }>,
    private readonly confirm: (codes: FindingCode[]) => Promise<void>,
  ) {
    this.element = el('section', 'export-panel');
    this.element.hidden = true;
    const actions = el('div', 'export-actions');
    actions.append(
      button(strings.exportConfirm, () => void this.confirm([...this.selected]).then(() => this.hide())),
      button(strings.cancel, () => this.hide(), true),
    );
    this.warning.hidden = true;
    this.element.append(el('h3', undefined, strings.exportTitle), this.list, this.total, this.warning, actions);
  }

  async show(recordsByCode: Partial<Record<FindingCode, number>>, defaults: readonly FindingCode[]): Promise<void> {
    this.selected = new Set(defaults.filter((c) => c in recordsByCode));
    const rows = entriesByCode(recordsByCode)
      .sort((a, b) => b[1] - a[1])
      .map(([code, records]) => {
        const box = document.createElement('vscode-checkbox');
        box.checked = this.selected.has(code);
        box.textContent = `${this.strings.codeTitles[code] ?? code} — ${formatMessage(this.strings.exportDrops, records.toLocaleString())}`;
        box.addEventListener('change', () => {
          if (box.checked) this.selected.add(code);
          else this.selected.delete(code);
          void this.refresh();
        });
        return box;
      });
    this.list.replaceChildren(...rows);
    this.element.hidden = false;
    await this.refresh();
  }

  hide(): void {
    this.element.hidden = true;
  }

  private async refresh(): Promise<void> {
    const { total, drops, maxDropShare } = await this.preview([...this.selected]);
    this.total.textContent = formatMessage(this.strings.exportKeeps, (total - drops).toLocaleString(), total.toLocaleString());
    // The same guard as the host's: past the share, say so here, before the click.
    const most = total > 0 && drops / total > maxDropShare;
    this.warning.hidden = !most;
    this.warning.textContent = most ? formatMessage(this.strings.exportDropsMost, Math.round((drops / total) * 1000) / 10) : '';
  }
}
