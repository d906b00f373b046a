// The Send All run summary: every request of the run with its status, time, validation and
// assertion results (a virtualised grid); Enter or a double click opens its response.
import { connect, el, root, VirtualList } from '../components';
import { isHostMessage, type HostMessage, type SummaryRow, type SummaryState, type SummaryView, type WebviewMessage } from './protocol';

const bridge = connect<HostMessage, WebviewMessage, SummaryState>(isHostMessage, { type: 'ready' });
let state: SummaryState = bridge.saved ?? {};

function open(view: SummaryView, row: SummaryRow | undefined): void {
  if (!row?.recordId) return;
  const recordId = row.recordId;
  void bridge.request((requestId) => ({ type: 'open', requestId, runId: view.runId, recordId }));
}

function cell(text: string, className: string, title?: string): HTMLElement {
  const span = el('span', { className: `cell ${className}`, text, title });
  span.setAttribute('role', 'gridcell');
  return span;
}

function render(view: SummaryView): void {
  const summary = el(
    'header',
    { className: 'summary' },
    el('h1', { text: `Send All: ${view.rows.length} request${view.rows.length === 1 ? '' : 's'}`, testId: 'summary-title' }),
    el('span', { className: view.failed ? 'result failed' : 'result passed', text: view.failed ? `${view.failed} failed, ${view.passed} passed` : `all ${view.passed} passed`, testId: 'summary-result' }),
    el('span', { className: 'muted', text: `${view.file}${view.environment ? ` · ${view.environment}` : ''} · ${Math.round(view.durationMs)} ms · ${new Date(view.finishedAt).toLocaleTimeString()}` }),
  );
  const columns = el('div', { className: 'columns', role: 'row' }, ...['#', 'Request', 'Status', 'Time', 'Validation', 'Assertions', 'Why it failed'].map((name) => el('span', { className: 'cell', text: name, role: 'columnheader' })));
  const list = new VirtualList({
    role: 'grid',
    label: 'Requests of the run',
    testId: 'summary-rows',
    renderRow: (row, i) => {
      const item = view.rows[i]!;
      row.replaceChildren(
        cell(String(item.n), 'n'),
        cell(`${item.method} ${item.label === `${item.method} ${item.path}` ? item.path : `${item.label}  ${item.path}`}${item.asDependency ? ' (dependency)' : ''}`, 'request', `${item.method} ${item.path}`),
        cell(item.status, `status ${item.tone}`),
        cell(item.ms === undefined ? '' : `${Math.round(item.ms)} ms`, 'ms'),
        cell(item.validation, `validation ${item.validationTone}`),
        cell(item.assertions, `assertions${/failed/.test(item.assertions) ? ' invalid' : ''}`),
        cell(item.reason ?? '', 'reason', item.reason),
      );
      row.classList.toggle('failed', item.outcome === 'failed');
      row.title = item.recordId ? 'Enter or double-click: open its response' : 'No response to open';
    },
    onActivate: (i) => open(view, view.rows[i]),
    onActiveChange: (i) => {
      state = { ...state, active: i };
      bridge.save(state);
    },
  });
  root().replaceChildren(summary, columns, list.element);
  list.setCount(view.rows.length);
  list.setActive(state.active ?? 0, { notify: false });
}

function handle(message: Exclude<HostMessage, { type: 'reply' }>): void {
  if (message.type === 'show') {
    state = { view: message.view, active: state.view?.runId === message.view.runId ? state.active : 0 };
    bridge.save(state);
    render(message.view);
  }
}

if (state.view) render(state.view);
bridge.start(handle);
