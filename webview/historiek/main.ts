// The historiek timeline: a subject's gebeurtenissen in order (virtualised: 10,000 scroll as
// smoothly as ten), filtered by type, initiator and text; for the selected one its data, the
// state of the subject replayed to that moment, and a side-by-side diff with a pinned one.
// Content goes in as text only. What the user chose is saved with setState.
import { button, connect, el, root, select, setBusy, textField, VirtualList } from '../components';
import { compareRows, facet, filtered, stateAt, stateRows, tijdstip, type Tijdstip } from './model';
import { isHostMessage, type HistoriekState, type HistoriekUi, type HistoriekView, type HostMessage, type WebviewMessage } from './protocol';

const bridge = connect<HostMessage, WebviewMessage, HistoriekState>(isHostMessage, { type: 'ready' });
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const defaults: HistoriekUi = { type: '', initiator: '', search: '', active: -1, moment: 'after', tab: 'data', compare: 'data' };

let state: HistoriekState = bridge.saved ?? {};
let view: HistoriekView | undefined;
let ui: HistoriekUi = { ...defaults };
let rows: number[] = [];
/** Formatted lazily, as rows are shown: 10,000 formats would hold up the first screen. */
let times: (Tijdstip | undefined)[] = [];

function timeOf(index: number): Tijdstip {
  return (times[index] ??= tijdstip(view!.gebeurtenissen[index]!.tijdstip, timeZone));
}
let list: VirtualList | undefined;
let detail: HTMLElement | undefined;
let countLabel: HTMLElement | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let detailFrame = 0;

function save(now = false): void {
  state = { view, ui };
  clearTimeout(saveTimer);
  // 10,000 gebeurtenissen are megabytes of state: arrow keys save once they rest.
  if (now) bridge.save(state);
  else saveTimer = setTimeout(() => bridge.save(state), 300);
}

function renderMessage(title: string, text: string, hint?: string, testId = 'message'): void {
  root().replaceChildren(el('section', { className: 'message', testId }, el('h2', { text: title }), el('p', { text }), hint ? el('p', { className: 'hint', text: hint }) : undefined, refreshButton()));
}

function refreshButton(): HTMLElement {
  const control: HTMLElement = button('Refresh', {
    title: 'Read the historiek again',
    testId: 'refresh',
    onClick: () => {
      setBusy(control, true);
      void bridge.request((requestId) => ({ type: 'refresh', requestId })).then((reply) => {
        setBusy(control, false);
        if (!reply.ok && reply.message) control.title = reply.message;
      });
    },
  });
  return control;
}

function copy(text: string, source: HTMLElement): void {
  setBusy(source, true);
  void bridge.request((requestId) => ({ type: 'copy', requestId, text })).then(() => setBusy(source, false));
}

function applyFilter(): void {
  if (!view) return;
  rows = filtered(view.gebeurtenissen, ui);
  countLabel!.textContent = rows.length === view.gebeurtenissen.length ? `${rows.length} gebeurtenissen` : `${rows.length} of ${view.gebeurtenissen.length} gebeurtenissen`;
  list!.setCount(rows.length);
  const at = rows.indexOf(ui.active);
  if (at >= 0) list!.setActive(at, { notify: false });
  else if (rows.length) {
    ui.active = rows[rows.length - 1]!;
    list!.setActive(rows.length - 1, { notify: false });
  }
  scheduleDetail();
  save();
}

function renderRow(row: HTMLElement, position: number): void {
  const g = view!.gebeurtenissen[rows[position]!]!;
  const time = timeOf(g.index);
  const cell = (text: string, className: string, title?: string) => {
    const span = el('span', { className: `cell ${className}`, text, title });
    span.setAttribute('role', 'gridcell');
    return span;
  };
  row.replaceChildren(
    cell(`${g.index === ui.pinned ? '◆ ' : ''}${g.index + 1}`, 'n', g.index === ui.pinned ? 'Pinned for compare' : undefined),
    cell(time.local, 'local', `${time.local} ${time.zone}${time.assumedUtc ? ' (sent without a zone; read as UTC)' : ''}`),
    cell(time.zulu, 'zulu', time.assumedUtc ? `sent as '${g.tijdstip}' (no zone; UTC assumed)` : undefined),
    cell(g.type, 'type'),
    cell(g.initiator, 'initiator'),
    cell(g.beschrijving, 'beschrijving', g.beschrijving),
  );
  row.classList.toggle('pinned', g.index === ui.pinned);
}

function scheduleDetail(): void {
  if (detailFrame) return;
  detailFrame = requestAnimationFrame(() => {
    detailFrame = 0;
    renderDetail();
  });
}

function tabButton(tab: HistoriekUi['tab'], label: string): HTMLElement {
  const tabEl = el('button', { className: `tab${ui.tab === tab ? ' selected' : ''}`, text: label, testId: `tab-${tab}`, role: 'tab' });
  tabEl.setAttribute('aria-selected', String(ui.tab === tab));
  tabEl.addEventListener('click', () => {
    ui.tab = tab;
    save();
    renderDetail();
  });
  return tabEl;
}

function pin(): void {
  if (!view || ui.active < 0) return;
  ui.pinned = ui.pinned === ui.active ? undefined : ui.active;
  if (ui.pinned !== undefined && ui.tab !== 'compare') ui.tab = 'compare';
  list?.refresh();
  save();
  renderDetail();
}

function renderDetail(): void {
  if (!view || !detail) return;
  const g = view.gebeurtenissen[ui.active];
  if (!g) {
    detail.replaceChildren(el('p', { className: 'muted', text: rows.length ? 'Select a gebeurtenis.' : 'No gebeurtenis matches the filters.' }));
    return;
  }
  const time = timeOf(g.index);
  const heading = el(
    'div',
    { className: 'detail-head' },
    el('h2', { text: `#${g.index + 1} ${g.type}`, testId: 'detail-title' }),
    el('p', { text: g.beschrijving }),
    el('p', { className: 'muted', text: `${time.zulu} · ${time.local} ${time.zone}${time.assumedUtc ? ' (no zone sent; UTC assumed)' : ''} · initiator ${g.initiator}` }),
  );
  const pinControl = button(ui.pinned === g.index ? 'Unpin' : 'Pin for compare', { title: 'Pin this gebeurtenis, then select another to compare (key P)', testId: 'pin', onClick: pin });
  const tabs = el('div', { className: 'tabs', role: 'tablist', label: 'Detail' }, tabButton('data', 'Data'), tabButton('state', 'State'), tabButton('compare', 'Compare'), pinControl);
  let body: HTMLElement;
  if (ui.tab === 'data') {
    const text = JSON.stringify(g.data, null, 2) ?? 'null';
    const copyData: HTMLElement = button('Copy data', { onClick: () => copy(text, copyData) });
    body = el('div', {}, el('div', { className: 'toolbar' }, copyData), el('pre', { className: 'json', text, testId: 'data' }));
  } else if (ui.tab === 'state') body = renderState(g.index);
  else body = renderCompare(g.index);
  detail.replaceChildren(heading, tabs, body);
}

function renderState(index: number): HTMLElement {
  const replayed = stateAt(view!.gebeurtenissen, view!.replay, index, ui.moment);
  const momentButton = (moment: HistoriekUi['moment'], label: string) => {
    const control = el('button', { className: `tab${ui.moment === moment ? ' selected' : ''}`, text: label, testId: `moment-${moment}`, role: 'radio' });
    control.setAttribute('aria-checked', String(ui.moment === moment));
    control.addEventListener('click', () => {
      ui.moment = moment;
      save();
      renderDetail();
    });
    return control;
  };
  const moments = el('div', { className: 'tabs moments', role: 'radiogroup', label: 'Moment' }, momentButton('before', `Just before #${index + 1}`), momentButton('after', `After #${index + 1}`));
  const upTo = replayed.upTo;
  const g = view!.gebeurtenissen[upTo];
  const title = upTo < 0 ? `${view!.subject} before its first gebeurtenis` : `${view!.subject} after #${upTo + 1} ${g?.type ?? ''} (${upTo >= 0 ? timeOf(upTo).zulu : ''})`;
  const section = el('section', { className: 'state', testId: 'state' }, el('h3', { text: title }));
  if (!replayed.state) section.append(el('p', { className: 'muted', text: 'No state yet: no gebeurtenis up to this moment created it.' }));
  if (replayed.incomplete) section.append(el('p', { className: 'warning', text: '⚠ Some gebeurtenissen up to here have no replay rule: fields they did not name may differ from what the registry held.' }));
  const table = el('div', { className: 'state-rows', role: 'table', label: 'State' });
  for (const row of stateRows(replayed, view!.gebeurtenissen)) {
    const uncertain = row.status?.kind === 'uncertain';
    table.append(
      el(
        'div',
        { className: `state-row${uncertain ? ' uncertain' : ''}`, role: 'row', testId: `state-${row.field}` },
        el('span', { className: 'field', text: row.field, role: 'cell' }),
        el('span', { className: 'since', text: `${uncertain ? '⚠ ' : ''}${row.note}`, role: 'cell' }),
        el('pre', { className: 'value', text: row.value ?? '(not in the state)', role: 'cell' }),
      ),
    );
  }
  section.append(table);
  if (replayed.notes.length) {
    const notes = el('ul', { className: 'notes', testId: 'replay-notes' });
    for (const note of replayed.notes) notes.append(el('li', { text: `#${note.index + 1} ${note.type}: ${note.reason}` }));
    section.append(el('h4', { text: 'Not replayed' }), notes);
  }
  return el('div', {}, moments, section);
}

function renderCompare(index: number): HTMLElement {
  if (ui.pinned === undefined) return el('p', { className: 'muted', text: 'Pin a gebeurtenis (P, or Pin for compare), then select another: their data, or the states after them, side by side.' });
  const [left, right] = ui.pinned <= index ? [ui.pinned, index] : [index, ui.pinned];
  const what = select(
    [
      { value: 'data', label: 'Compare their data' },
      { value: 'state', label: 'Compare the state after each' },
    ],
    {
      label: 'Compare',
      value: ui.compare,
      onChange: (value) => {
        ui.compare = value === 'state' ? 'state' : 'data';
        save();
        renderDetail();
      },
    },
  );
  const diff = compareRows(view!.gebeurtenissen, view!.replay, left, right, ui.compare);
  const grid = el('div', { className: 'diff', role: 'table', testId: 'diff', label: `#${left + 1} against #${right + 1}` });
  grid.append(el('div', { className: 'diff-row head', role: 'row' }, el('span', { text: 'path', role: 'columnheader' }), el('span', { text: `#${left + 1} ${view!.gebeurtenissen[left]!.type}`, role: 'columnheader' }), el('span', { text: `#${right + 1} ${view!.gebeurtenissen[right]!.type}`, role: 'columnheader' })));
  for (const row of diff) {
    grid.append(el('div', { className: `diff-row ${row.kind}`, role: 'row', title: row.kind }, el('span', { className: 'path', text: row.path, role: 'cell' }), el('span', { text: row.left ?? '', role: 'cell' }), el('span', { text: row.right ?? '', role: 'cell' })));
  }
  const changed = diff.filter((row) => row.kind !== 'same').length;
  return el('div', {}, el('div', { className: 'toolbar' }, what, el('span', { className: 'muted', text: `${changed} difference${changed === 1 ? '' : 's'} in ${diff.length} leaves` })), grid);
}

function renderView(next: HistoriekView): void {
  view = next;
  times = new Array(next.gebeurtenissen.length);
  const types = facet(next.gebeurtenissen, (g) => g.type);
  const initiators = facet(next.gebeurtenissen, (g) => g.initiator);
  if (ui.type && !types.some((f) => f.value === ui.type)) ui.type = '';
  if (ui.initiator && !initiators.some((f) => f.value === ui.initiator)) ui.initiator = '';
  const header = el(
    'header',
    { className: 'summary' },
    el('h1', { text: `Historiek ${next.subject}`, testId: 'title' }),
    el('span', { className: 'muted', text: `${next.registry} · ${next.environment} · ${next.source} · read ${new Date(next.fetchedAt).toLocaleTimeString()} · times in ${timeZone} and Zulu` }),
    refreshButton(),
  );
  countLabel = el('span', { className: 'muted', testId: 'count' });
  const toolbar = el(
    'div',
    { className: 'toolbar filters' },
    select([{ value: '', label: `All types (${types.length})` }, ...types.map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }))], {
      label: 'Filter by gebeurtenis type',
      value: ui.type,
      testId: 'filter-type',
      onChange: (value) => {
        ui.type = value;
        applyFilter();
      },
    }),
    select([{ value: '', label: `All initiators (${initiators.length})` }, ...initiators.map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }))], {
      label: 'Filter by initiator',
      value: ui.initiator,
      testId: 'filter-initiator',
      onChange: (value) => {
        ui.initiator = value;
        applyFilter();
      },
    }),
    textField({
      label: 'Search beschrijving, type and initiator',
      placeholder: 'Search',
      value: ui.search,
      testId: 'search',
      onInput: (value) => {
        ui.search = value;
        applyFilter();
      },
    }),
    countLabel,
  );
  list = new VirtualList({
    role: 'grid',
    label: `Gebeurtenissen of ${next.subject}`,
    testId: 'timeline',
    renderRow,
    onActiveChange: (position) => {
      ui.active = rows[position] ?? -1;
      scheduleDetail();
      save();
    },
    onKey: (event) => {
      if (event.key === 'p' || event.key === 'P') {
        pin();
        return true;
      }
      return false;
    },
  });
  const columns = el('div', { className: 'columns', role: 'row' }, ...['#', `Tijdstip (${timeZone})`, 'Zulu', 'Gebeurtenis', 'Initiator', 'Beschrijving'].map((name) => el('span', { className: 'cell', text: name, role: 'columnheader' })));
  detail = el('section', { className: 'detail', testId: 'detail' });
  root().replaceChildren(header, toolbar, el('div', { className: 'split' }, el('div', { className: 'timeline' }, columns, list.element), detail));
  applyFilter();
  save(true);
}

function handle(message: Exclude<HostMessage, { type: 'reply' }>): void {
  switch (message.type) {
    case 'loading':
      if (!view) renderMessage(`Historiek ${message.subject}`, `Reading ${message.source}…`, undefined, 'loading');
      return;
    case 'show':
      renderView(message.view);
      return;
    case 'failed':
      view = undefined;
      state = { failed: { subject: message.subject, message: message.message, hint: message.hint } };
      bridge.save(state);
      renderMessage(`Historiek ${message.subject}`, message.message, message.hint, 'failed');
      return;
    default: {
      const never: never = message;
      void never;
    }
  }
}

ui = { ...defaults, ...state.ui };
if (state.view) renderView(state.view);
else if (state.failed) renderMessage(`Historiek ${state.failed.subject}`, state.failed.message, state.failed.hint, 'failed');
bridge.start(handle);
