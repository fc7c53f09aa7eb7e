import { el } from './dom';

/**
 * The draggable edge between the table and the record pane (like VS Code's sashes): drag it,
 * or focus it and use the arrow keys; double-click restores the default width.
 */
export class Sash {
  readonly element = el('div', 'sash');

  constructor(
    label: string,
    private readonly width: () => number,
    private readonly onResize: (width: number | undefined, done: boolean) => void,
  ) {
    this.element.setAttribute('role', 'separator');
    this.element.setAttribute('aria-orientation', 'vertical');
    this.element.setAttribute('aria-label', label);
    this.element.tabIndex = 0;
    this.element.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      this.element.setPointerCapture(e.pointerId);
      this.element.classList.add('active');
      const startX = e.clientX;
      const start = this.width();
      // The pane is on the right: dragging left widens it.
      const move = (m: PointerEvent) => this.onResize(start - (m.clientX - startX), false);
      const up = (u: PointerEvent) => {
        this.element.classList.remove('active');
        this.element.removeEventListener('pointermove', move);
        this.element.removeEventListener('pointerup', up);
        this.element.removeEventListener('pointercancel', up);
        this.onResize(start - (u.clientX - startX), true);
      };
      this.element.addEventListener('pointermove', move);
      this.element.addEventListener('pointerup', up);
      this.element.addEventListener('pointercancel', up);
    });
    this.element.addEventListener('dblclick', () => this.onResize(undefined, true));
    this.element.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowLeft' ? 24 : e.key === 'ArrowRight' ? -24 : 0;
      if (!step) return;
      e.preventDefault();
      this.onResize(this.width() + step, true);
    });
  }
}
