import * as vscode from 'vscode';
import type { TuneLabApi } from '../../src/extension';

export const EXTENSION_ID = 'tunelab.tunelab';

/** Activates TuneLab (if needed) and returns its API. */
export async function activateTuneLab(): Promise<TuneLabApi> {
  const extension = vscode.extensions.getExtension<TuneLabApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Polls `probe` until it returns something truthy, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function helperUrl(path: string, params: Record<string, string>): string | undefined {
  const base = process.env.TUNELAB_TEST_HELPER_URL;
  if (!base) return undefined;
  return `${base}${path}?${new URLSearchParams(params).toString()}`;
}

/** Saves a screenshot of the workbench into the run's artifacts (when run by our runner). */
export async function screenshot(name: string): Promise<string | undefined> {
  const url = helperUrl('/screenshot', { name });
  if (!url) return undefined;
  try {
    return await (await fetch(url)).text();
  } catch {
    return undefined;
  }
}

/**
 * The rendered text of the webview whose page has an element with id `marker`, read by the
 * real browser. Undefined when not run by our runner (e.g. under @vscode/test-electron).
 */
export async function webviewText(marker: string): Promise<string | undefined> {
  const url = helperUrl('/webview-text', { marker });
  if (!url) return undefined;
  const response = await fetch(url);
  return response.ok ? response.text() : undefined;
}

/** Reads `window.<path>` inside that webview, in the real browser. */
export async function webviewValue(marker: string, path: string): Promise<unknown> {
  const url = helperUrl('/webview-eval', { marker, expr: path });
  if (!url) return undefined;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`webview-eval: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** How many elements match `selector` inside that webview, in the real browser. */
export async function webviewCount(marker: string, selector: string): Promise<number | undefined> {
  const url = helperUrl('/webview-count', { marker, selector });
  if (!url) return undefined;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`webview-count: ${response.status} ${await response.text()}`);
  return Number(await response.text());
}

/** Clicks the first element matching `selector` in that webview, in the real browser. False when not run by our runner. */
export async function webviewClick(marker: string, selector: string): Promise<boolean> {
  const url = helperUrl('/webview-click', { marker, selector });
  if (!url) return false;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`webview-click: ${response.status} ${await response.text()}`);
  return true;
}

/** Types `text` into the input matching `selector` in that webview and presses Enter. */
export async function webviewType(marker: string, selector: string, text: string): Promise<boolean> {
  const url = helperUrl('/webview-type', { marker, selector, text });
  if (!url) return false;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`webview-type: ${response.status} ${await response.text()}`);
  return true;
}

/**
 * Types into the workbench (outside any webview), e.g. the path of a save dialog, and presses
 * Enter; with `expect`, first waits until the quick pick's focused row shows that text.
 */
export async function workbenchType(selector: string, text: string, expect?: string): Promise<boolean> {
  const url = helperUrl('/workbench-type', expect ? { selector, text, expect } : { selector, text });
  return callWorkbench(url);
}

/** The text of the first workbench element matching `selector` that holds `text` (waits for it). */
export async function workbenchText(selector: string, text: string): Promise<string | undefined> {
  const url = helperUrl('/workbench-text', { selector, text });
  if (!url) return undefined;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`workbench-text: ${response.status} ${await response.text()}`);
  return response.text();
}

/** Presses Enter in a workbench dialog once it proposes a value ending with `ending` (e.g. a save dialog's default name). */
export async function workbenchAccept(selector: string, ending: string): Promise<boolean> {
  return callWorkbench(helperUrl('/workbench-type', { selector, keep: ending }));
}

/** Closes whatever quick input a failed test may have left open, so it cannot swallow the next one's keys. */
export async function closeQuickInput(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
}

async function callWorkbench(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`workbench-type: ${response.status} ${await response.text()}`);
  return true;
}

/** Focuses `selector` in that webview and presses `keys` in turn (Playwright key names). */
export async function webviewPress(marker: string, selector: string, keys: string[]): Promise<boolean> {
  const url = helperUrl('/webview-press', { marker, selector, keys: keys.join(',') });
  if (!url) return false;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`webview-press: ${response.status} ${await response.text()}`);
  return true;
}

/** Clicks a workbench button by its text (e.g. a modal dialog's) and returns the dialog's text. */
export async function workbenchClick(selector: string, text: string): Promise<string | undefined> {
  const url = helperUrl('/workbench-click', { selector, text });
  if (!url) return undefined;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`workbench-click: ${response.status} ${await response.text()}`);
  return response.text();
}

/** Resizes the browser page that shows the workbench (CSS pixels). False when not run by our runner. */
export async function setViewport(width: number, height: number): Promise<boolean> {
  const url = helperUrl('/viewport', { width: String(width), height: String(height) });
  if (!url) return false;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`viewport: ${response.status} ${await response.text()}`);
  return true;
}
