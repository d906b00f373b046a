// The flow-run panel: a workflow's steps as they run (status, time, cost, attempts), and for the
// selected step what it was given, each attempt's request and response, every criterion with
// both evaluated sides, the actions taken (retries, gotos, ends) and its outputs. Before a paid
// run it shows the projected cost and waits for Run; while running, Cancel; after, Rerun (from a
// step too). Everything from the host goes in as text only.
import { badge, button, connect, el, root } from '../components';
import { actionText, costText, criterionRow, rerunPoints, STATUS, summaryLine, targetLine, valueText } from './model';
import { isHostMessage, type FlowRunState, type FlowRunUi, type FlowRunView, type HostMessage, type ReportedAttempt, type ReportedStep, type StepView, type WebviewMessage } from './protocol';

const bridge = connect<HostMessage, WebviewMessage, FlowRunState>(isHostMessage, { type: 'ready' });
let view: FlowRunView | undefined = bridge.saved?.view;
let ui: FlowRunUi = bridge.saved?.ui ?? {};

function save(): void {
  bridge.save({ view, ui });
}

function json(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? 'nothing';
  } catch {
    return String(value);
  }
}

function pre(text: string, className = 'code'): HTMLElement {
  return el('pre', { className, text });
}

function section(title: string, ...children: (Node | undefined | false)[]): HTMLElement {
  return el('section', { className: 'part' }, el('h3', { text: title }), ...children);
}

function keyValues(entries: [string, string][], testId?: string): HTMLElement {
  const table = el('div', { className: 'kv', testId });
  for (const [key, value] of entries) table.append(el('span', { className: 'k', text: key }), el('span', { className: 'v', text: value }));
  return table;
}

function render(): void {
  const page = root();
  if (!view) {
    page.replaceChildren(el('p', { className: 'hint', text: 'Run a flow (Run Flow on a workflow) to see it here.' }));
    return;
  }
  const v = view;
  const header = el(
    'header',
    { className: 'head' },
    el('h1', { text: v.summary ?? v.workflowId }),
    el('span', { className: `state ${v.state}`, text: stateWord(v), testId: 'flow-state' }),
    el('span', { className: 'meta', text: [v.workflowId, v.title, v.file, v.environment ? `environment ${v.environment}` : undefined].filter(Boolean).join(' · ') }),
  );
  const controls = el('div', { className: 'controls' });
  if (v.state === 'confirm') controls.append(button('Run', { appearance: 'primary', testId: 'start', title: 'Send the requests of this workflow', onClick: () => bridge.post({ type: 'start', runId: v.runId }) }));
  if (v.state === 'running') controls.append(button('Cancel', { testId: 'cancel', title: 'Stop at the step that is running', onClick: () => bridge.post({ type: 'cancel', runId: v.runId }) }));
  if (v.state !== 'running' && v.state !== 'confirm') controls.append(button('Run again', { testId: 'rerun', onClick: () => bridge.post({ type: 'rerun', runId: v.runId }) }));
  const summary = el('p', { className: 'summary', text: summaryLine(v), testId: 'flow-summary' });
  const parts: (HTMLElement | undefined)[] = [header, controls, summary];
  if (v.projected?.registries.length) {
    parts.push(
      el(
        'div',
        { className: `projected${v.state === 'confirm' ? ' confirm' : ''}`, testId: 'projected-cost' },
        el('strong', { text: v.state === 'confirm' ? 'This run calls registries that charge. Projected cost:' : 'Projected cost:' }),
        ...v.projected.lines.map((line) => el('p', { text: line })),
      ),
    );
  }
  if (v.costs.length) parts.push(el('p', { className: 'costs', testId: 'costs', text: `Spent: ${costText(v.costs)}` }));
  if (v.failure) parts.push(el('p', { className: 'failure', testId: 'flow-failure', text: `${v.failure.stepId ? `Step ${v.failure.stepId}: ` : ''}${v.failure.reason}` }));
  if (v.endedBy) parts.push(el('p', { className: 'hint', text: `Ended by the ${v.endedBy.on === 'success' ? 'onSuccess' : 'onFailure'} action '${v.endedBy.action}' of step ${v.endedBy.stepId}.` }));
  for (const notice of v.notices) parts.push(el('p', { className: 'notice', text: notice }));

  const list = el('div', { className: 'steps', role: 'list', label: 'Steps', testId: 'steps' });
  for (const step of v.steps) list.append(stepRow(step));
  parts.push(list);
  const selected = v.steps.find((s) => s.key === ui.selected) ?? v.steps.find((s) => s.status === 'failed') ?? undefined;
  if (selected) parts.push(stepDetail(v, selected));
  if (Object.keys(v.inputs).length) parts.push(section('Workflow inputs', pre(json(v.inputs))));
  if (Object.keys(v.outputs).length) parts.push(section('Workflow outputs', el('div', { testId: 'flow-outputs' }, pre(json(v.outputs)))));
  page.replaceChildren(...parts.filter((p): p is HTMLElement => p !== undefined));
}

function stateWord(v: FlowRunView): string {
  switch (v.state) {
    case 'confirm':
      return 'waiting for Run';
    case 'running':
      return 'running';
    case 'passed':
      return 'passed';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}

function stepRow(step: StepView): HTMLElement {
  const status = STATUS[step.status];
  const time = step.run ? `${step.run.durationMs} ms` : step.status === 'waiting' && step.waitMs ? `retry in ${step.waitMs / 1000} s` : '';
  const cost = step.run ? costText(step.run.attempts.flatMap((a) => (a.cost ? [a.cost] : []))) : '';
  const response = step.run?.attempts[step.run.attempts.length - 1]?.response;
  const row = el(
    'div',
    { className: `step ${status.tone}${ui.selected === step.key ? ' selected' : ''}`, role: 'listitem', testId: 'step-row', label: `${step.stepId}: ${status.word}` },
    el('span', { className: 'mark', text: status.mark }),
    el('span', { className: 'id', text: step.workflowId === view?.workflowId ? step.stepId : `${step.workflowId} › ${step.stepId}` }),
    el('span', { className: 'target', text: targetLine(step), title: step.description }),
    el('span', { className: 'status', text: `${status.word}${step.attempts > 1 ? ` (${step.attempts} attempts)` : ''}` }),
    el('span', { className: 'http', text: response ? String(response.status) : '' }),
    el('span', { className: 'time', text: time }),
    el('span', { className: 'cost', text: cost }),
  );
  row.dataset.status = step.status;
  row.dataset.step = step.stepId;
  row.tabIndex = 0;
  const choose = () => {
    ui = { ...ui, selected: step.key };
    save();
    render();
  };
  row.addEventListener('click', choose);
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') choose();
  });
  return row;
}

function stepDetail(v: FlowRunView, step: StepView): HTMLElement {
  const box = el('section', { className: 'detail', testId: 'step-detail' }, el('h2', { text: `${step.stepId} — ${STATUS[step.status].word}` }));
  if (step.description) box.append(el('p', { text: step.description }));
  const tools = el('div', { className: 'controls' });
  tools.append(button('Show in file', { testId: 'reveal', onClick: () => bridge.post({ type: 'reveal', runId: v.runId, stepId: step.stepId }) }));
  if (v.state !== 'running' && v.state !== 'confirm' && step.workflowId === v.workflowId && rerunPoints(v).includes(step.stepId)) {
    tools.append(button('Rerun from here', { testId: 'rerun-from', title: 'Run this step and the ones after it again, with the earlier steps\u2019 outputs of this run', onClick: () => bridge.post({ type: 'rerun', runId: v.runId, fromStepId: step.stepId }) }));
  }
  box.append(tools);
  const run = step.run;
  if (!run) {
    box.append(el('p', { className: 'hint', text: step.status === 'skipped' ? 'This step did not run.' : 'This step has not ended yet.' }));
    return box;
  }
  box.append(stepReport(v, step, run));
  return box;
}

function stepReport(v: FlowRunView, step: StepView, run: ReportedStep): HTMLElement {
  const body = el('div', { className: 'report' });
  if (run.parameters.length) body.append(section('Inputs', keyValues(run.parameters.map((p) => [`${p.in ? `${p.in} ` : ''}${p.name}`, valueText(p.value, 400)]))));
  if (run.body !== undefined) body.append(section('Request body (as built)', pre(json(run.body))));
  run.attempts.forEach((attempt) => body.append(attemptReport(v, step, attempt, run.attempts.length)));
  if (run.actions.length) {
    const list = el('ul', { className: 'actions', testId: 'actions' });
    for (const action of run.actions) list.append(el('li', { text: actionText(action) }));
    body.append(section('Actions', list));
  }
  if (Object.keys(run.outputs).length) body.append(section('Outputs', pre(json(run.outputs))));
  if (run.child) {
    const child = el('div', { className: 'child' });
    for (const s of run.child.steps) child.append(el('p', { text: `${STATUS[s.status].mark} ${s.stepId} — ${STATUS[s.status].word} (${s.durationMs} ms)${s.attempts.at(-1)?.reason ? `: ${s.attempts.at(-1)!.reason}` : ''}` }));
    body.append(section(`Workflow ${run.child.workflowId} — ${run.child.status}`, child));
  }
  return body;
}

function attemptReport(v: FlowRunView, step: StepView, attempt: ReportedAttempt, count: number): HTMLElement {
  const title = `${count > 1 ? `Attempt ${attempt.attempt} — ` : ''}${attempt.passed ? 'passed' : 'failed'} in ${attempt.durationMs} ms${attempt.cost ? ` · ${attempt.cost.amount} ${attempt.cost.unit}` : ''}`;
  const part = el('section', { className: `attempt ${attempt.passed ? 'ok' : 'bad'}`, testId: 'attempt' }, el('h3', { text: title }));
  if (attempt.reason) part.append(el('p', { className: 'failure', text: attempt.reason }));
  if (attempt.criteria.length) {
    const table = el('div', { className: 'criteria', testId: 'criteria' });
    for (const result of attempt.criteria) {
      const row = criterionRow(result);
      const item = el('div', { className: `criterion ${row.passed ? 'ok' : 'bad'}` }, el('div', { className: 'condition' }, el('span', { className: 'mark', text: row.passed ? '✓' : '✗' }), el('code', { text: row.condition }), row.type !== 'simple' ? badge(row.type) : undefined));
      for (const line of row.lines) {
        item.append(
          el(
            'div',
            { className: `comparison ${line.passed ? 'ok' : 'bad'}` },
            el('code', { className: 'side', text: line.left }),
            el('span', { className: 'value', text: `= ${line.leftValue}` }),
            el('span', { className: 'op', text: line.operator ?? '' }),
            line.right !== undefined ? el('code', { className: 'side', text: line.right }) : undefined,
            line.rightValue !== undefined ? el('span', { className: 'value', text: `= ${line.rightValue}` }) : undefined,
          ),
        );
      }
      if (row.error) item.append(el('p', { className: 'failure', text: row.error }));
      table.append(item);
    }
    part.append(el('h4', { text: 'Criteria' }), table);
  }
  if (attempt.request) {
    const r = attempt.request;
    part.append(el('h4', { text: 'Request' }), pre([`${r.method} ${r.url}`, ...r.headers.map(([n, val]) => `${n}: ${val}`), ...(r.body !== undefined ? ['', r.body] : [])].join('\n')));
  }
  if (attempt.error) part.append(el('p', { className: 'failure', text: `${attempt.error.code}: ${attempt.error.message}${attempt.error.hint ? ` — ${attempt.error.hint}` : ''}` }));
  if (attempt.response) {
    const r = attempt.response;
    const head = [`${r.status} ${r.statusText}`, ...r.headers.map(([n, val]) => `${n}: ${val}`)].join('\n');
    const bodyText = r.binary ? `(${r.size} bytes of binary content)` : `${prettyBody(r.body, r.contentType)}${r.truncated ? '\n… (cut; open the response for all of it)' : ''}`;
    part.append(el('h4', { text: `Response${attempt.timings ? ` · ${attempt.timings.totalMs} ms` : ''}` }), pre(`${head}\n\n${bodyText}`));
    part.append(button('Open response', { testId: 'open-response', title: 'Open this response in the response panel', onClick: () => bridge.post({ type: 'openResponse', runId: v.runId, stepKey: step.key, attempt: attempt.attempt }) }));
  }
  if (attempt.validation && !attempt.validation.valid) {
    const list = el('ul', { className: 'validation' });
    for (const error of attempt.validation.errors.slice(0, 20)) list.append(el('li', { text: `${error.path || '/'}: ${error.message}` }));
    part.append(el('h4', { text: 'Not as the API description says' }), list);
  }
  return part;
}

function prettyBody(text: string, contentType: string | undefined): string {
  if (!contentType || !/json/i.test(contentType)) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

bridge.start((message) => {
  switch (message.type) {
    case 'show':
      if (view?.runId !== message.view.runId) ui = {};
      view = message.view;
      save();
      render();
      return;
  }
});
render();
