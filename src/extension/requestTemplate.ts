// "Open as Request": an operation of the index becomes a ready `.http` block, written as a
// snippet (tab stops on every value the user must fill) so it can be typed through at once.
// Plain code without `vscode`, tested in test/extension/.
import type { RegistryEntry, RegistryEnvironment } from '../core/catalog/types';
import type { OperationInfo, ParameterInfo } from '../core/openapi/types';
import { escapeSnippet, skeleton } from '../core/language/snippets';

export interface TemplateTarget {
  operation: OperationInfo;
  registry: RegistryEntry;
  environment: RegistryEnvironment;
}

function jsonMediaType(content: Record<string, unknown>): string | undefined {
  const types = Object.keys(content);
  return types.find((type) => /^application\/json\b/i.test(type)) ?? types.find((type) => /[/+]json\b/i.test(type)) ?? types[0];
}

/** `{{name}}` as the default of a tab stop: the variable when defined, or type a value over it. */
function variableStop(name: string, stop: number): string {
  return `\${${stop}:${escapeSnippet(`{{${name}}}`)}}`;
}

function exampleText(parameter: ParameterInfo): string | undefined {
  const example = parameter.example ?? (typeof parameter.schema === 'object' ? (parameter.schema.example ?? (Array.isArray(parameter.schema.enum) ? parameter.schema.enum[0] : undefined)) : undefined);
  return example === undefined || typeof example === 'object' ? undefined : String(example);
}

function authHeader(registry: RegistryEntry): [string, string] | undefined {
  const auth = registry.auth;
  // Only an API key is written out; Basic, a ZGW JWT and a token are added (minted, fetched)
  // by the send session when the request has no Authorization header of its own.
  return auth.type === 'apiKey' && auth.in !== 'query' ? [auth.name, `{{${auth.secret}}}`] : undefined;
}

/** `{{vrBeheerBaseUrl}}` when the registry declares one, else the environment's base URL as text. */
function baseUrlText(registry: RegistryEntry, environment: RegistryEnvironment): string {
  const variable = registry.variables.find((v) => v.role === 'baseUrl');
  return variable ? `{{${variable.name}}}` : environment.baseUrl.replace(/\/+$/, '');
}

/** The request block as snippet text (`$1`, `${2:…}`); `plain` strips it to what it would insert. */
export function requestSnippet({ operation, registry, environment }: TemplateTarget): string {
  const stops = { next: 1 };
  const lines: string[] = [];
  const title = operation.summary ?? operation.id;
  lines.push(`### ${escapeSnippet(title)}`);
  lines.push(`# @registry ${registry.id}`);
  if (operation.deprecated) lines.push('# deprecated operation: see Show Documentation for its replacement');
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => variableStop(name, stops.next++));
  const query: string[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query' || !parameter.required) continue;
    const example = exampleText(parameter);
    query.push(`${encodeURIComponent(parameter.name)}=${example !== undefined ? `\${${stops.next++}:${escapeSnippet(example)}}` : variableStop(parameter.name, stops.next++)}`);
  }
  if (registry.auth.type === 'apiKey' && registry.auth.in === 'query') query.push(`${registry.auth.name}={{${registry.auth.secret}}}`);
  const base = baseUrlText(registry, environment);
  lines.push(`${operation.method} ${escapeSnippet(base)}${path}${query.length ? `?${query.join('&')}` : ''}`);

  const headers: [string, string][] = [];
  const seen = new Set<string>();
  const add = (name: string, value: string) => {
    if (seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    headers.push([name, value]);
  };
  const auth = authHeader(registry);
  if (auth) add(auth[0], escapeSnippet(auth[1]));
  for (const header of registry.mandatoryHeaders) {
    if (header.methods && !header.methods.some((method) => method.toUpperCase() === operation.method)) continue;
    add(header.name, escapeSnippet(header.value));
  }
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'header' || !parameter.required) continue;
    const example = exampleText(parameter);
    add(parameter.name, example !== undefined ? `\${${stops.next++}:${escapeSnippet(example)}}` : variableStop(parameter.name, stops.next++));
  }
  const mediaType = operation.requestBody ? jsonMediaType(operation.requestBody.content) : undefined;
  // Accept what a success answers with, not what an error does (application/problem+json).
  const successes = operation.responses.filter((response) => /^2/.test(response.status));
  const accept = (successes.length ? successes : operation.responses).flatMap((response) => Object.keys(response.content)).find((type) => /json/i.test(type));
  if (accept) add('Accept', escapeSnippet(accept));
  if (mediaType) add('Content-Type', escapeSnippet(mediaType));
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);

  if (operation.requestBody && mediaType) {
    const schema = operation.requestBody.content[mediaType]?.schema;
    lines.push('');
    lines.push(/json/i.test(mediaType) && schema !== undefined ? skeleton([schema as Record<string, unknown>], stops) : `$${stops.next++}`);
  }
  lines.push('$0');
  return lines.join('\n') + '\n';
}

/** The snippet as the text it inserts with every tab stop at its default. */
export function snippetToText(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (c === '$' && snippet[i + 1] === '{') {
      // ${n:default} or ${n|a,b|}: keep the default / first choice
      const match = /^\$\{(\d+)(?::|\|([^,|]*)[^}]*\|\})/.exec(snippet.slice(i));
      if (match && match[2] !== undefined) {
        out += match[2];
        i += match[0].length - 1;
      } else if (match) {
        i += match[0].length - 1;
        // the default runs to the matching unescaped `}`
        let depth = 1;
        let j = i + 1;
        let text = '';
        for (; j < snippet.length && depth > 0; j++) {
          const d = snippet[j];
          if (d === '\\' && j + 1 < snippet.length) {
            text += snippet[++j];
            continue;
          }
          // only `${` opens a nested placeholder; a lone `{` (as in `{{name\}\}`) is text
          if (d === '$' && snippet[j + 1] === '{') depth++;
          if (d === '}') depth--;
          if (depth > 0) text += d;
        }
        out += snippetToText(text);
        i = j - 1;
      } else out += c;
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else out += c;
  }
  return out;
}

/**
 * Where Open as Request writes an operation when no request file is open: one file per
 * operation under `requests/<registry>/` in the workspace folder, so the user finds it again
 * (and the same operation opened twice lands in the same file). Path segments are kept to
 * letters, digits, `-`, `_` and `.`.
 */
export function requestFilePath(registryId: string, operation: Pick<OperationInfo, 'id' | 'method' | 'path'>): string[] {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  const name = safe(operation.id) || safe(`${operation.method.toLowerCase()}-${operation.path}`) || 'request';
  return ['requests', safe(registryId) || 'registry', `${name}.http`];
}
