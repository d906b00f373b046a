/**
 * Path templates (`/v1/verenigingen/{vCode}`) → handlers of any shape. The host's `Router` fixes
 * the handler signature to (request, params, context); the register's handlers take a prepared
 * call (store, initiator, release prefix) instead, so they get this generic table.
 */
export type RouteLookup<H> = { kind: 'found'; handler: H; params: Record<string, string> } | { kind: 'method-not-allowed'; allowed: string[] } | { kind: 'not-found' };

export class RouteTable<H> {
  private readonly routes: { method: string; segments: string[]; handler: H }[] = [];

  add(method: string, template: string, handler: H): this {
    this.routes.push({ method, segments: template.split('/').filter(Boolean), handler });
    return this;
  }

  /** Appends another table's routes after this one's. */
  include(other: RouteTable<H>): this {
    this.routes.push(...other.routes);
    return this;
  }

  /** The first route in declaration order wins, so literal paths go before `{param}` ones. */
  match(method: string, path: string): RouteLookup<H> {
    const actual = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, actual);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: 'found', handler: route.handler, params };
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
    if (part.startsWith('{') && part.endsWith('}')) {
      try {
        params[part.slice(1, -1)] = decodeURIComponent(actual[i]!);
      } catch {
        return undefined;
      }
    } else if (part !== actual[i]) return undefined;
  }
  return params;
}
