import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { buildWebviewDocument } from '../core/webview/htmlDocument';

/** The only folder a webview may load from: the built webview bundles. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

/** A fresh nonce for every render: a nonce that never repeats cannot be replayed. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The HTML for the webview app `dist/webviews/<app>.js` (+ `.css`), with `bootstrap`
 * (localised strings, initial settings) injected as inert JSON.
 */
export function renderWebviewHtml(options: { webview: vscode.Webview; extensionUri: vscode.Uri; app: string; title: string; bootstrap: unknown }): string {
  const root = webviewRoot(options.extensionUri);
  const asUri = (file: string) => options.webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
  return buildWebviewDocument({
    cspSource: options.webview.cspSource,
    nonce: createNonce(),
    scriptUri: asUri(`${options.app}.js`),
    styleUri: asUri(`${options.app}.css`),
    title: options.title,
    lang: vscode.env.language,
    bootstrap: options.bootstrap,
  });
}
