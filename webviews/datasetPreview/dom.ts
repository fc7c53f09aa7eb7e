/**
 * Tiny DOM helpers. Dataset text is hostile input: it only ever enters the page through
 * `textContent` (never innerHTML, never attributes that run code).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (secondary) b.setAttribute('secondary', '');
  b.addEventListener('click', onClick);
  return b;
}

export function badge(code: string, severity: string, title: string): HTMLElement {
  const b = el('span', `finding-badge severity-${severity}`, code);
  b.title = title;
  return b;
}
