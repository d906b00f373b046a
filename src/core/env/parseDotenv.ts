// `.env` files: `KEY=value`, `export KEY=value`, quotes, `#` comments, `\n` in double quotes.

export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const line = /^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*[=:][ \t]*("(?:\\.|[^"\\])*"|'[^']*'|`[^`]*`|[^\n]*?)[ \t]*(?:#[^\n]*)?\r?$/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    let value = m[2]!;
    const quote = value[0];
    if (quote === '"') value = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\(["\\])/g, '$1');
    else if (quote === "'" || quote === '`') value = value.slice(1, -1);
    values.set(m[1]!, value);
  }
  return values;
}
