/** Where the record pane sits beside the table: its width limits and the overlap probe the tests read. */

/** The record pane keeps at least this much (px) and leaves the table at least this much. */
const MIN_DETAIL_PX = 240;
const MIN_TABLE_PX = 200;
/** Below this page width the record pane goes under the table (see main.css). */
const STACKED_BELOW_PX = 640;

/** Height (px) of the area where two boxes overlap on screen; 0 when they do not. */
export function overlap(a: HTMLElement, b: HTMLElement): number {
  if (a.hidden || b.hidden) return 0;
  const r = a.getBoundingClientRect();
  const q = b.getBoundingClientRect();
  const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
  const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
  return w > 0 && h > 0 ? Math.round(h) : 0;
}

/** A dragged width held inside the room `body` has, so neither the pane nor the table vanishes. */
export function clampDetailWidth(width: number, body: HTMLElement): number {
  const room = body.getBoundingClientRect().width || window.innerWidth;
  return Math.round(Math.max(MIN_DETAIL_PX, Math.min(width, room - MIN_TABLE_PX)));
}

/** Applies the user's width to the pane (none: the stylesheet's default, and always when stacked). */
export function applyDetailWidth(pane: HTMLElement, width: number | undefined, body: HTMLElement): void {
  if (width === undefined || window.innerWidth < STACKED_BELOW_PX) pane.style.removeProperty('--detail-width');
  else pane.style.setProperty('--detail-width', `${clampDetailWidth(width, body)}px`);
}
