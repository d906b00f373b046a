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

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export type RouteMatch<H = RouteHandler> =
  | { kind: 'found'; handler: H; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/**
 * `H` is the handler's type, which the router only stores and returns: most registries use
 * `RouteHandler<Extra>`, while the Verenigingsregister ones route to handlers that take a call
 * prepared after matching (store, initiator, release) or to descriptors such as `{ needsKey, run }`.
 */
export class Router<H = RouteHandler> {
  private readonly routes: Route<H>[] = [];

  add(method: string, template: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), segments: template.split('/').filter(Boolean), handler });
    return this;
  }

  /** Appends another router's routes after this one's, so releases can share a set of routes. */
  include(other: Router<H>): this {
    this.routes.push(...other.routes);
    return this;
  }

  /** The first route in declaration order wins, so literal paths go before `{param}` ones. */
  match(method: string, path: string): RouteMatch<H> {
    const segments = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: 'found', handler: route.handler, params };
      // A literal and a `{param}` route can both match one path with the same method; Allow names it once.
      if (!allowed.includes(route.method)) allowed.push(route.method);
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
