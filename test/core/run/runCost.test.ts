// A run's projected cost from the file alone: the requests the run will send (the selected ones
// and the named ones they need), each matched to its registry's cost rules with what is known
// before the run (a response reference is a placeholder), summed per registry and environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../../../src/core/catalog/loadCatalog';
import { registryForRequest } from '../../../src/core/catalog/registryForRequest';
import { parseHttp } from '../../../src/core/http/parser';
import { registriesDir } from '../../../src/core/paths';
import { projectRunCost, runTargets, spendLine } from '../../../src/core/run/runCost';
import type { HttpFile } from '../../../src/core/http/ast';

const FILE = `@dc = https://api.datacollectief.example
### list (free)
# @name lijst
# @registry data-collectief
GET {{dc}}/api/v1/companies?page=1

### one company
# @name een
# @registry data-collectief
GET {{dc}}/api/v1/companies/{{lijst.response.body.$.companies[0].companyNumber}}

### a contact
# @registry data-collectief
GET {{dc}}/api/v1/contacts/42

### KVK in production: a paid call
# @registry kvk
GET https://api.kvk.nl/api/v2/zoeken?naam=x

### AllSolutions
# @registry allsolutions
GET https://allsolutions.example/api/v1/artikelen
`;

async function catalog(): Promise<Catalog> {
  return loadCatalog({ bundledDir: registriesDir(), readFile: (p) => readFile(p), listDir: (p) => readdir(p) });
}

function project(cat: Catalog, file: HttpFile, environment: string, stateDir: string, select?: { names?: string[]; indexes?: number[] }) {
  return projectRunCost({
    file,
    filePath: '/w/x.http',
    blocks: runTargets(file, select),
    scope: { environment: new Map() },
    resolve: (request, block) => registryForRequest(cat, file, block, environment, { filePath: '/w/x.http', url: request.url }),
    environment,
    stateDir,
  });
}

test('runTargets: the selection and the named requests it needs, in file order; held exchanges are not sent again', () => {
  const file = parseHttp(FILE);
  assert.deepEqual(runTargets(file, undefined).map((b) => b.index), [0, 1, 2, 3, 4]);
  assert.deepEqual(runTargets(file, { names: ['een'] }).map((b) => b.index), [0, 1]);
  assert.deepEqual(runTargets(file, { indexes: [1] }, new Map([['lijst', { request: { method: 'GET', url: '', headers: [] }, response: { status: 200, headers: [], body: '' } } as never]])).map((b) => b.index), [1]);
});

test('per registry: downloads by their charge rule (a response reference as a placeholder), KVK paid calls, AllSolutions beyond its free quota', async () => {
  const cat = await catalog();
  const stateDir = mkdtempSync(join(tmpdir(), 'regx-runcost-'));
  // DATA-collectief and AllSolutions have only their sandbox environment (the catalog falls back to it).
  // The meter already counted 19,999 AllSolutions calls this month: one free call is left.
  const period = new Date().toISOString().slice(0, 7);
  mkdirSync(join(stateDir, 'costs'));
  writeFileSync(join(stateDir, 'costs', 'allsolutions--sandbox.json'), JSON.stringify({ registry: 'allsolutions', environment: 'sandbox', unit: 'calls', period, calls: 19_999, spent: 0, updatedAt: new Date().toISOString() }));
  const file = parseHttp(FILE + '\n###\n# @registry allsolutions\nGET https://allsolutions.example/api/v1/artikelen/2\n');
  const spends = await project(cat, file, 'production', stateDir);
  const lines = spends.map((s) => spendLine(s));
  assert.ok(lines.includes('DATA-collectief API (sandbox): this run downloads 1 company you do not own and downloads 1 contact you do not own: 2 credits'), lines.join('\n'));
  assert.ok(lines.some((l) => /^KVK Handelsregister API \(production\): this run makes 1 paid call: 1 calls$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^AllSolutions[^:]*\(sandbox\): this run makes 2 calls, 1 beyond the 20000 free calls a month \(19999 used\): 1 calls$/.test(l)), lines.join('\n'));
  // In KVK's free environments nothing is projected for it.
  const test = await project(cat, file, 'test', stateDir);
  assert.equal(test.find((s) => s.registryId === 'kvk'), undefined);
});
