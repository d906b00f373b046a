// The response panel. It renders what the host sends (a ResponseView) with DOM calls only:
// every piece of response content goes in through `textContent`, never as HTML. State is kept
// with setState so the panel rebuilds itself when VS Code reloads a hidden webview.
import { badge, button, divider, el, progressRing, registerComponents, setBusy } from '../components';
import { isHostMessage, type ActionId, type HostMessage, type Offer, type ResponseView, type ResponseViewState, type WebviewMessage } from './protocol';
import { jsonTokens } from './jsonTokens';
import { BodyViewer, type BodyMode } from './body/bodyViewer';

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
/** The body viewer of the response shown, fed by bodyChunk messages. */
let viewer: { responseId: string; viewer: BodyViewer } | undefined;

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

/**
 * What was sent, collapsed: the mandatory headers a registry wants are checked here. A header the
 * tool added (credentials, x-correlation-id, If-Match from the ETag store) is marked with the
 * policy that added it and where its value came from.
 */
function renderRequestHeaders(view: ResponseView): HTMLElement {
  const added = view.request.added ?? [];
  const byName = new Map(added.map((a) => [a.header.toLowerCase(), a]));
  const body = el('tbody');
  for (const [name, value] of view.request.headers) {
    const by = byName.get(name.toLowerCase());
    const mark = by ? el('span', { className: 'added', testId: 'added-header', text: `added by ${by.by}`, title: by.from ? `${by.by}: ${by.from}` : `added by the ${by.by} policy` }) : undefined;
    body.append(el('tr', by ? { className: 'added' } : {}, el('th', { text: name }), el('td', {}, document.createTextNode(value), ...(mark ? [mark] : []))));
  }
  const table = el('table', { className: 'headers', testId: 'request-headers' }, el('thead', {}, el('tr', {}, el('th', { text: 'Header' }), el('th', { text: 'Value' }))), body);
  const summary = `Request headers (${view.request.headers.length}${added.length ? `, ${added.length} added by Register Explorer` : ''})`;
  return el('details', { className: 'section' }, el('summary', { text: summary }), table);
}

function renderNotes(view: ResponseView): HTMLElement | undefined {
  if (!view.notes?.length) return undefined;
  return el('ul', { className: 'policy-notes', testId: 'policy-notes' }, ...view.notes.map((note) => el('li', { text: note })));
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
    for (const error of validation.errors) {
      // The path opens its node in the body tree (the tree view is switched to when needed).
      const link = el('a', { className: 'path-link', text: error.path, title: 'Show in the body', testId: 'validation-path' });
      link.href = '#';
      link.addEventListener('click', (event) => {
        event.preventDefault();
        if (!viewer) document.querySelector<HTMLElement>('[data-testid="body-tree"]')?.click();
        if (!revealPath(error.path)) link.title = 'Not in the body shown';
      });
      list.append(el('li', {}, el('code', {}, link), document.createTextNode(` ${error.message}`)));
    }
    section.append(list);
  }
  return section;
}

/** The error answer, readable: what went wrong, then each field message at its place in the request body. */
function renderProblem(view: ResponseView): HTMLElement | undefined {
  const problem = view.problem;
  if (!problem) return undefined;
  const section = el('div', { className: 'problem-summary', testId: 'problem-summary' });
  section.setAttribute('role', 'alert');
  section.append(el('div', { className: 'summary', text: `⚠ ${problem.title}` }));
  if (problem.detail) section.append(el('div', { className: 'detail', text: problem.detail }));
  if (problem.messages.length || problem.fields.length) {
    const list = el('ul');
    for (const message of problem.messages) list.append(el('li', { text: message }));
    for (const field of problem.fields) list.append(el('li', { testId: 'problem-field' }, el('code', { text: field.place }), document.createTextNode(` ${field.message}`)));
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

function saveState(change: Partial<ResponseViewState>): void {
  vscode.setState({ ...vscode.getState(), ...change });
}

function bodyMode(): BodyMode {
  return vscode.getState()?.bodyMode ?? 'tree';
}

/** A viewer over the body's bytes: fed here from text, or by the host's bodyChunk messages. */
function createViewer(view: ResponseView, kind: 'json' | 'text' | 'binary', size: number, mode: BodyMode): BodyViewer {
  const created = new BodyViewer({
    kind,
    size,
    contentType: view.body.contentType,
    mode,
    onModeChange: (next) => saveState({ bodyMode: next }),
    copy: (text, source) => ask(source, (requestId) => ({ type: 'copyText', requestId, text })),
    useInRequest: (path, source) => ask(source, (requestId) => ({ type: 'useInRequest', requestId, responseId: view.id, path })),
    save: kind === 'binary' ? (source) => ask(source, (requestId) => ({ type: 'saveBody', requestId, responseId: view.id })) : undefined,
    // The host read the problem (core/problems) and it is shown above the body: no second card.
    problemShown: Boolean(view.problem),
  });
  viewer = { responseId: view.id, viewer: created };
  return created;
}

function isJsonType(contentType: string | undefined): boolean {
  return !!contentType && /[/+]json\b/i.test(contentType);
}

function renderBody(view: ResponseView): HTMLElement {
  const body = view.body;
  const toolbar = el('div', { className: 'toolbar' });
  const info = [body.contentType, body.sizeLabel].filter(Boolean).join(' · ');
  toolbar.append(el('span', { className: 'info', text: info }));
  const notes: string[] = [];
  if (body.kind === 'empty') notes.push('No body.');
  if (body.kind === 'binary' && !body.fetchable) notes.push(`Binary body (${body.sizeLabel}) is not shown as text.`);
  if (body.file) {
    const file = body.file;
    const open: HTMLElement = button('Open saved file', { testId: 'open-file', onClick: () => ask(open, (requestId) => ({ type: 'openFile', requestId, file })) });
    toolbar.append(open);
  }
  if (body.kind === 'json' || body.kind === 'text' || (body.kind === 'file' && !isBinaryType(body.contentType))) {
    const openBody: HTMLElement = button('Open in editor', { onClick: () => ask(openBody, (requestId) => ({ type: 'openBody', requestId, responseId: view.id })) });
    const copy: HTMLElement = button('Copy', { onClick: () => ask(copy, (requestId) => ({ type: 'copyBody', requestId, responseId: view.id })) });
    toolbar.append(openBody, copy);
  }
  const section = el('section', { className: 'section body-section' }, toolbar);
  if (notes.length) section.append(el('div', { className: 'note', testId: 'body-note', text: notes.join(' ') }));
  // A large body (cut for the text view, or saved to a file) and binary bodies: the viewer over
  // the real bytes, sent by the host in chunks; the first screen shows as soon as the first arrives.
  const large = body.truncated || body.kind === 'file';
  if (body.fetchable && (large || body.kind === 'binary')) {
    const kind = body.kind === 'binary' || (body.kind === 'file' && isBinaryType(body.contentType)) ? 'binary' : isJsonType(body.contentType) || body.kind === 'json' ? 'json' : 'text';
    const created = createViewer(view, kind, body.size, bodyMode());
    section.append(created.element);
    vscode.postMessage({ type: 'body', requestId: nextRequestId++, responseId: view.id });
    return section;
  }
  if (body.kind === 'empty' || body.kind === 'binary' || body.kind === 'file') return section;
  const pre = el('pre', { className: `body ${body.kind}`, testId: 'body' });
  if (body.kind === 'json' && body.text.length <= COLOUR_LIMIT) {
    for (const token of jsonTokens(body.text)) pre.append(token.kind === 'text' ? document.createTextNode(token.text) : el('span', { className: `json-${token.kind}`, text: token.text }));
  } else {
    pre.textContent = body.text;
  }
  if (body.kind !== 'json') {
    section.append(pre);
    return section;
  }
  // A JSON body that fits: its text as received (pretty-printed) or as a tree with search, copy
  // value / JSONPath and "use in next request", built from the same text.
  const holder = el('div', { className: 'body-holder' });
  const showMode = (mode: BodyMode) => {
    saveState({ bodyMode: mode });
    if (mode === 'raw') {
      viewer = undefined;
      holder.replaceChildren(pre);
      return;
    }
    const bytes = new TextEncoder().encode(body.text);
    const created = createViewer(view, 'json', bytes.length, 'tree');
    created.append(bytes, 0, true);
    holder.replaceChildren(created.element);
  };
  const modes = el('span', { className: 'modes', role: 'radiogroup', label: 'View' });
  for (const mode of ['raw', 'tree'] as const) {
    const control = el('button', { className: 'tab', text: mode === 'tree' ? 'Tree' : 'Text', testId: `body-${mode}`, role: 'radio' });
    control.addEventListener('click', () => {
      for (const other of modes.children) {
        other.classList.toggle('selected', other === control);
        other.setAttribute('aria-checked', String(other === control));
      }
      showMode(mode);
    });
    modes.append(control);
  }
  toolbar.insertBefore(modes, toolbar.children[1] ?? null);
  const initial = vscode.getState()?.bodyMode === 'tree' ? 'tree' : 'raw';
  (modes.children[initial === 'tree' ? 1 : 0] as HTMLElement).click();
  section.append(holder);
  return section;
}

function isBinaryType(contentType: string | undefined): boolean {
  return !!contentType && !/json|xml|text|javascript|csv|yaml|html|x-www-form-urlencoded/i.test(contentType);
}

/** A validation error's path, linked to its node in the tree when the body has it. */
function revealPath(path: string): boolean {
  return viewer?.viewer.reveal(path) ?? false;
}

/** The `??` assertions and script tests, then what the scripts logged. */
function renderChecks(view: ResponseView): HTMLElement | undefined {
  if (!view.checks?.length && !view.logs?.length) return undefined;
  const section = el('div', { className: 'checks', testId: 'checks' });
  const checks = view.checks ?? [];
  const failed = checks.filter((c) => c.outcome === 'failed').length;
  if (checks.length) {
    section.append(el('div', { className: `summary ${failed ? 'failed' : 'passed'}`, text: failed ? `✗ ${failed} of ${checks.length} checks failed` : `✓ ${checks.length} check${checks.length === 1 ? '' : 's'} passed` }));
    const list = el('ul');
    for (const check of checks) {
      const sign = check.outcome === 'passed' ? '✓' : check.outcome === 'failed' ? '✗' : '–';
      const label = check.kind === 'test' ? `test '${check.text}'` : `?? ${check.text}`;
      list.append(el('li', { className: check.outcome, testId: 'check', text: `${sign} ${label}${check.message ? ` — ${check.message}` : ''}` }));
    }
    section.append(list);
  }
  if (view.logs?.length) section.append(el('pre', { className: 'script-log', testId: 'script-log', text: view.logs.join('\n') }));
  return section;
}

function renderView(view: ResponseView): void {
  const statusText = view.status?.text ?? `Failed: ${view.error?.code ?? 'no response'}`;
  const resend: HTMLElement = button('Send again', { title: 'Send this request again', onClick: () => ask(resend, (requestId) => ({ type: 'resend', requestId, responseId: view.id })) });
  const status = el('span', { className: `status ${view.status?.tone ?? 'failed'}`, testId: 'status', text: statusText });
  // Screen readers hear the outcome when it arrives.
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const offers = el('span', { className: 'offers', testId: 'offers' });
  renderOffers(offers, view);
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
      offers,
    ),
  );
  const redirects = view.redirects.length
    ? el('div', { className: 'redirects', text: `Redirected: ${view.redirects.map((r) => `${r.status} → ${r.url}`).join(', ')}` })
    : undefined;
  // Without a response there are no headers or body to show, only the error and the timings.
  const exchange = view.status ? [divider(), renderHeaders(view), renderRequestHeaders(view), renderProblem(view) ?? document.createTextNode(''), renderBody(view)] : [];
  root().replaceChildren(summary, renderError(view) ?? document.createTextNode(''), renderChecks(view) ?? document.createTextNode(''), renderValidation(view), renderNotes(view) ?? document.createTextNode(''), renderTimings(view), redirects ?? document.createTextNode(''), ...exchange);
}

function renderOffers(into: HTMLElement, view: ResponseView): void {
  into.replaceChildren(
    ...(view.offers ?? []).map((offer: Offer) => {
      const control: HTMLElement = button(offer.title, { testId: `offer-${offer.id}`, onClick: () => ask(control, (requestId) => ({ type: 'offer', requestId, responseId: view.id, offer: offer.id })) });
      return control;
    }),
  );
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
      viewer = undefined;
      vscode.setState({ view: message.view, bodyMode: vscode.getState()?.bodyMode });
      renderView(message.view);
      return;
    case 'bodyChunk':
      if (viewer?.responseId === message.responseId) viewer.viewer.append(message.bytes, message.offset, message.last);
      // The viewer keeps the chunk itself as the body's bytes (no copy, so nothing to free here).
      vscode.postMessage({ type: 'bodyAck', responseId: message.responseId, received: message.offset + message.bytes.length });
      return;
    case 'offers': {
      const current = vscode.getState()?.view;
      if (!current || current.id !== message.responseId) return;
      const view = { ...current, offers: message.offers };
      saveState({ view });
      const into = document.querySelector<HTMLElement>('[data-testid="offers"]');
      if (into) renderOffers(into, view);
      return;
    }
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
