// The pure steps around a send (no `vscode`, tested in plain Node): naming the registry a
// request went to, following a sandbox that runs on other ports than the catalog says, and
// turning a request that never left into a record the response panel can show.
import { randomUUID } from 'node:crypto';
import type { RequestResult } from '../core/run/runTypes';
import type { ResponseRecord } from '../core/send/types';

export { sandboxUrl, withRegistry } from '../core/run/requestTarget';

/** A request that never left (unresolved variable, unreadable body file) as a record the panel shows. */
export function preparationFailure(result: RequestResult, environment: string, trusted: boolean): ResponseRecord {
  const error = result.prepareError!;
  // In a restricted workspace process variables and .env are not read: say so, and offer trust.
  if (!trusted && error.code === 'unresolved-variable' && /^(\$processEnv|\$dotenv|process\.env\.)/.test(error.expression ?? '')) {
    return failureRecord(result, { code: 'untrusted', message: error.message, hint: 'This workspace is restricted: $processEnv and .env values are not read until you trust it.' });
  }
  const hint =
    error.code === 'unresolved-variable'
      ? `Define it in http-client.env.json for '${environment}', in the registerExplorer.environments setting, or as a secret (Set Secret…).`
      : error.code === 'body-file'
        ? 'Body files are read relative to the request file.'
        : undefined;
  return failureRecord(result, { code: error.code, message: error.message, hint });
}

function failureRecord(result: RequestResult, error: NonNullable<ResponseRecord['error']>): ResponseRecord {
  return { id: randomUUID(), startedAt: new Date().toISOString(), request: { method: result.method, url: result.url, headers: [] }, redirects: [], timings: { totalMs: 0 }, error };
}
