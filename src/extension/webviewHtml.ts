// The HTML shell every webview of ours gets: a strict Content-Security-Policy with a fresh
// nonce per render, the bundled script and stylesheet from the extension folder, nothing inline.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function nonce(): string {
  return randomBytes(16).toString('base64');
}

export interface WebviewShell {
  /** `response` → `dist/webview/response.js`. */
  bundle: string;
  /** The panel's own file in `media/`, e.g. `response.css` (after `components.css`, which every panel gets). */
  stylesheet: string;
  title: string;
  /** The panel shows images of a response, made into blob: URLs from bytes it was sent. */
  blobImages?: boolean;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, shell: WebviewShell): string {
  const value = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${shell.bundle}.js`));
  const styles = ['components.css', shell.stylesheet].map((file) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', file)));
  // The kit's elements style themselves with constructable stylesheets, which style-src does not
  // govern; the nonce stays for the <link>s. Images of a response are shown from blob: URLs the
  // page makes of the bytes it was sent, never fetched from the server: only the panel that shows
  // them allows blob:, and no panel allows data: or any host.
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${value}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}${shell.blobImages ? ' blob:' : ''}`,
    `script-src 'nonce-${value}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${value}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((style) => `<link rel="stylesheet" href="${style.toString()}" nonce="${value}">`).join('\n')}
<title>${escapeHtml(shell.title)}</title>
</head>
<body>
<main id="root"></main>
<script nonce="${value}" src="${script.toString()}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
