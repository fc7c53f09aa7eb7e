import { formatMessage } from '../../src/shared/format';
import type { DatasetPreviewStrings, ReviewView } from '../../src/shared/protocol/datasetPreview';
import type { ReviewDecisionName } from '../../src/shared/protocol/datasetReview';
import { DetailPane } from './detailPane';
import { button, el } from './dom';

/** The host's side of the review, and what the page around the panel does when it opens or ends. */
export interface ReviewHost {
  open(): Promise<ReviewView>;
  decide(request: { position: number; decision: ReviewDecisionName; note: string; score: number | undefined }): Promise<ReviewView>;
  move(position: number): Promise<ReviewView>;
  exportAccepted(): Promise<unknown>;
  revealInEditor(row: number): void;
  /** The panel opened (true) or ended (false). */
  toggled(open: boolean): void;
  onError(error: unknown): void;
}

const KEY_DECISIONS: Record<string, ReviewDecisionName> = { a: 'accept', r: 'reject', s: 'skip' };

/**
 * The sampled review, one record at a time: accept / reject / skip with an optional note and
 * score, by keyboard (A, R, S, N, 1–5, ← →, Esc) or by the buttons, which carry the same keys
 * in their accessible names. The record is the record pane's rendering: text nodes only.
 */
export class ReviewPanel {
  readonly element: HTMLElement;
  private readonly title = el('h2');
  private readonly progressText = el('span', 'review-progress');
  private readonly positionText = el('span', 'review-position');
  private readonly status = el('p', 'review-status');
  private readonly noteField = document.createElement('textarea');
  private readonly scoreButtons: HTMLElement[] = [];
  private readonly summary = el('section', 'review-summary');
  private readonly detail: DetailPane;
  private state: ReviewView | undefined;
  private score: number | undefined;

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly host: ReviewHost,
  ) {
    const r = strings.review;
    this.element = el('section', 'review-panel');
    this.element.hidden = true;
    this.element.tabIndex = 0;
    this.element.setAttribute('aria-label', r.keyHints);
    this.progressText.setAttribute('aria-live', 'polite');
    this.detail = new DetailPane(
      strings,
      () => this.end(),
      (row) => host.revealInEditor(row),
    );
    this.noteField.className = 'review-note';
    this.noteField.rows = 2;
    this.noteField.placeholder = r.notePlaceholder;
    this.noteField.setAttribute('aria-label', r.note);
    const keyed = (label: string, key: string, onClick: () => void, secondary = true) => {
      const b = button(`${label} (${key})`, onClick, secondary);
      b.setAttribute('aria-keyshortcuts', key);
      return b;
    };
    const decisions = el('div', 'review-actions');
    decisions.append(
      keyed(r.accept, 'A', () => this.decide('accept'), false),
      keyed(r.reject, 'R', () => this.decide('reject')),
      keyed(r.skip, 'S', () => this.decide('skip')),
      keyed(r.note, 'N', () => this.noteField.focus()),
      keyed(r.previous, '←', () => this.go(-1)),
      keyed(r.next, '→', () => this.go(1)),
    );
    const scores = el('div', 'review-scores');
    scores.setAttribute('role', 'group');
    scores.setAttribute('aria-label', r.score);
    scores.append(el('span', 'group-label', r.score));
    for (let n = 1; n <= 5; n++) {
      const b = button(String(n), () => this.setScore(this.score === n ? undefined : n), true);
      b.setAttribute('aria-label', formatMessage(r.scoreValue, n));
      b.setAttribute('aria-keyshortcuts', String(n));
      this.scoreButtons.push(b);
      scores.append(b);
    }
    const more = el('div', 'review-actions');
    more.append(
      button(r.summary, () => (this.summary.hidden = !this.summary.hidden), true),
      button(r.exportAccepted, () => void host.exportAccepted().catch((error: unknown) => host.onError(error)), true),
      keyed(r.endReview, 'Esc', () => this.end()),
    );
    const bar = el('div', 'review-bar');
    bar.append(this.title, this.progressText, this.positionText);
    this.summary.hidden = true;
    this.element.append(bar, el('p', 'review-hints', r.keyHints), this.status, decisions, scores, this.noteField, more, this.summary, this.detail.element);
    this.element.addEventListener('keydown', (e) => this.onKey(e));
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** What the integration tests read. */
  describe(): { position: number; row: number; progressText: string; decision?: ReviewDecisionName; note?: string; score?: number; done: boolean } | undefined {
    const s = this.state;
    if (!s || !this.open) return undefined;
    return {
      position: s.position,
      row: s.row,
      progressText: this.progressText.textContent ?? '',
      decision: s.decision,
      note: s.note,
      score: s.score,
      done: s.done,
    };
  }

  /** Starts or resumes the review (the toolbar's button, the Start Review command). */
  start(): Promise<void> {
    return this.step(() => this.host.open());
  }

  /** One request to the host; the panel shows its answer. */
  private async step(request: () => Promise<ReviewView>): Promise<void> {
    try {
      const state = await request();
      this.host.toggled(true);
      this.show(state);
    } catch (error) {
      this.host.onError(error);
    }
  }

  private end(): void {
    this.element.hidden = true;
    this.state = undefined;
    this.host.toggled(false);
  }

  private show(state: ReviewView): void {
    const r = this.strings.review;
    this.state = state;
    this.element.hidden = false;
    this.title.textContent = formatMessage(r.title, state.reviewer);
    const parts = [formatMessage(r.progress, state.reviewed.toLocaleString(), state.sampled.toLocaleString(), Math.round(state.acceptedShare * 100))];
    if (state.skipped) parts.push(formatMessage(r.skipped, state.skipped));
    if (state.stale) parts.push(formatMessage(r.stale, state.stale));
    this.progressText.textContent = parts.join(' · ');
    this.positionText.textContent = formatMessage(r.position, (state.position + 1).toLocaleString(), state.sampled.toLocaleString());
    const decided = { accept: r.accepted, reject: r.rejected, skip: r.skippedDecision };
    const status = [state.decision ? decided[state.decision] : r.undecided];
    if (state.staleDecision) status.push(r.staleDecision);
    if (state.row < 0) status.push(r.gone);
    if (state.done) status.push(r.done);
    this.status.textContent = status.join(' · ');
    this.status.classList.toggle('stale', state.staleDecision);
    this.noteField.value = state.note ?? '';
    this.setScore(state.score);
    if (state.record) this.detail.show(state.record);
    else this.detail.hide();
    this.renderSummary(state);
    if (state.done) this.summary.hidden = false;
    if (document.activeElement !== this.noteField) this.element.focus();
  }

  private renderSummary(state: ReviewView): void {
    const r = this.strings.review;
    const findings = el('ul');
    for (const f of state.rejectedFindings)
      findings.append(el('li', undefined, formatMessage(r.findingRecords, this.strings.codeTitles[f.code] ?? f.code, f.records)));
    const parts: HTMLElement[] = [el('h3', undefined, r.rejectedFindings), state.rejectedFindings.length ? findings : el('p', undefined, r.noRejectedFindings)];
    if (state.rejectedNotes.length) {
      const notes = el('ul');
      for (const n of state.rejectedNotes) notes.append(el('li', undefined, `${formatMessage(this.strings.rowLabel, n.row + 1)}: ${n.note}`));
      parts.push(el('h3', undefined, r.rejectedNotes), notes);
    }
    this.summary.replaceChildren(...parts);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target === this.noteField) {
      // Enter keeps the note for the next decision and gives the keys back; Shift+Enter is a new line.
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Escape') {
        e.preventDefault();
        this.element.focus();
      }
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key.toLowerCase();
    const decision = KEY_DECISIONS[key];
    if (decision) this.decide(decision);
    else if (key === 'n') this.noteField.focus();
    else if (/^[1-5]$/.test(key)) this.setScore(Number(key));
    else if (e.key === 'ArrowLeft') this.go(-1);
    else if (e.key === 'ArrowRight') this.go(1);
    else if (e.key === 'Escape') this.end();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  private decide(decision: ReviewDecisionName): void {
    const { state, score } = this;
    if (!state || state.row < 0) return;
    const note = this.noteField.value;
    void this.step(() => this.host.decide({ position: state.position, decision, note, score }));
  }

  private go(delta: number): void {
    if (!this.state) return;
    const position = this.state.position + delta;
    if (position >= 0 && position < this.state.sampled) void this.step(() => this.host.move(position));
  }

  private setScore(score: number | undefined): void {
    this.score = score;
    this.scoreButtons.forEach((b, i) => {
      const on = score === i + 1;
      b.setAttribute('aria-pressed', String(on));
      if (on) b.removeAttribute('secondary');
      else b.setAttribute('secondary', '');
    });
  }
}
