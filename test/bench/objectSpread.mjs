// Why the per-request code builds objects with literals or Object.assign rather than
// `{ ...a, b }`: in Node 20's V8 an object made by a spread that then gains (or overwrites)
// properties costs microseconds, a literal or Object.assign({}, a, { b }) well under one.
// Run it as a `regx run` runs (V8 flags of src/cli/v8Flags.ts), 1,000 times like 1,000 requests:
//   node --interrupt-budget=540672 test/bench/objectSpread.mjs
const N = 1000;
let sink = 0;
const base = (i) => ({ index: i, name: 'r', title: 't', line: 3, method: 'GET', url: 'http://x/', asDependency: false, assertions: [], skippedScripts: 0 });
const cases = {
  '{ ...a, b, c }': (i) => ({ ...base(i), outcome: 'passed', record: i }),
  'Object.assign({}, a, { b, c })': (i) => Object.assign({}, base(i), { outcome: 'passed', record: i }),
  'literal': (i) => {
    const a = base(i);
    return { index: a.index, name: a.name, title: a.title, line: a.line, method: a.method, url: a.url, asDependency: a.asDependency, assertions: a.assertions, skippedScripts: a.skippedScripts, outcome: 'passed', record: i };
  },
};
for (const [name, make] of Object.entries(cases)) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) sink += make(i).index;
  console.log(`${name.padEnd(32)} ${(Number(process.hrtime.bigint() - started) / N / 1000).toFixed(2)} us per object`);
}
if (sink < 0) console.log(sink);
