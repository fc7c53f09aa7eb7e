import { formatMessage } from '../../src/shared/format';
import type { DatasetPreviewStrings, DiversifyCluster, DiversifyOutcome } from '../../src/shared/protocol/datasetPreview';
import { button, el } from './dom';

export interface DiversifyPanelEvents {
  /** Show only these rows (a cluster: the admitted record and its near-identical rejects). */
  showRows(rows: number[]): Promise<void>;
  showAll(): void;
}

/**
 * What the diversity filter did: how many it admits and rejects (and as twins of what), and the
 * "template tone" clusters, each a button that shows the cluster's records together.
 */
export class DiversifyPanel {
  readonly element: HTMLElement;
  private readonly summary = el('p', 'diversify-summary');
  private readonly written = el('p', 'diversify-written');
  private readonly list = el('div', 'diversify-clusters');
  private readonly showing = el('p', 'diversify-showing');

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly events: DiversifyPanelEvents,
  ) {
    this.element = el('section', 'diversify-panel');
    this.element.hidden = true;
    this.showing.hidden = true;
    const actions = el('div', 'diversify-actions');
    actions.append(
      button(strings.diversify.showAll, () => this.all(), true),
      button(strings.close, () => this.hide(), true),
    );
    this.element.append(el('h3', undefined, strings.diversify.title), this.summary, this.written, this.list, this.showing, actions);
  }

  show(outcome: DiversifyOutcome): void {
    const s = this.strings.diversify;
    const n = (value: number) => value.toLocaleString();
    this.summary.textContent = formatMessage(
      s.summary,
      n(outcome.admitted),
      n(outcome.records),
      n(outcome.rejected),
      n(outcome.fromCandidates),
      n(outcome.fromAgainst),
    );
    this.written.textContent = outcome.written ? formatMessage(s.written, outcome.written) : s.notWritten;
    const buttons = outcome.clusters.map((cluster) => button(this.label(cluster), () => void this.showCluster(cluster), true));
    this.list.replaceChildren(...(buttons.length ? [el('p', undefined, s.clustersTitle), ...buttons] : []));
    this.showing.hidden = true;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }

  describe(): { text: string; clusters: string[] } | undefined {
    if (this.element.hidden) return undefined;
    return { text: this.element.textContent ?? '', clusters: [...this.list.querySelectorAll('vscode-button')].map((b) => b.textContent ?? '') };
  }

  private label(cluster: DiversifyCluster): string {
    const s = this.strings.diversify;
    const size = (cluster.rows.length + (cluster.twinRow >= 0 ? 1 : 0)).toLocaleString();
    return cluster.twinRow >= 0
      ? formatMessage(s.cluster, (cluster.twinRow + 1).toLocaleString(), size)
      : formatMessage(s.clusterAgainst, cluster.twinFile ?? '', (cluster.twinRecord ?? 0).toLocaleString(), size);
  }

  private async showCluster(cluster: DiversifyCluster): Promise<void> {
    // The admitted record first in file order with its rejects: the table keeps file order.
    const rows = cluster.twinRow >= 0 ? [cluster.twinRow, ...cluster.rows] : cluster.rows;
    await this.events.showRows(rows);
    const first = cluster.twinRow >= 0 ? cluster.twinRow + 1 : (cluster.rows[0] ?? 0) + 1;
    this.showing.textContent = formatMessage(this.strings.diversify.showing, first.toLocaleString(), rows.length.toLocaleString());
    this.showing.hidden = false;
  }

  private all(): void {
    this.showing.hidden = true;
    this.events.showAll();
  }
}
