// Structural check of JUnit XML against the schema CI servers read (the Ant/Jenkins JUnit XSD):
// a <testsuites> root of <testsuite>s, each with name/tests/failures/errors and <testcase>s with
// name/classname, each holding at most one of <failure>, <error>, <skipped>, and the counts
// adding up. Returns the problems found; [] for valid XML.
import { DOMParser } from '@xmldom/xmldom';

interface El {
  tagName: string;
  childNodes: ArrayLike<{ nodeType: number }>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

function children(el: El): El[] {
  return Array.from(el.childNodes).filter((n) => n.nodeType === 1) as unknown as El[];
}

export function junitProblems(xml: string): string[] {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') problems.push(`not well-formed: ${String(message).split('\n')[0]}`); } }).parseFromString(xml, 'text/xml');
  if (problems.length) return problems;
  const root = doc.documentElement as unknown as El | null;
  if (!root || root.tagName !== 'testsuites') return [`root is <${root?.tagName}>, not <testsuites>`];
  const number = (el: El, name: string, required: boolean) => {
    if (!el.hasAttribute(name)) {
      if (required) problems.push(`<${el.tagName}> has no ${name}`);
      return 0;
    }
    const value = el.getAttribute(name)!;
    if (!/^\d+(\.\d+)?$/.test(value)) problems.push(`<${el.tagName}> ${name}="${value}" is not a number`);
    return Number(value);
  };
  let total = 0;
  for (const suite of children(root)) {
    if (suite.tagName !== 'testsuite') problems.push(`<testsuites> holds <${suite.tagName}>`);
    if (!suite.getAttribute('name')) problems.push('<testsuite> without a name');
    const tests = number(suite, 'tests', true);
    const failures = number(suite, 'failures', true);
    const errors = number(suite, 'errors', true);
    const skipped = number(suite, 'skipped', false);
    number(suite, 'time', false);
    const cases = children(suite).filter((c) => c.tagName === 'testcase');
    for (const other of children(suite)) if (!['testcase', 'properties', 'system-out', 'system-err'].includes(other.tagName)) problems.push(`<testsuite> holds <${other.tagName}>`);
    if (cases.length !== tests) problems.push(`suite ${suite.getAttribute('name')}: tests="${tests}" but ${cases.length} testcases`);
    let f = 0;
    let e = 0;
    let s = 0;
    for (const testcase of cases) {
      if (!testcase.getAttribute('name')) problems.push('<testcase> without a name');
      if (!testcase.hasAttribute('classname')) problems.push('<testcase> without a classname');
      number(testcase, 'time', false);
      const outcome = children(testcase).filter((c) => ['failure', 'error', 'skipped'].includes(c.tagName));
      if (outcome.length > 1) problems.push(`testcase ${testcase.getAttribute('name')} has ${outcome.length} outcomes`);
      for (const c of children(testcase)) if (!['failure', 'error', 'skipped', 'system-out', 'system-err'].includes(c.tagName)) problems.push(`<testcase> holds <${c.tagName}>`);
      if (outcome[0]?.tagName === 'failure') f++;
      if (outcome[0]?.tagName === 'error') e++;
      if (outcome[0]?.tagName === 'skipped') s++;
    }
    if (f !== failures) problems.push(`suite ${suite.getAttribute('name')}: failures="${failures}" but ${f} <failure>`);
    if (e !== errors) problems.push(`suite ${suite.getAttribute('name')}: errors="${errors}" but ${e} <error>`);
    if (suite.hasAttribute('skipped') && s !== skipped) problems.push(`suite ${suite.getAttribute('name')}: skipped="${skipped}" but ${s} <skipped>`);
    total += tests;
  }
  if (root.hasAttribute('tests') && Number(root.getAttribute('tests')) !== total) problems.push(`<testsuites tests="${root.getAttribute('tests')}"> but the suites hold ${total}`);
  return problems;
}
