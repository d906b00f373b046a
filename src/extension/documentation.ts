// "Show Documentation": an operation or a registry as Markdown, generated from the index and
// the catalog (plain code, no `vscode`), shown in the Markdown preview of a virtual document.
import type { RegistryEntry, RegistryEnvironment } from '../core/catalog/types';
import type { JsonSchema, OperationInfo } from '../core/openapi/types';

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A Markdown table as ONE block: the blocks of a page are joined with blank lines, and a blank
 * line between two rows ends the table, so the preview showed every row as a paragraph of `|`s.
 * Cells are given already escaped (cell()) or as code/emphasis the caller built.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
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
    out.push(
      '## Parameters',
      table(
        ['name', 'in', 'required', 'type', 'description'],
        operation.parameters.map((p) => [`\`${cell(p.name)}\`${p.deprecated ? ' (deprecated)' : ''}`, p.in, p.required ? 'yes' : '', cell(schemaType(p.schema)), cell(p.description)]),
      ),
    );
  }
  const headers = registry.mandatoryHeaders.filter((h) => !h.methods || h.methods.some((m) => m.toUpperCase() === operation.method));
  if (headers.length) {
    out.push('## Mandatory headers (registry rules)', table(['header', 'value', 'why'], headers.map((h) => [`\`${cell(h.name)}\``, `\`${cell(h.value)}\``, cell(h.description)])));
  }
  if (operation.requestBody) {
    out.push(`## Request body${operation.requestBody.required ? ' (required)' : ''}`);
    if (operation.requestBody.description) out.push(operation.requestBody.description);
    for (const [type, media] of Object.entries(operation.requestBody.content)) {
      out.push(`- \`${type}\`${media.schema ? ` — ${schemaType(media.schema) || 'object'}${requiredList(media.schema)}` : ''}`);
    }
  }
  if (operation.responses.length) {
    out.push('## Responses', table(['status', 'description', 'content'], operation.responses.map((r) => [r.status, cell(r.description), Object.keys(r.content).map((t) => `\`${t}\``).join(', ')])));
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
  out.push(
    '## Environments',
    table(
      ['name', 'base URL', 'notes'],
      registry.environments.map((env) => [`${cell(env.name)}${env.name === registry.defaultEnvironment ? ' (default)' : ''}`, `\`${env.baseUrl}\``, cell([env.sandbox ? 'offline sandbox' : '', env.description].filter(Boolean).join(' — '))]),
    ),
  );
  const auth = registry.auth;
  out.push('## Authentication');
  switch (auth.type) {
    case 'none':
      out.push('None.');
      break;
    case 'apiKey':
      out.push(`API key \`${auth.name}\` in the ${auth.in.replace(/-/g, ' ')}: write \`{{${auth.secret}}}\` and store the key with **Set Secret** as \`${auth.secret}\` (for \`regx\`: \`REGX_SECRET_${auth.secret}\`).`);
      break;
    case 'basic':
      out.push(`HTTP Basic as \`${auth.username}\`, password from the secret \`${auth.secret}\`.${auth.subAccounts ? ` A sub-account linked with \`${auth.subAccounts.method} ${auth.subAccounts.path}\` keeps its own password: set the user to it and its password is used.` : ''}`);
      break;
    case 'zgw-jwt':
      out.push(`ZGW JWT (HS256): client id \`${auth.clientId}\`, signed with the secret \`${auth.secret}\`.`);
      break;
    case 'token':
      out.push(`A Bearer token from \`${auth.request.method} ${auth.request.path}\`, asked once and reused until it expires; password from the secret \`${auth.secret}\`.${auth.headers ? ` Every call also carries ${Object.keys(auth.headers).map((h) => `\`${h}\``).join(', ')}.` : ''}`);
      break;
  }
  if (registry.variables.length) {
    out.push('## Variables', '| name | what | |', '|---|---|---|');
    for (const variable of registry.variables) {
      const what = variable.role === 'baseUrl' ? 'base URL of the selected environment' : variable.role === 'credential' ? `secret${variable.minLength ? ` (at least ${variable.minLength} characters)` : ''}` : 'setting';
      out.push(`| \`{{${variable.name}}}\` | ${what} | ${cell([variable.description ?? '', variable.aliases?.length ? `formerly ${variable.aliases.map((a) => `\`${a}\``).join(', ')}` : ''].filter(Boolean).join(' — '))} |`);
    }
  }
  if (registry.mandatoryHeaders.length) {
    out.push('## Mandatory headers', ...registry.mandatoryHeaders.map((h) => `- \`${h.name}: ${h.value}\`${h.methods ? ` (${h.methods.join(', ')})` : ''}${h.description ? ` — ${h.description}` : ''}`));
  }
  if (registry.costs) out.push('## Costs', registry.costs.description);
  if (registry.tls) out.push('## TLS', registry.tls.note);
  if (registry.docs.length) out.push('## Documentation', ...registry.docs.map((doc) => `- [${doc.title}](${doc.url})`));
  return out.join('\n\n') + '\n';
}
