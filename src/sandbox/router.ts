// Matches a request against path templates (`/klanten/{uuid}`) so a registry declares its
// operations as a table instead of a chain of regular expressions.
import type { SandboxContext, SandboxRequest, SandboxResponse } from './types';

/** `extra` is whatever the registry resolved before routing (e.g. the authenticated account). */
export type RouteHandler<Extra = undefined> = (
  request: SandboxRequest,
  params: Record<string, string>,
  context: SandboxContext,
  ...extra: Extra extends undefined ? [extra?: undefined] : [extra: Extra]
) => Promise<SandboxResponse> | SandboxResponse;

interface Route<Extra> {
  method: string;
  segments: string[];
  handler: RouteHandler<Extra>;
}

export type RouteMatch<Extra = undefined> =
  | { kind: 'found'; handler: RouteHandler<Extra>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export class Router<Extra = undefined> {
  private readonly routes: Route<Extra>[] = [];

  add(method: string, template: string, handler: RouteHandler<Extra>): this {
    this.routes.push({ method: method.toUpperCase(), segments: template.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<Extra> {
    const segments = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: 'found', handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i]!;
    const value = actual[i]!;
    if (part.startsWith('{') && part.endsWith('}')) {
      try {
        params[part.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}
