// The response panel. It renders what the host sends (a ResponseView) with DOM calls only:
// every piece of response content goes in through `textContent`, never as HTML. State is kept
// with setState so the panel rebuilds itself when VS Code reloads a hidden webview.
import { badge, button, divider, progressRing, registerComponents, setBusy } from '../components';
import { isHostMessage, type ActionId, type HostMessage, type ResponseView, type ResponseViewState, type WebviewMessage } from './protocol';
import { jsonTokens } from './jsonTokens';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): ResponseViewState | undefined;
  setState(state: ResponseViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
/** Coloured JSON costs a span per token; above this the body is plain text. */
const COLOUR_LIMIT = 200_000;
let nextRequestId = 1;
const pendingReplies = new Map<number, HTMLElement>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: { className?: string; text?: string; testId?: string } = {}, ...children: (Node | undefined)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.testId) element.dataset.testid = options.testId;
  for (const child of children) if (child) element.append(child);
  return element;
}

function ask(source: HTMLElement, message: (requestId: number) => WebviewMessage): void {
  const requestId = nextRequestId++;
  pendingReplies.set(requestId, source);
  setBusy(source, true);
  vscode.postMessage(message(requestId));
}

function root(): HTMLElement {
  const element = document.getElementById('root');
  if (!element) throw new Error('response view: #root missing');
  return element;
}

function renderPending(pending: NonNullable<ResponseViewState['pending']>): void {
  root().replaceChildren(
    el('header', { className: 'request-line' }, el('span', { className: 'method', text: pending.method }), el('span', { className: 'url', text: pending.url })),
    el('div', { className: 'pending', testId: 'pending' }, progressRing(), el('span', { text: 'Sending…' })),
  );
}

function renderTimings(view: ResponseView): HTMLElement {
  const list = el('div', { className: 'timings', testId: 'timings' });
  const total = Math.max(view.totalMs, 1);
  for (const phase of view.timings) {
    const bar = el('span', { className: 'bar' });
    bar.style.width = `${Math.min(100, (phase.ms / total) * 100).toFixed(1)}%`;
    list.append(
      el('div', { className: `phase${phase.label === 'Total' ? ' total' : ''}` }, el('span', { className: 'label', text: phase.label }), el('span', { className: 'track' }, bar), el('span', { className: 'ms', text: `${Math.round(phase.ms)} ms` })),
    );
  }
  return list;
}

function headerTable(headers: [string, string][], testId: string): HTMLElement {
  const body = el('tbody');
  for (const [name, value] of headers) body.append(el('tr', {}, el('th', { text: name }), el('td', { text: value })));
  return el('table', { className: 'headers', testId }, el('thead', {}, el('tr', {}, el('th', { text: 'Header' }), el('th', { text: 'Value' }))), body);
}

function renderHeaders(view: ResponseView): HTMLElement {
  const details = el('details', { className: 'section' }, el('summary', { text: `Headers (${view.headers.length})` }), headerTable(view.headers, 'headers'));
  details.open = true;
  return details;
}

/** What was sent, collapsed: the mandatory headers a registry wants are checked here. */
function renderRequestHeaders(view: ResponseView): HTMLElement {
  return el('details', { className: 'section' }, el('summary', { text: `Request headers (${view.request.headers.length})` }), headerTable(view.request.headers, 'request-headers'));
}

function renderValidation(view: ResponseView): HTMLElement {
  const section = el('div', { className: 'validation', testId: 'validation' });
  const validation = view.validation;
  if (!validation) {
    section.classList.add('none');
    section.textContent = view.status ? 'Not validated: no operation in the OpenAPI description matches this request.' : 'Not validated: no response.';
    return section;
  }
  section.classList.add(validation.valid ? 'valid' : 'invalid');
  const against = validation.against ? ` against ${validation.against}` : '';
  const operation = validation.operationId ? ` (${validation.operationId})` : '';
  section.append(el('div', { className: 'summary', text: validation.valid ? `✓ Valid${against}${operation}` : `✗ ${validation.errors.length} schema error${validation.errors.length === 1 ? '' : 's'}${against}${operation}` }));
  if (validation.errors.length) {
    const list = el('ul');
    for (const error of validation.errors) list.append(el('li', {}, el('code', { text: error.path }), document.createTextNode(` ${error.message}`)));
    section.append(list);
  }
  return section;
}

function renderError(view: ResponseView): HTMLElement | undefined {
  const error = view.error;
  if (!error) return undefined;
  const actions = el('div', { className: 'actions' });
  for (const action of error.actions) {
    const control: HTMLElement = button(action.title, { appearance: 'primary', testId: `action-${action.id}`, onClick: () => ask(control, (requestId) => ({ type: 'action', requestId, action: action.id as ActionId })) });
    actions.append(control);
  }
  return el(
    'section',
    { className: 'error', testId: 'error' },
    el('div', { className: 'message' }, el('span', { className: 'code', text: error.code }), el('span', { text: error.message })),
    error.hint ? el('div', { className: 'hint', text: error.hint }) : undefined,
    actions,
  );
}

function renderBody(view: ResponseView): HTMLElement {
  const body = view.body;
  const pre = el('pre', { className: `body ${body.kind}`, testId: 'body' });
  if (body.kind === 'json' && body.text.length <= COLOUR_LIMIT) {
    for (const token of jsonTokens(body.text)) pre.append(token.kind === 'text' ? document.createTextNode(token.text) : el('span', { className: `json-${token.kind}`, text: token.text }));
  } else {
    pre.textContent = body.text;
  }
  const toolbar = el('div', { className: 'toolbar' });
  const info = [body.contentType, body.sizeLabel].filter(Boolean).join(' · ');
  toolbar.append(el('span', { className: 'info', text: info }));
  const notes: string[] = [];
  if (body.kind === 'binary') notes.push(`Binary body (${body.sizeLabel}) is not shown as text.`);
  if (body.kind === 'file') notes.push(`Large body (${body.sizeLabel}) saved to a file.`);
  if (body.kind === 'empty') notes.push('No body.');
  if (body.truncated && body.kind !== 'file') notes.push('Showing the start of the body.');
  if (body.file) {
    const file = body.file;
    const open: HTMLElement = button('Open saved file', { testId: 'open-file', onClick: () => ask(open, (requestId) => ({ type: 'openFile', requestId, file })) });
    toolbar.append(open);
  }
  if (body.kind === 'json' || body.kind === 'text') {
    const openBody: HTMLElement = button('Open in editor', { onClick: () => ask(openBody, (requestId) => ({ type: 'openBody', requestId, responseId: view.id })) });
    const copy: HTMLElement = button('Copy', { onClick: () => ask(copy, (requestId) => ({ type: 'copyBody', requestId, responseId: view.id })) });
    toolbar.append(openBody, copy);
  }
  return el('section', { className: 'section body-section' }, toolbar, notes.length ? el('div', { className: 'note', testId: 'body-note', text: notes.join(' ') }) : undefined, pre);
}

function renderView(view: ResponseView): void {
  const statusText = view.status?.text ?? `Failed: ${view.error?.code ?? 'no response'}`;
  const resend: HTMLElement = button('Send again', { title: 'Send this request again', onClick: () => ask(resend, (requestId) => ({ type: 'resend', requestId, responseId: view.id })) });
  const status = el('span', { className: `status ${view.status?.tone ?? 'failed'}`, testId: 'status', text: statusText });
  // Screen readers hear the outcome when it arrives.
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const tags = el('span', { className: 'tags' });
  if (view.request.registry) tags.append(badge(view.request.registry, 'Registry'));
  if (view.request.environment) tags.append(badge(view.request.environment, 'Environment'));
  const summary = el(
    'header',
    { className: 'summary' },
    el('div', { className: 'request-line' }, el('span', { className: 'method', text: view.request.method }), el('span', { className: 'url', text: view.request.url })),
    el(
      'div',
      { className: 'status-line' },
      status,
      el('span', { className: 'meta', text: `${Math.round(view.totalMs)} ms · ${view.body.sizeLabel} · ${new Date(view.startedAt).toLocaleTimeString()}` }),
      tags,
      resend,
    ),
  );
  const redirects = view.redirects.length
    ? el('div', { className: 'redirects', text: `Redirected: ${view.redirects.map((r) => `${r.status} → ${r.url}`).join(', ')}` })
    : undefined;
  // Without a response there are no headers or body to show, only the error and the timings.
  const exchange = view.status ? [divider(), renderHeaders(view), renderRequestHeaders(view), renderBody(view)] : [];
  root().replaceChildren(summary, renderError(view) ?? document.createTextNode(''), renderValidation(view), renderTimings(view), redirects ?? document.createTextNode(''), ...exchange);
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'pending': {
      const pending = { title: message.title, method: message.method, url: message.url };
      vscode.setState({ pending });
      renderPending(pending);
      return;
    }
    case 'show':
      vscode.setState({ view: message.view });
      renderView(message.view);
      return;
    case 'reply': {
      const source = pendingReplies.get(message.requestId);
      pendingReplies.delete(message.requestId);
      if (source) {
        setBusy(source, false);
        if (message.message) source.title = message.message;
      }
      return;
    }
    default: {
      const never: never = message;
      void never;
    }
  }
}

registerComponents();
const saved = vscode.getState();
if (saved?.view) renderView(saved.view);
else if (saved?.pending) renderPending(saved.pending);
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) handle(event.data);
});
vscode.postMessage({ type: 'ready' });
