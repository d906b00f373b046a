// The ETag inspector: per resource of one registry + environment its current ETag, when and by
// which request it was seen, and the requests that sent If-Match / If-None-Match with their
// outcomes (412: it changed since; 304: unchanged); Refresh (GET now), Forget, Copy. Everything
// is text (textContent); the list is virtualised and keyboard-driven; state survives hiding.
import { button, connect, el, root, setBusy, textField, VirtualList } from '../components';
import { isHostMessage, type EtagInspectorState, type EtagInspectorView, type EtagResourceView, type HostMessage, type WebviewMessage } from './protocol';

const bridge = connect<HostMessage, WebviewMessage, EtagInspectorState>(isHostMessage, { type: 'ready' });
let state: EtagInspectorState = bridge.saved ?? {};
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : local.format(date);
}

async function ask(source: HTMLElement, status: HTMLElement, make: (requestId: number) => WebviewMessage): Promise<void> {
  setBusy(source, true);
  const reply = await bridge.request(make);
  setBusy(source, false);
  status.textContent = reply.ok ? (reply.message ?? '') : `Failed: ${reply.message ?? 'unknown error'}`;
  status.classList.toggle('error', !reply.ok);
}

function cell(text: string, className: string, title?: string): HTMLElement {
  const span = el('span', { className: `cell ${className}`, text, title });
  span.setAttribute('role', 'gridcell');
  return span;
}

function visible(view: EtagInspectorView): EtagResourceView[] {
  const filter = (state.filter ?? '').toLowerCase();
  return filter ? view.resources.filter((r) => r.url.toLowerCase().includes(filter) || r.etag.toLowerCase().includes(filter)) : view.resources;
}

function detail(resource: EtagResourceView | undefined): HTMLElement {
  const section = el('section', { className: 'detail', testId: 'etag-detail', label: 'Selected resource' });
  if (!resource) {
    section.append(el('p', { className: 'muted', text: 'Select a resource to see its ETag history.' }));
    return section;
  }
  const status = el('span', { className: 'muted action-status', testId: 'action-status', role: 'status' });
  status.setAttribute('aria-live', 'polite');
  const refresh: HTMLElement = button('Refresh (GET now)', { appearance: 'primary', testId: 'etag-refresh', title: `GET ${resource.url} through the send path`, onClick: () => void ask(refresh, status, (requestId) => ({ type: 'refresh', requestId, url: resource.url })) });
  const forget: HTMLElement = button('Forget', { testId: 'etag-forget', title: 'Remove this resource from the ETag store', onClick: () => void ask(forget, status, (requestId) => ({ type: 'forget', requestId, url: resource.url })) });
  const copyEtag: HTMLElement = button('Copy ETag', { testId: 'etag-copy', onClick: () => void ask(copyEtag, status, (requestId) => ({ type: 'copy', requestId, text: resource.etag })) });
  const copyUrl: HTMLElement = button('Copy URL', { testId: 'etag-copy-url', onClick: () => void ask(copyUrl, status, (requestId) => ({ type: 'copy', requestId, text: resource.url })) });
  const facts = el(
    'dl',
    { className: 'facts' },
    el('dt', { text: 'Resource' }),
    el('dd', { text: resource.url, testId: 'etag-url' }),
    el('dt', { text: 'Current ETag' }),
    el('dd', { className: 'etag', text: resource.etag, testId: 'etag-current' }),
    el('dt', { text: 'Seen' }),
    el('dd', { text: `${when(resource.seenAt)} (${zone}) · ${resource.seenAt} · by ${resource.seenBy}`, testId: 'etag-seen' }),
  );
  const body = el('tbody');
  for (const row of resource.history) {
    const tr = el(
      'tr',
      { className: `tone-${row.tone}` },
      el('td', { text: when(row.at), title: row.at }),
      el('td', { text: row.kind === 'seen' ? 'seen in response' : `sent ${row.kind}${row.filled ? ' (filled in)' : ''}` }),
      el('td', { className: 'etag', text: row.etag }),
      el('td', { className: 'outcome', text: row.outcome }),
      el('td', { text: row.by }),
    );
    body.append(tr);
  }
  const table = el('table', { className: 'history', testId: 'etag-history' }, el('caption', { text: 'History, newest first' }), el('thead', {}, el('tr', {}, ...['When', 'What', 'ETag', 'Outcome', 'Request'].map((name) => el('th', { text: name })))), body);
  section.append(el('div', { className: 'toolbar' }, refresh, forget, copyEtag, copyUrl, status), facts, table);
  return section;
}

function render(view: EtagInspectorView): void {
  const resources = visible(view);
  const header = el(
    'header',
    { className: 'summary' },
    el('h1', { text: `ETags: ${view.registryName} · ${view.environment}`, testId: 'etags-title' }),
    el('span', { className: 'muted', testId: 'etags-count', text: `${view.resources.length} resource${view.resources.length === 1 ? '' : 's'} · read ${when(view.readAt)}` }),
  );
  const filter = textField({
    label: 'Filter by URL or ETag',
    placeholder: 'Filter by URL or ETag',
    value: state.filter,
    testId: 'etags-filter',
    onInput: (value) => {
      state = { ...state, filter: value };
      bridge.save(state);
      render(view);
      document.querySelector<HTMLElement>('[data-testid="etags-filter"]')?.focus();
    },
  });
  if (!view.resources.length) {
    root().replaceChildren(header, el('p', { className: 'empty', testId: 'etags-empty', text: `No ETags seen yet for ${view.registryName} in ${view.environment}. A response that carries an ETag header (a GET of a vereniging, say) puts its resource here.` }));
    return;
  }
  const columns = el('div', { className: 'columns', role: 'row' }, ...['Resource', 'Current ETag', 'Seen', 'By', '412s'].map((name) => el('span', { className: 'cell', text: name, role: 'columnheader' })));
  let selectedIndex = Math.max(0, resources.findIndex((r) => r.url === state.selected));
  const detailSlot = el('div', { className: 'detail-slot' }, detail(resources[selectedIndex]));
  const list = new VirtualList({
    role: 'grid',
    label: 'Resources with an ETag',
    testId: 'etags-rows',
    renderRow: (row, i) => {
      const item = resources[i]!;
      row.replaceChildren(cell(item.path, 'path', item.url), cell(item.etag, 'etag'), cell(when(item.seenAt), 'seen', item.seenAt), cell(item.seenBy, 'by'), cell(item.conflicts ? String(item.conflicts) : '', 'conflicts'));
      row.classList.toggle('conflict', item.conflicts > 0);
    },
    onActiveChange: (i) => {
      selectedIndex = i;
      state = { ...state, selected: resources[i]?.url };
      bridge.save(state);
      detailSlot.replaceChildren(detail(resources[i]));
    },
  });
  root().replaceChildren(header, el('div', { className: 'toolbar' }, filter), columns, list.element, detailSlot);
  list.setCount(resources.length);
  if (resources.length) list.setActive(selectedIndex, { notify: false });
}

function handle(message: Exclude<HostMessage, { type: 'reply' }>): void {
  if (message.type === 'show') {
    state = { ...state, view: message.view };
    bridge.save(state);
    render(message.view);
  }
}

if (state.view) render(state.view);
bridge.start(handle);
