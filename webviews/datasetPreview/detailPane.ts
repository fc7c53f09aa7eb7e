import type { DatasetPreviewStrings, DetailTurn, RecordDetail } from '../../src/shared/protocol/datasetPreview';
import { formatMessage } from '../../src/shared/format';
import { badge, button, el } from './dom';
import { appendHighlighted } from './highlight';
import type { SearchTerm } from './highlight';

/**
 * One record as a conversation: system prompt, tools, turns with their roles, chosen and
 * rejected side by side, the KTO label, the findings explained, and the raw JSON. Every piece
 * of dataset text is set as text nodes (search hits in <mark> elements).
 */
export class DetailPane {
  readonly element: HTMLElement;
  private readonly content: HTMLElement;
  private current: RecordDetail | undefined;
  private term: SearchTerm | undefined;

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly onClose: () => void,
    private readonly onRevealInEditor: (row: number) => void,
    private readonly onGoToRecord: (row: number) => void = () => undefined,
  ) {
    this.element = el('aside', 'detail');
    this.content = el('div', 'detail-content');
    this.element.append(this.content);
    this.element.hidden = true;
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  get text(): string | undefined {
    return this.open ? (this.content.textContent ?? undefined) : undefined;
  }

  get row(): number | undefined {
    return this.open ? this.current?.row : undefined;
  }

  /** Highlights `term` in the record shown (and the ones shown later). */
  setSearch(term: SearchTerm | undefined): void {
    this.term = term;
    if (this.open && this.current) this.show(this.current);
  }

  show(detail: RecordDetail): void {
    this.current = detail;
    const s = this.strings;
    const label = formatMessage(s.rowLabel, (detail.row + 1).toLocaleString());
    this.element.setAttribute('aria-label', label);
    const header = el('div', 'detail-header');
    const title = el('h2', undefined, label);
    const meta = el('span', 'detail-meta', [detail.format, formatMessage(s.lineLabel, (detail.line + 1).toLocaleString())].filter(Boolean).join(' · '));
    header.append(
      title,
      meta,
      button(s.showInEditor, () => this.onRevealInEditor(detail.row), true),
      button(s.close, () => this.onClose(), true),
    );
    const parts: HTMLElement[] = [header];
    if (detail.findings.length) {
      const list = el('ul', 'detail-findings');
      for (const f of detail.findings) {
        const item = el('li');
        const name = s.codeTitles[f.code] ?? f.code;
        item.append(
          badge(name, f.severity, `${s.severities[f.severity] ?? f.severity}: ${name} (${f.code})`),
          el('span', 'finding-message', f.message),
          el('div', 'finding-why', f.why),
        );
        // The twin of a duplicate (near, semantic): one click selects it in the table.
        for (const twin of f.twins ?? []) item.append(button(formatMessage(s.goToRecord, (twin + 1).toLocaleString()), () => this.onGoToRecord(twin), true));
        list.append(item);
      }
      parts.push(list);
    }
    if (detail.parseError) parts.push(el('p', 'detail-error', formatMessage(s.notParsed, detail.parseError)));
    if (detail.system) parts.push(this.block(s.system, detail.system, 'system'));
    if (detail.tools) parts.push(this.block(s.tools, detail.tools, 'tools'));
    const chat = el('div', 'chat');
    for (const turn of detail.turns) chat.append(this.turn(turn));
    parts.push(chat);
    if (detail.chosen || detail.rejected) {
      const pair = el('div', 'pair');
      const side = (heading: string, turns: DetailTurn[] | undefined, kind: string) => {
        const column = el('div', `pair-side ${kind}`);
        column.append(el('h3', undefined, heading), ...(turns ?? []).map((t) => this.turn(t)));
        return column;
      };
      pair.append(side(s.chosen, detail.chosen, 'chosen'), side(s.rejected, detail.rejected, 'rejected'));
      parts.push(pair);
    }
    if (detail.label !== undefined)
      parts.push(el('p', `kto-label ${detail.label ? 'good' : 'bad'}`, `${s.label}: ${detail.label ? s.desirable : s.undesirable}`));
    const raw = el('details', 'raw');
    const rawText = el('pre');
    appendHighlighted(rawText, detail.raw, this.term);
    raw.append(el('summary', undefined, s.rawJson), rawText);
    parts.push(raw);
    this.content.replaceChildren(...parts);
    const wasHidden = this.element.hidden;
    this.element.hidden = false;
    if (wasHidden || this.content.dataset.row !== String(detail.row)) this.content.scrollTop = 0;
    this.content.dataset.row = String(detail.row);
  }

  hide(): void {
    this.element.hidden = true;
    this.current = undefined;
  }

  private turn(turn: DetailTurn): HTMLElement {
    const bubble = el('div', `turn role-${turn.role}`);
    const role = this.strings.roles[turn.role] ?? turn.role;
    const text = el('pre', 'turn-text');
    appendHighlighted(text, turn.text, this.term);
    bubble.append(el('div', 'turn-role', turn.sourceRole && turn.sourceRole !== turn.role ? `${role} · ${turn.sourceRole}` : role), text);
    if (turn.truncated) bubble.append(el('div', 'truncated', this.strings.truncated));
    return bubble;
  }

  private block(label: string, text: string, kind: string): HTMLElement {
    const block = el('div', `block ${kind}`);
    const body = el('pre', 'turn-text');
    appendHighlighted(body, text, this.term);
    block.append(el('div', 'turn-role', label), body);
    return block;
  }
}
