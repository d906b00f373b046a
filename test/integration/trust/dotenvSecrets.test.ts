import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { regx } from './regx';

test('regx complete masks .env values whose names look secret (*PASS*, *SECRET*, *TOKEN*, *KEY*) and shows the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-dotenv-'));
  mkdirSync(join(dir, '.git'));
  const values = { DB_PASS: 'dbpass-9931', MY_PASSWORD: 'pw-2718-x', CLIENT_SECRET: 'cs-1414-y', API_TOKEN: 'tok-1732-z', MY_APIKEY: 'key-2236-w', HOST: 'example.org' };
  writeFileSync(join(dir, '.env'), Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n'));
  writeFileSync(join(dir, 'a.http'), 'GET https://example.org/{{}}\n');
  const { code, stdout } = await regx(['complete', 'a.http', '1', '27'], { cwd: dir });
  assert.equal(code, 0);
  const items = JSON.parse(stdout) as { label: string; detail?: string }[];
  const detail = (name: string) => items.find((i) => i.label === name)?.detail ?? '';
  for (const [name, value] of Object.entries(values)) {
    if (name === 'HOST') assert.match(detail(name), /example\.org/);
    else {
      assert.ok(detail(name).includes('•'), `${name} is masked: ${detail(name)}`);
      assert.ok(!stdout.includes(value), `${name}'s value is not printed`);
    }
  }
});
