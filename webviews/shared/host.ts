/** The VS Code webview API, acquired once per page (acquiring twice throws). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

/**
 * UI state persisted by VS Code across panel hides and window reloads. State carries a
 * version; state written by another version of the webview is discarded, not migrated blindly.
 */
export function loadUiState<T extends { version: number }>(version: number): T | undefined {
  const state = vscodeApi().getState() as Partial<T> | undefined;
  return state && state.version === version ? (state as T) : undefined;
}

export function saveUiState<T extends { version: number }>(state: T): void {
  vscodeApi().setState(state);
}
