// "Show Documentation": an operation or a registry as Markdown, generated from the index and
// the catalog (plain code, no `vscode`), shown in the Markdown preview of a virtual document.
import type { RegistryEntry, RegistryEnvironment } from '../core/catalog/types';
import type { JsonSchema, OperationInfo } from '../core/openapi/types';

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function schemaType(schema: JsonSchema | undefined): string {
  if (!schema || typeof schema !== 'object') return '';
  const type = schema.type;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  if (Array.isArray(schema.enum)) return `enum: ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (type === 'array' && schema.items && typeof schema.items === 'object') return `array of ${schemaType(schema.items as JsonSchema) || 'items'}`;
  return `${Array.isArray(type) ? type.join(' | ') : typeof type === 'string' ? type : ''}${format}`;
}

export function operationMarkdown(operation: OperationInfo, registry: RegistryEntry, environment: RegistryEnvironment): string {
  const out: string[] = [];
  out.push(`# ${operation.method} \`${operation.path}\``);
  if (operation.deprecated) out.push('> **Deprecated.** The registry still answers it, but it may be removed; prefer its replacement.');
  if (operation.summary) out.push(`**${operation.summary}**`);
  if (operation.description) out.push(operation.description);
  out.push(`Registry **${registry.name}** (\`${registry.id}\`) · environment **${environment.name}** — \`${environment.baseUrl}${operation.path}\``);
  out.push(`Operation \`${operation.id}\`${operation.tags.length ? ` · tags: ${operation.tags.join(', ')}` : ''}`);
  if (operation.parameters.length) {
    out.push('## Parameters', '| name | in | required | type | description |', '|---|---|---|---|---|');
    for (const p of operation.parameters) {
      out.push(`| \`${cell(p.name)}\`${p.deprecated ? ' (deprecated)' : ''} | ${p.in} | ${p.required ? 'yes' : ''} | ${cell(schemaType(p.schema))} | ${cell(p.description)} |`);
    }
  }
  const headers = registry.mandatoryHeaders.filter((h) => !h.methods || h.methods.some((m) => m.toUpperCase() === operation.method));
  if (headers.length) {
    out.push('## Mandatory headers (registry rules)', '| header | value | why |', '|---|---|---|');
    for (const h of headers) out.push(`| \`${cell(h.name)}\` | \`${cell(h.value)}\` | ${cell(h.description)} |`);
  }
  if (operation.requestBody) {
    out.push(`## Request body${operation.requestBody.required ? ' (required)' : ''}`);
    if (operation.requestBody.description) out.push(operation.requestBody.description);
    for (const [type, media] of Object.entries(operation.requestBody.content)) {
      out.push(`- \`${type}\`${media.schema ? ` — ${schemaType(media.schema) || 'object'}${requiredList(media.schema)}` : ''}`);
    }
  }
  if (operation.responses.length) {
    out.push('## Responses', '| status | description | content |', '|---|---|---|');
    for (const r of operation.responses) out.push(`| ${r.status} | ${cell(r.description)} | ${Object.keys(r.content).map((t) => `\`${t}\``).join(', ')} |`);
  }
  out.push(`---\nSource: \`${operation.location.source}\`${operation.location.line ? ` line ${operation.location.line}` : ''}`);
  return out.join('\n\n') + '\n';
}

function requiredList(schema: JsonSchema): string {
  if (typeof schema !== 'object' || !Array.isArray(schema.required) || !schema.required.length) return '';
  return `; required: ${schema.required.map((name) => `\`${String(name)}\``).join(', ')}`;
}

export function registryMarkdown(registry: RegistryEntry): string {
  const out: string[] = [`# ${registry.name}`, `\`${registry.id}\` · ${registry.origin === 'workspace' ? 'from this workspace' : 'bundled'}`];
  if (registry.description) out.push(registry.description);
  out.push('## Environments', '| name | base URL | notes |', '|---|---|---|');
  for (const env of registry.environments) out.push(`| ${env.name}${env.name === registry.defaultEnvironment ? ' (default)' : ''} | \`${env.baseUrl}\` | ${cell([env.sandbox ? 'offline sandbox' : '', env.description].filter(Boolean).join(' — '))} |`);
  const auth = registry.auth;
  out.push('## Authentication');
  switch (auth.type) {
    case 'none':
      out.push('None.');
      break;
    case 'apiKey':
      out.push(`API key \`${auth.name}\` in the ${auth.in.replace(/-/g, ' ')}; store it with **Set Secret** as \`${auth.secret}\` and write \`{{${auth.secret}}}\`.`);
      break;
    case 'basic':
      out.push(`HTTP Basic as \`${auth.username}\`; password secret \`${auth.secret}\`.`);
      break;
    case 'zgw-jwt':
      out.push(`ZGW JWT, client id \`${auth.clientId}\`; secret \`${auth.secret}\`.`);
      break;
    case 'credentials':
      out.push(`Credentials (${auth.fields.join(', ')}), secret \`${auth.secret}\`${auth.minPasswordLength ? `; passwords of at least ${auth.minPasswordLength} characters` : ''}.`);
      break;
  }
  if (registry.mandatoryHeaders.length) {
    out.push('## Mandatory headers', ...registry.mandatoryHeaders.map((h) => `- \`${h.name}: ${h.value}\`${h.methods ? ` (${h.methods.join(', ')})` : ''}${h.description ? ` — ${h.description}` : ''}`));
  }
  if (registry.costs) out.push('## Costs', registry.costs.description);
  if (registry.tls) out.push('## TLS', registry.tls.note);
  if (registry.docs.length) out.push('## Documentation', ...registry.docs.map((doc) => `- [${doc.title}](${doc.url})`));
  return out.join('\n\n') + '\n';
}
