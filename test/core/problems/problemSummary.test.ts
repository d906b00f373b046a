// One readable error per error shape: RFC 7807 / 9457 with its extension members, the
// Verenigingsregister's validationErrors map, ZGW invalidParams, KVK's `fout` list and
// DATA-collectief's error object (the last two as their registry.yaml `problems:` declares them),
// each field placed in the request body as it was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeProblem, problemLines } from '../../../src/core/problems/problemSummary';
import { fieldPath, nameSteps } from '../../../src/core/problems/fieldPath';
import { recordProblem } from '../../../src/core/problems/recordProblem';
import type { ResponseRecord } from '../../../src/core/send/types';

const vereniging = {
  naam: 'De Kleine Fanfare',
  contactgegevens: [
    { contactgegeventype: 'E-mail', waarde: 'info@fanfare.be' },
    { contactgegeventype: 'E-mail', waarde: 'geen-adres' },
  ],
  doelgroep: { minimumleeftijd: 200 },
};

test('RFC 7807 with validationErrors (Verenigingsregister): each field at its JSON path in the body', () => {
  const problem = summarizeProblem({
    status: 400,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: 'urn:verenigingsregister:validatie',
      title: 'Er heeft zich een fout voorgedaan!',
      detail: "'geen-adres' is geen geldig e-mailadres.",
      status: 400,
      instance: 'http://127.0.0.1/v1/foutmeldingen/1',
      validationErrors: {
        'contactgegevens[1].waarde': ["'geen-adres' is geen geldig e-mailadres."],
        'doelgroep.minimumleeftijd': ['De minimumleeftijd moet tussen 0 en 150 liggen.'],
      },
    }),
    requestBody: vereniging,
  });
  assert.deepEqual(problem, {
    title: 'Er heeft zich een fout voorgedaan!',
    status: 400,
    detail: "'geen-adres' is geen geldig e-mailadres.",
    type: 'urn:verenigingsregister:validatie',
    messages: [],
    fields: [
      { name: 'contactgegevens[1].waarde', message: "'geen-adres' is geen geldig e-mailadres.", path: '$.contactgegevens[1].waarde', pointer: '/contactgegevens/1/waarde' },
      { name: 'doelgroep.minimumleeftijd', message: 'De minimumleeftijd moet tussen 0 en 150 liggen.', path: '$.doelgroep.minimumleeftijd', pointer: '/doelgroep/minimumleeftijd' },
    ],
  });
});

test('.NET-style validationErrors: PascalCase names and {code, reason} items find the camelCase keys', () => {
  const problem = summarizeProblem({
    status: 400,
    contentType: 'application/problem+json',
    body: JSON.stringify({ title: 'Er heeft zich een fout voorgedaan!', status: 400, validationErrors: { 'Contactgegevens[1].Waarde': [{ code: 'OngeldigEmail', reason: 'Geen geldig e-mailadres.' }] } }),
    requestBody: vereniging,
  });
  assert.deepEqual(problem?.fields, [{ name: 'Contactgegevens[1].Waarde', message: 'Geen geldig e-mailadres.', code: 'OngeldigEmail', path: '$.contactgegevens[1].waarde', pointer: '/contactgegevens/1/waarde' }]);
});

test('ZGW invalidParams: dotted names with numeric steps, a missing field at its parent, nonFieldErrors as a message', () => {
  const klant = { bronorganisatie: '123', adressen: [{ straat: 'Dorpsstraat', postcode: 'X' }], website_url: 'nope' };
  const problem = summarizeProblem({
    status: 400,
    statusText: 'Bad Request',
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: 'https://example.invalid/ref/fouten/ValidationError/',
      code: 'invalid',
      title: 'Invalid input.',
      status: 400,
      detail: 'Validatiefout.',
      instance: 'urn:uuid:1',
      invalidParams: [
        { name: 'adressen.0.postcode', code: 'invalid', reason: 'Ongeldige postcode.' },
        { name: 'websiteUrl', code: 'invalid', reason: 'Voer een geldige URL in.' },
        { name: 'subjectType', code: 'required', reason: 'Dit veld is vereist.' },
        { name: 'nonFieldErrors', code: 'unique', reason: 'De velden bronorganisatie, klantnummer moeten een unieke set zijn.' },
      ],
    }),
    requestBody: klant,
    shape: { fields: { pointer: '/invalidParams', name: 'name', message: 'reason', code: 'code' } },
  });
  assert.equal(problem?.title, 'Invalid input.');
  assert.equal(problem?.detail, 'Validatiefout.');
  assert.deepEqual(problem?.messages, [{ message: 'De velden bronorganisatie, klantnummer moeten een unieke set zijn.', code: 'unique' }]);
  assert.deepEqual(
    problem?.fields.map((f) => [f.path, f.missing ?? false, f.code]),
    [
      ['$.adressen[0].postcode', false, 'invalid'],
      ['$.website_url', false, 'invalid'],
      ['$', true, 'required'],
    ],
  );
  assert.deepEqual(problemLines(problem!).lines, [
    'unique: De velden bronorganisatie, klantnummer moeten een unieke set zijn.',
    '$.adressen[0].postcode: Ongeldige postcode.',
    '$.website_url: Voer een geldige URL in.',
    '$ (subjectType missing): Dit veld is vereist.',
  ]);
});

test('RFC 9457 errors with JSON pointers, served as application/json', () => {
  const problem = summarizeProblem({
    status: 422,
    contentType: 'application/json',
    body: JSON.stringify({ type: 'https://example.net/validation-error', title: 'Your request is not valid.', errors: [{ detail: 'must be a positive integer', pointer: '#/age' }, { detail: "must be 'green', 'red' or 'blue'", pointer: '#/profile/color' }] }),
    requestBody: { age: -1, profile: { color: 'pink' } },
  });
  assert.deepEqual(problem?.fields.map((f) => [f.path, f.message]), [
    ['$.age', 'must be a positive integer'],
    ['$.profile.color', "must be 'green', 'red' or 'blue'"],
  ]);
});

test("KVK's fout list (declared in its registry.yaml): the message becomes the title, its code the type", () => {
  const shape = { messages: { pointer: '/fout', message: 'omschrijving', code: 'code' } };
  const one = summarizeProblem({ status: 404, contentType: 'application/hal+json', body: JSON.stringify({ fout: [{ code: 'IPD0004', omschrijving: 'Het KVK-nummer 12345678 is niet gevonden.' }] }), shape });
  assert.deepEqual(one, { title: 'Het KVK-nummer 12345678 is niet gevonden.', status: 404, type: 'IPD0004', messages: [], fields: [] });
  const two = summarizeProblem({ status: 400, statusText: 'Bad Request', body: JSON.stringify({ fout: [{ code: 'IPD1999', omschrijving: 'a' }, { code: 'IPD1998', omschrijving: 'b' }] }), shape });
  assert.equal(two?.title, '400 Bad Request');
  assert.deepEqual(two?.messages, [{ message: 'a', code: 'IPD1999' }, { message: 'b', code: 'IPD1998' }]);
  // Without the declaration the list is nobody's convention: nothing to summarise.
  assert.equal(summarizeProblem({ status: 404, body: JSON.stringify({ fout: [{ code: 'x', omschrijving: 'y' }] }) }), undefined);
});

test("DATA-collectief's error object (declared) and the conventional {error} object without a declaration", () => {
  const body = JSON.stringify({ error: { code: 'NO_CREDITS', message: 'Onvoldoende credits om dit bedrijf te downloaden.' } });
  const declared = summarizeProblem({ status: 402, body, shape: { messages: { pointer: '/error', message: 'message', code: 'code' } } });
  assert.deepEqual(declared, { title: 'Onvoldoende credits om dit bedrijf te downloaden.', status: 402, type: 'NO_CREDITS', messages: [], fields: [] });
  assert.deepEqual(summarizeProblem({ status: 402, body }), declared);
});

test('AllSolutions (plain RFC 7807, about:blank): title and detail; no type shown', () => {
  const problem = summarizeProblem({ status: 400, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Wachtwoord te zwak', status: 400, detail: 'Minstens 16 tekens.' }) });
  assert.deepEqual(problem, { title: 'Wachtwoord te zwak', status: 400, detail: 'Minstens 16 tekens.', messages: [], fields: [] });
  assert.equal(problemLines(problem!).headline, 'Wachtwoord te zwak — Minstens 16 tekens.');
});

test('not a problem: a success, a non-JSON error, an HTML page, a JSON array of data', () => {
  assert.equal(summarizeProblem({ status: 200, contentType: 'application/problem+json', body: '{"title":"x","status":200}' }), undefined);
  assert.equal(summarizeProblem({ status: 500, body: 'Internal Server Error' }), undefined);
  assert.equal(summarizeProblem({ status: 502, contentType: 'text/html', body: '<html>bad gateway</html>' }), undefined);
  assert.equal(summarizeProblem({ status: 400, body: '[1,2,3]' }), undefined);
  assert.equal(summarizeProblem({ status: 400, body: '{"title": "half' }), undefined);
});

test('field names: every spelling to steps; a prefix the body lacks is skipped; snake_case meets camelCase', () => {
  assert.deepEqual(nameSteps("a.b[0]['c d']"), ['a', 'b', '0', 'c d']);
  assert.deepEqual(nameSteps('adressen.0.postcode'), ['adressen', '0', 'postcode']);
  assert.deepEqual(nameSteps('/a~1b/0'), ['a/b', '0']);
  assert.deepEqual(nameSteps('#/profile/color'), ['profile', 'color']);
  assert.deepEqual(nameSteps('$.naam'), ['naam']);
  const body = { naam: 'x', 'e-mail': 'y', lijst: [{ subjectType: 'p' }] };
  assert.deepEqual(fieldPath('request.Naam', body), { path: '$.naam', pointer: '/naam', steps: ['naam'], missing: false });
  assert.equal(fieldPath('email', body)?.path, "$['e-mail']");
  assert.equal(fieldPath('lijst[0].subject_type', body)?.path, '$.lijst[0].subjectType');
  assert.deepEqual(fieldPath('lijst[3].x', body), { path: '$.lijst', pointer: '/lijst', steps: ['lijst'], missing: true });
  assert.equal(fieldPath('naam', 'not an object'), undefined);
});

test('recordProblem reads the response of a record and the body as sent; a success or a binary body has none', () => {
  const record = (status: number, body: string, encoding: 'text' | 'binary' = 'text'): ResponseRecord => ({
    id: '1',
    startedAt: '',
    request: { method: 'POST', url: 'http://x/', headers: [] },
    response: { status, statusText: '', httpVersion: '1.1', headers: [['Content-Type', 'application/problem+json']], body: { size: body.length, encoding, preview: body, previewTruncated: false } },
    redirects: [],
    timings: { totalMs: 1 },
  });
  const problemBody = JSON.stringify({ title: 'Invalid input.', status: 400, invalidParams: [{ name: 'adres.huisnummer', code: 'invalid', reason: 'Een geheel getal is vereist.' }] });
  const sent = new TextEncoder().encode(JSON.stringify({ adres: { huisnummer: 'tien' } }));
  assert.equal(recordProblem(record(400, problemBody), sent)?.fields[0]?.path, '$.adres.huisnummer');
  assert.equal(recordProblem(record(400, problemBody), { file: '/tmp/x.json' })?.fields[0]?.path, undefined);
  assert.equal(recordProblem(record(200, problemBody), sent), undefined);
  assert.equal(recordProblem(record(400, problemBody, 'binary'), sent), undefined);
});
