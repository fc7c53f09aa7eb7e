/**
 * Builds the HTML shell of a webview. Pure, so the security properties (CSP, nonce, escaping
 * of injected data) are unit-tested without VS Code.
 *
 * - `default-src 'none'`: nothing loads unless listed; no `unsafe-inline`, no `unsafe-eval`.
 * - Scripts run only with this render's nonce; styles and fonts come only from the webview's
 *   own resource origin (`cspSource`, limited to dist/webviews by `localResourceRoots`).
 * - Startup data (localised strings, settings) travels as a JSON data block, which the
 *   browser never executes; `<` is escaped so dataset text cannot close the block.
 */
import { BOOTSTRAP_ELEMENT_ID } from '../../shared/webviewBootstrap';

export interface WebviewDocumentParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  lang: string;
  bootstrap: unknown;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** JSON that is safe inside `<script type="application/json">`. */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function buildWebviewDocument(parts: WebviewDocumentParts): string {
  const attr = escapeHtmlText;
  return `<!DOCTYPE html>
<html lang="${attr(parts.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtmlText(parts.title)}</title>
<link rel="stylesheet" href="${attr(parts.styleUri)}">
<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">${jsonForScriptBlock(parts.bootstrap)}</script>
</head>
<body>
<noscript>${escapeHtmlText(parts.title)}</noscript>
<script nonce="${attr(parts.nonce)}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>`;
}
