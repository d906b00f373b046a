// Where a prepared request really goes: the registry and environment it resolved to on its
// record, and a sandbox that listens on other ports than the catalog says followed. Pure steps
// of the send session, shared by every adapter.
import type { RegistryResolution } from '../catalog/registryForRequest';
import type { SandboxDetails } from '../catalog/catalogVariables';
import type { PreparedRequest } from '../send/types';

export function withRegistry(request: PreparedRequest, resolution: RegistryResolution | undefined, environment: string | undefined): PreparedRequest {
  if (!resolution?.entry) return request;
  const name = resolution.environment?.name ?? environment;
  if (!name) return request;
  return { ...request, registry: { id: resolution.entry.id, environment: name } };
}

/** When the sandbox runs on other ports than the catalog says (a moved base port), follow it. */
export function sandboxUrl(request: PreparedRequest, resolution: RegistryResolution | undefined, sandbox: Pick<SandboxDetails, 'registries'> | undefined): PreparedRequest {
  const entry = resolution?.entry;
  const environment = resolution?.environment;
  if (!sandbox || !entry || !environment?.sandbox) return request;
  const actual = sandbox.registries[entry.id];
  if (!actual) return request;
  try {
    const expected = new URL(environment.baseUrl).origin;
    const running = new URL(actual).origin;
    if (expected === running || !request.url.startsWith(expected)) return request;
    return { ...request, url: running + request.url.slice(expected.length) };
  } catch {
    return request;
  }
}
