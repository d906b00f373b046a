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
  /** File in `media/`, e.g. `response.css`. */
  stylesheet: string;
  title: string;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, shell: WebviewShell): string {
  const value = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${shell.bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', shell.stylesheet));
  // The toolkit's components add <style> elements carrying the csp-nonce meta's value.
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${value}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${value}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${value}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${value}">
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
