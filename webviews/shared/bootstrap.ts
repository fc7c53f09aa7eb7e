import { BOOTSTRAP_ELEMENT_ID } from '../../src/shared/webviewBootstrap';

/** Reads the startup data the host injected into the page as an inert JSON block. */
export function readBootstrap<T>(): T {
  const element = document.getElementById(BOOTSTRAP_ELEMENT_ID);
  if (!element?.textContent) throw new Error('missing bootstrap data');
  return JSON.parse(element.textContent) as T;
}
