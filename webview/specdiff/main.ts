// The spec diff panel: what the next release changes, grouped by operation (breaking first), each
// change with its line in the old and the new document (click: open it there) and the places of
// the workspace it hits (click: open the file at the place; Fix…: the edit in the refactor preview,
// nothing is written before the user accepts it there). Groups below the breaking ones start
// closed and fill in when opened, so a diff of thousands of changes shows at once.
// Content goes in as text only.
import { badge, button, checkbox, connect, el, link, root, setBusy } from '../components';
import { isHostMessage, type DiffView, type DiffViewChange, type DiffViewGroup, type DiffViewImpact, type HostMessage, type SpecDiffState, type WebviewMessage } from './protocol';

const bridge = connect<HostMessage, WebviewMessage, SpecDiffState>(isHostMessage, { type: 'ready' });
let state: SpecDiffState = bridge.saved ?? {};

/** Sends a request and shows a failure on the element that asked (its title), busy meanwhile. */
function ask(source: HTMLElement | undefined, make: (requestId: number) => WebviewMessage): void {
  if (source) setBusy(source, true);
  void bridge.request(make).then((reply) => {
    if (source) setBusy(source, false);
    if (!reply.ok) showNotice(reply.message ?? 'that did not work');
  });
}

function showNotice(text: string): void {
  const notice = document.querySelector<HTMLElement>('[data-testid="notice"]');
  if (notice) notice.textContent = text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityTag(severity: string): HTMLElement {
  return el('span', { className: `severity ${severity}`, text: severity });
}

function impactRow(impact: DiffViewImpact, testId: string): HTMLElement {
  const row = el(
    'li',
    { className: `impact ${impact.severity}`, testId },
    severityTag(impact.severity),
    ' ',
    link(`${impact.label}:${impact.line + 1}:${impact.character + 1}`, {
      title: 'Open the file at this place',
      testId: 'impact-open',
      onActivate: () => ask(undefined, (requestId) => ({ type: 'openImpact', requestId, impact: impact.index })),
    }),
    ' ',
    el('span', { text: impact.message }),
  );
  if (impact.fix) {
    const fix: HTMLElement = button('Fix…', {
      title: `${impact.fix} — shown in the refactor preview first`,
      testId: 'impact-fix',
      onClick: () => ask(fix, (requestId) => ({ type: 'applyFixes', requestId, impacts: [impact.index] })),
    });
    row.append(' ', fix);
  }
  return row;
}

function changeItem(view: DiffView, change: DiffViewChange): HTMLElement {
  const sources = el('div', { className: 'sources' });
  for (const source of change.sources) {
    sources.append(
      el('span', { className: 'muted', text: `${source.side}: ` }),
      link(`${source.label}${source.line ? `:${source.line}` : ''}`, {
        title: `Open the ${source.side} document${source.line ? ` at line ${source.line}` : ''}`,
        testId: `source-${source.side}`,
        onActivate: () => ask(undefined, (requestId) => ({ type: 'openSource', requestId, changeId: change.id, side: source.side })),
      }),
      '  ',
    );
  }
  const item = el(
    'li',
    { className: `change ${change.severity}`, testId: 'specdiff-change' },
    el('div', { className: 'headline' }, severityTag(change.severity), ' ', el('span', { className: 'message', text: change.message })),
    change.evidence ? el('div', { className: 'evidence muted', text: change.evidence }) : undefined,
    sources,
    el('div', { className: 'muted id', text: change.id }),
  );
  if (change.impacts.length) {
    const list = el('ul', { className: 'impacts' });
    for (const index of change.impacts) list.append(impactRow(view.impacts[index]!, 'change-impact'));
    item.append(list);
  }
  return item;
}

function groupSection(view: DiffView, group: DiffViewGroup, open: boolean): HTMLElement {
  const changes = state.filter === 'breaking' ? group.changes.filter((c) => c.severity === 'breaking') : group.changes;
  const details = el('details', { className: `group ${group.severity}`, testId: 'specdiff-group' });
  const hits = new Set(changes.flatMap((c) => c.impacts)).size;
  details.append(
    el(
      'summary',
      {},
      severityTag(group.severity),
      ' ',
      el('span', { className: 'operation', text: group.title }),
      group.detail ? el('span', { className: 'muted', text: ` ${group.detail}` }) : undefined,
      ' ',
      badge(plural(changes.length, 'change')),
      hits ? badge(`${hits} in your files`, 'Places of the workspace this operation\'s changes hit') : undefined,
    ),
  );
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    details.append(el('ul', { className: 'changes' }, ...changes.map((c) => changeItem(view, c))));
  };
  details.addEventListener('toggle', () => {
    if (details.open) fill();
  });
  if (open) {
    details.open = true;
    fill();
  }
  return details;
}

function render(view: DiffView): void {
  const n = view.counts;
  const header = el(
    'header',
    { className: 'head' },
    el('h1', { text: view.title, testId: 'specdiff-title' }),
    el('div', { className: 'muted', text: `${view.oldLabel} → ${view.newLabel}` }),
    el('div', { className: 'counts', testId: 'specdiff-counts' }, el('span', { className: 'severity breaking', text: `${n.breaking} breaking` }), ', ', el('span', { className: 'severity warning', text: plural(n.warning, 'warning') }), ', ', el('span', { className: 'severity info', text: `${n.info} info` })),
  );
  const refresh: HTMLElement = button('Refresh', { title: 'Read both documents and the workspace again', testId: 'refresh', onClick: () => ask(refresh, (requestId) => ({ type: 'refresh', requestId })) });
  const swap: HTMLElement = button('Swap', { title: 'Compare the other way round', testId: 'swap', onClick: () => ask(swap, (requestId) => ({ type: 'swap', requestId })) });
  const toolbar = el('div', { className: 'toolbar' });
  if (view.fixes) {
    const apply: HTMLElement = button(`Apply ${plural(view.fixes, 'fix')}…`, {
      appearance: 'primary',
      title: 'Every fix, shown in the refactor preview: nothing changes until you apply it there',
      testId: 'apply-fixes',
      onClick: () => ask(apply, (requestId) => ({ type: 'applyFixes', requestId })),
    });
    toolbar.append(apply);
  }
  toolbar.append(
    swap,
    refresh,
    checkbox('Breaking only', {
      checked: state.filter === 'breaking',
      testId: 'breaking-only',
      onChange: (checked) => {
        state = { ...state, filter: checked ? 'breaking' : 'all' };
        bridge.save(state);
        render(view);
      },
    }),
  );
  const parts: (HTMLElement | undefined)[] = [header, toolbar, el('div', { className: 'notice', testId: 'notice', role: 'status' })];
  const breakingHits = view.impacts.filter((i) => i.severity === 'breaking').length;
  parts.push(
    el('h2', {
      text: view.filesRead
        ? `${plural(view.impacts.length, 'impacted place')} in ${plural(view.filesRead, 'file')} of the workspace (${breakingHits} breaking, ${view.fixes} with a fix)`
        : 'No request files or flows in the workspace to check',
      testId: 'impact-summary',
    }),
  );
  if (view.impacts.length) {
    const list = el('ul', { className: 'impacts all', testId: 'impacts' });
    for (const impact of view.impacts.slice(0, 500)) list.append(impactRow(impact, 'specdiff-impact'));
    if (view.impacts.length > 500) list.append(el('li', { className: 'muted', text: `… and ${view.impacts.length - 500} more (see the Problems view)` }));
    parts.push(list);
  }
  const groups = view.groups.filter((g) => state.filter !== 'breaking' || g.severity === 'breaking');
  parts.push(el('h2', { text: `Changes by operation (${plural(groups.length, 'operation')})` }));
  if (!groups.length) parts.push(el('p', { className: 'muted', text: view.groups.length ? 'No breaking change.' : 'The two documents describe the same API.' }));
  const sections = el('div', { className: 'groups' });
  for (const group of groups) sections.append(groupSection(view, group, group.severity === 'breaking'));
  parts.push(sections);
  root().replaceChildren(...parts.filter((p): p is HTMLElement => p !== undefined));
}

function renderMessage(title: string, text: string, hint?: string): void {
  root().replaceChildren(el('section', { className: 'message', testId: 'specdiff-message' }, el('h2', { text: title }), el('p', { text }), hint ? el('p', { className: 'muted', text: hint }) : undefined));
}

function handle(message: Exclude<HostMessage, { type: 'reply' }>): void {
  switch (message.type) {
    case 'loading':
      state = { ...state, pair: message.pair };
      bridge.save(state);
      renderMessage('Comparing…', `${message.oldLabel} → ${message.newLabel}`);
      return;
    case 'failed':
      renderMessage('Could not compare', message.message, message.hint);
      return;
    case 'show':
      state = { ...state, view: message.view };
      bridge.save(state);
      render(message.view);
  }
}

if (state.view) render(state.view);
bridge.start(handle);
