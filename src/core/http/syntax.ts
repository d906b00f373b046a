// The vocabulary of request files, as data. Every client the files come from (REST Client,
// httpYac, JetBrains HTTP Client, Visual Studio, kulala.nvim, rest.nvim) shares this base;
// where one adds a form (httpYac `??` assertions, JetBrains `<>` response history, kulala
// `import`/`run`), the form is listed here rather than branched on in the parser.

/** Methods a request line may start with. Case-insensitive when the line is a request for sure. */
export const METHODS: ReadonlySet<string> = new Set([
  'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT',
  // WebDAV and friends
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT',
  'CHECKOUT', 'CHECKIN', 'MERGE', 'MKACTIVITY', 'MKWORKSPACE', 'VERSION-CONTROL', 'BASELINE-CONTROL',
  'PURGE', 'LINK', 'UNLINK', 'QUERY', 'MKCALENDAR', 'ACL',
  // protocols other clients send from the same files
  'GRAPHQL', 'GRPC', 'WEBSOCKET', 'WS', 'WSS', 'SSE', 'EVENTSOURCE', 'MQTT', 'MQTTS', 'AMQP', 'RPC',
]);

/** `###` with an optional title; any run of three or more `#` at the line start. */
export const SEPARATOR = /^\s*#{3,}(.*)$/s;

export const COMMENT = /^\s*(#|\/\/)/;

// The patterns below take the rest of a line greedily (`(.*)$`, dotAll so U+2028 inside a line
// is text) and the code trims the end: a lazy `(.*?)\s*$` backtracks quadratically on a long
// run of inner spaces.

/**
 * `# @name login`, `// @no-redirect`, JetBrains' `# @name=login`. The name allows dots and
 * dashes (`@no-cookie-jar`, `@env-json-key`).
 */
export const DIRECTIVE = /^(\s*(?:#|\/\/)\s*@)([A-Za-z_][\w.-]*)(?:(\s*=\s*|\s+)(.*))?$/s;

/** Plain-line directives read without a comment marker (kulala `import`, `run`; httpYac `proto`). */
export const KEYWORD_DIRECTIVE = /^(\s*)(import|run|proto)(\s+)(\S.*)$/s;

/** httpYac's `/* … *\/` comment; it may hold `###` lines that separate nothing. */
export const BLOCK_COMMENT = /^\s*\/\*/;

/**
 * `@host = example.org`; `:=` is accepted as httpYac writes it for evaluated values, and the
 * `:host = example.org` form of Emacs restclient files.
 */
export const VARIABLE = /^(\s*[@:])([^\s=:]+)(\s*:?=\s*)(.*)$/s;
/** `@name` with no `=`: a broken definition, never a request. */
export const MALFORMED_VARIABLE = /^\s*@[^\s=:]+(\s+\S.*)?$/s;

/** Request line: optional method word, then the target (its `HTTP/x` tail is cut off by `splitVersion`). */
export const REQUEST_LINE = /^(\s*)(?:([A-Za-z][A-Za-z-]*)(\s+))?(\S.*)$/s;

/** One `HTTP/1.1` word; kulala files repeat it, so it is cut off the end of a line repeatedly. */
export const HTTP_VERSION = /^HTTP\/[\d.]+$/;

/**
 * When a request line follows a request without `###` (httpYac style), its target must be one
 * word or start like a URL: `DELETE FROM t WHERE …` in an SQL body is text, `GET users` is not.
 */
export const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/|\{\{|localhost(?::\d+)?(?:[/?#]|$)|[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]|$)|[\w-]+:\d+(?:[/?#]|$))/i;

/**
 * The URL continued on the next lines: `  ?a=1` / `  &b=2` (REST Client) and indented path
 * pieces `    /api` (JetBrains), optionally ending in the HTTP version.
 */
export const QUERY_CONTINUATION = /^(\s*(?=[?&])|\s+(?=\/))([?&/]\S.*)$/s;

/**
 * JetBrains' other multi-line form: the request line ends in `?` (or a parameter) and each
 * indented line below it is one more query parameter (`    page={{page}}&`), optionally ending in
 * the HTTP version. One word, no `:` before its first `=` (so never a header), not a body opener.
 * The parser joins it only right under the request line and indented deeper than it.
 */
export const QUERY_PARAMETER_LINE = /^(\s+)((?![{["<](?!\{))[^\s:=#][^\s:=]*(?:=\S*)?)((?:\s+HTTP\/[\d.]+)*)\s*$/s;

/** RFC 9110 token characters for the name. */
export const HEADER = /^(\s*)([!#$%&'*+.^_`|~0-9A-Za-z-]+)(\s*:\s*)(.*)$/s;

/** `< ./a.json`, `<@ ./b.json`, `<@latin1 ./c.txt`. */
export const FILE_INCLUDE = /^(\s*<(?:(@)([\w-]+)?)?\s+)(\S.*)$/s;

/** Lines in the header section that show the author started the body without a blank line. */
export const BODY_START = /^\s*[{["]|^\s*<[^\s>@{]/;

export interface ScriptOpener {
  pattern: RegExp;
  /** Text that ends the block; searched from the opener on. */
  closer: string;
  /** Undefined: decided by where the block stands (before or after the request line). */
  kind?: 'pre-request' | 'response-handler';
}

/** Multi-line script blocks, each with the text that closes it. */
export const SCRIPT_OPENERS: readonly ScriptOpener[] = [
  { pattern: /^\s*<\s*\{%/, closer: '%}', kind: 'pre-request' },
  { pattern: /^\s*>\s*\{%/, closer: '%}', kind: 'response-handler' },
  // httpYac: `{{` alone opens a script ended by a `}}` line; `{{@response`, `{{+after` … say
  // when it runs, otherwise its place (before or after the request line) does.
  { pattern: /^\s*\{\{[@+](?:response|after|streaming)\b(?!.*\}\})/, closer: '}}', kind: 'response-handler' },
  { pattern: /^\s*\{\{(?:[@+][\w-]*)?(?!.*\}\})/, closer: '}}' },
];

export interface SingleLineScript {
  pattern: RegExp;
  kind: 'pre-request' | 'response-handler' | 'assertion' | 'response-history';
}

/** One-line script forms that need no closer. */
export const SINGLE_LINE_SCRIPTS: readonly SingleLineScript[] = [
  { pattern: /^\s*<>\s*\S/, kind: 'response-history' },
  // `>> ./out.json` / `>>! ./out.json`: save the response to a file (JetBrains, httpYac).
  { pattern: /^\s*>>!?\s*\S/, kind: 'response-handler' },
  { pattern: /^\s*\?\?/, kind: 'assertion' },
  { pattern: /^\s*>\s*[^\s{][^\s]*\s*$/, kind: 'response-handler' },
];

/** `< ./pre.js` before the request line is a JetBrains pre-request script file, never a request. */
export const PRE_REQUEST_FILE = /^\s*<\s+\S/;

/**
 * `HTTP/1.1 200 OK` in a body starts a response saved under its request (httpBook, httpYac);
 * it runs to the next separator, script or request line and is never sent.
 */
export const SAVED_RESPONSE = /^\s*HTTP\/\S+\s*[1-5]\d\d(?:\s|$)/;

export const MULTIPART = /^\s*multipart\//i;
/** The boundary parameter of a multipart Content-Type, quoted or not. */
export const BOUNDARY = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i;

/**
 * httpYac's `# @forceRegionDelimiter`: in that request only `###` separates, so request lines
 * in its body stay body.
 */
export const NO_IMPLICIT_SPLIT_DIRECTIVES: ReadonlySet<string> = new Set(['forceRegionDelimiter']);
