// A loopback server and a runner with scripts, shared by the script tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../../src/core/http/parser';
import { runHttpFile, type RunHost, type RunOptions } from '../../../src/core/run/runHttpFile';
import { sendRequest } from '../../../src/core/send/sendRequest';
import { createScriptRunner, ScriptValueStore } from '../../../src/core/scripts';
import type { VariableValue } from '../../../src/core/variables/types';

export const host: RunHost = {
  send: (request, signal) => sendRequest(request, { signal }),
  readFile: (p) => readFile(p),
  fileExists: (p) => stat(p).then(() => true, () => false),
};

export function env(values: Record<string, string>, secret: string[] = []): Map<string, VariableValue> {
  return new Map(Object.entries(values).map(([name, value]) => [name, { value, source: secret.includes(name) ? 'private-environment' : 'environment', secret: secret.includes(name) }]));
}

export const scratch = mkdtempSync(join(tmpdir(), 'regx-scripts-'));

/** Writes `text` (and `files` beside it) to a scratch folder and runs it with scripts on. */
export async function runScripts(text: string, options: { environment?: Map<string, VariableValue>; files?: Record<string, string>; globals?: ScriptValueStore; timeoutMs?: number; maxTests?: number; extra?: Partial<RunOptions>; name?: string } = {}) {
  const dir = mkdtempSync(join(scratch, 'run-'));
  const filePath = join(dir, options.name ?? 'requests.http');
  writeFileSync(filePath, text);
  for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), content);
  const globals = options.globals ?? new ScriptValueStore();
  const notices: string[] = [];
  const result = await runHttpFile(
    {
      file: parseHttp(text),
      filePath,
      scope: { environment: options.environment ?? new Map() },
      scripts: createScriptRunner({ globals, limits: { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.maxTests ? { maxTests: options.maxTests } : {}) } }),
      onEvent: (event) => void (event.type === 'notice' && notices.push(event.message)),
      ...options.extra,
    },
    host,
  );
  const values = Object.fromEntries(globals.names().map((name) => [name, JSON.parse(globals.get(name)!.json) as unknown]));
  return { result, globals: values, notices, filePath };
}
