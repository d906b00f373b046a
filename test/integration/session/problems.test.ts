// Problem details against the sandbox: an invalid body sent to vr-beheer and vng-klanten through
// both hosts (`regx run` and the editor's session) comes back as one readable error whose field
// messages carry JSON paths into the body as sent — printed by the pretty report, carried by the
// JSON report, and placed as diagnostics on the body lines of the .http file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { problemDiagnostics } from '../../../src/core/problems/problemDiagnostics';
import type { Report } from '../../../src/core/report/reportModel';
import { cliHost, editorHost, workspace, type Workspace } from './hosts';

const INVALID = `### VR Beheer: an e-mail that is none, an age out of range
# @registry vr-beheer
# @name registreer
POST {{vrBeheerBaseUrl}}/v1/verenigingen/feitelijkeverenigingen
Content-Type: application/json

{
  "naam": "Fanfare {{$randomInt 1000 9999}}",
  "startdatum": "2024-09-01",
  "doelgroep": { "minimumleeftijd": 200 },
  "contactgegevens": [
    { "contactgegeventype": "E-mail", "waarde": "info@fanfare.be", "isPrimair": true },
    { "contactgegeventype": "E-mail", "waarde": "geen-adres", "isPrimair": false }
  ]
}

### VNG Klanten: a huisnummer that is text, no websiteUrl
# @registry vng-klanten
# @name klant
POST {{klantenBaseUrl}}/api/v1/klanten
Content-Type: application/json

{
  "bronorganisatie": "002220647",
  "subjectType": "natuurlijk_persoon",
  "adres": {
    "straatnaam": "Dorpsstraat",
    "huisnummer": "tien"
  }
}
`;

let ws: Workspace;
before(async () => {
  ws = await workspace(mkdtempSync(join(tmpdir(), 'regx-problems-')), 'local');
  writeFileSync(ws.file, INVALID);
});
after(() => ws.sandbox.close());

test('editor session: each record carries the problem with JSON paths, and the diagnostics land on the body lines', async () => {
  const run = await editorHost(ws, 'local');
  const [vr, klant] = run.result!.results;
  const vrProblem = vr!.record!.problem!;
  assert.equal(vr!.record!.response!.status, 400);
  assert.equal(vrProblem.title, 'Er heeft zich een fout voorgedaan!');
  assert.deepEqual(
    vrProblem.fields.map((f) => [f.path, f.name]).sort(),
    [
      ['$.contactgegevens[1].waarde', 'contactgegevens[1].waarde'],
      // over the maximum's default (150) too: a message about the doelgroep as a whole
      ['$.doelgroep', 'doelgroep'],
      ['$.doelgroep.minimumleeftijd', 'doelgroep.minimumleeftijd'],
    ],
  );
  const klantProblem = klant!.record!.problem!;
  assert.equal(klant!.record!.response!.status, 400);
  assert.deepEqual(
    klantProblem.fields.map((f) => [f.name, f.path, f.missing ?? false]).sort(),
    [
      ['adres.huisnummer', '$.adres.huisnummer', false],
      ['websiteUrl', '$', true],
    ],
  );

  const text = readFileSync(ws.file, 'utf8');
  const file = parseHttp(text);
  const lines = text.split('\n');
  const shown = (index: number, problem: typeof vrProblem) =>
    problemDiagnostics(text, file, file.requests[index]!, problem).map((d) => ({ text: lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.line === d.range.start.line ? d.range.end.character : undefined), line: d.range.start.line, message: d.message }));
  const vrDiagnostics = shown(0, vrProblem);
  const email = vrDiagnostics.find((d) => /e-mailadres/.test(d.message))!;
  assert.equal(email.text, '"geen-adres"');
  assert.equal(email.line, lines.findIndex((l) => l.includes('"geen-adres"')));
  const age = vrDiagnostics.find((d) => /tussen 0 en 150/.test(d.message))!;
  assert.equal(age.text, '200');
  assert.equal(vrDiagnostics.find((d) => /niet groter zijn/.test(d.message))?.text, '{ "minimumleeftijd": 200 }');
  const klantDiagnostics = shown(1, klantProblem);
  assert.deepEqual(klantDiagnostics.find((d) => /geheel getal/.test(d.message))?.text, '"tien"');
  // websiteUrl is missing: the diagnostic sits on the opening brace of the body it belongs in.
  const missing = klantDiagnostics.find((d) => /websiteUrl/.test(d.message))!;
  assert.equal(missing.text, '{');
  assert.equal(missing.line, lines.findIndex((l, i) => l === '{' && i > lines.findIndex((x) => x.includes('/api/v1/klanten'))));
  // Stored in history with the record: the history entry carries the summary as well.
  assert.ok(run.history.some((entry) => entry.problem?.fields.some((f) => f.path === '$.adres.huisnummer')));
});

test('regx run: the pretty report prints the readable error with a line per field; the JSON report carries it', async () => {
  const pretty = await cliHost(ws, 'local', ['--no-history']);
  assert.equal(pretty.code, 0, 'a 4xx without assertions does not fail the run');
  assert.match(pretty.output, /⚠ Er heeft zich een fout voorgedaan! — /);
  assert.match(pretty.output, /• \$\.contactgegevens\[1\]\.waarde: 'geen-adres' is geen geldig e-mailadres\./);
  assert.match(pretty.output, /• \$\.adres\.huisnummer: Een geheel getal van 0 tot en met 99999 is vereist\./);
  assert.match(pretty.output, /• \$ \(websiteUrl missing\): Dit veld is vereist\./);

  const json = await cliHost(ws, 'local', ['--no-history', '--reporter', 'json']);
  const report = JSON.parse(json.output.slice(json.output.indexOf('{\n'))) as Report;
  assert.deepEqual(report.requests[1]!.problem?.fields.find((f) => f.name === 'adres.huisnummer'), { name: 'adres.huisnummer', message: 'Een geheel getal van 0 tot en met 99999 is vereist.', code: 'invalid', path: '$.adres.huisnummer', pointer: '/adres/huisnummer' });
  assert.equal(report.requests[0]!.problem?.status, 400);
});
