// The one send session (issue 15): what happens to a request between the adapter and the wire is
// decided here, once, for `regx run`, the editor and the flow runner alike — registry resolution
// (once per request), the variable scope (env files, secrets, the catalog's and the sandbox's
// values), the registry's policies around the send over the shared ConnectionPool, response
// validation, the history entry and its redaction, and the rule that a write a later request
// depends on is never sent again without consent. The adapters supply ports only: files,
// decisions (PolicyPorts.decide), notices, progress and what they show.

import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/loadCatalog';
import type { RegistryEntry } from '../catalog/types';
import { findEnvironment, findRegistry } from '../catalog/loadCatalog';
import { registryForRequest, type RegistryResolution } from '../catalog/registryForRequest';
import type { SandboxDetails } from '../catalog/catalogVariables';
import { credentialNames } from '../catalog/credentialNames';
import type { HttpFile, RequestBlock } from '../http/ast';
import { combineRules, Redactor, type RedactionRules } from '../history/redactor';
import { historyEntry } from '../history/historyEntry';
import type { HistoryEntry } from '../history/historyStore';
import type { OpenApiIndex, ValidationResult } from '../openapi/types';
import { validateRecord } from '../language/validateRecord';
import type { Offer, Policy, PolicyContext, PolicyPorts } from '../policies/types';
import { sendRequest, type SendOptions } from '../send/sendRequest';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { VariableValue } from '../variables/types';
import { requestVariables, deprecationNotice, type RequestVariables } from './requestVariables';
import { runHttpFile, type RunHost, type RunOptions } from './runHttpFile';
import type { RequestResult, RunResult } from './runTypes';
import { sandboxUrl, withRegistry } from './requestTarget';
import { runPolicies } from './sessionPolicies';
import { recordProblem } from '../problems/recordProblem';
import { SessionTlsResolver, type SendTls, type SessionTls } from './sessionTls';
import { isSafeMethod, writeDependencyRefusal } from './writeDependency';
import { projectRunCost, runTargets, spendLine, type ProjectedSpend } from './runCost';

export interface SessionPorts extends PolicyPorts {
  readFile(path: string): Promise<Uint8Array>;
  fileExists?(path: string): Promise<boolean>;
  /** A request about to go out, after resolution (the editor shows it pending). */
  sending?(request: PreparedRequest): void;
  /** Every finished exchange with its result and the run's secrets (the editor's response panel). */
  recorded?(record: ResponseRecord, result: RequestResult, secrets: readonly string[]): void;
  /** Something on the side went wrong (history not written, a description that did not load). */
  warn(message: string): void;
}

/** Where history entries go (HistoryStore.append); already redacted and cut. */
export interface HistorySink {
  append(entry: HistoryEntry): Promise<void>;
}

/** The environment's own variables, as the adapter read them (env files; the editor's settings layer merged in). */
export interface SessionVariables {
  environment: Map<string, VariableValue>;
  dotenv?: Map<string, VariableValue>;
  shared?: Map<string, VariableValue>;
  definedIn?: (name: string) => string[];
  /** Undefined where process variables may not be read (a restricted workspace). */
  processEnv?: Record<string, string | undefined>;
}

export interface SessionOptions {
  catalog: Catalog;
  /** The selected environment (`--env`, the editor's active one, the file's `# @env`). */
  environment?: string;
  variables: SessionVariables;
  /** Named secrets: CLI `REGX_SECRET_<NAME>`, editor SecretStorage. */
  secrets: Record<string, string>;
  /** A running sandbox: its origins and demo credentials fill the catalog's variables. */
  sandbox?: SandboxDetails;
  /** The user's extra credential names (`--redact`, `registerExplorer.history.redact`): headers, parameters and JSON fields. */
  redact?: readonly string[];
  /** How to send (proxy, pool, limits); the credential headers are the session's, and so is the trust when `tls` is given. */
  send: Omit<SendOptions, 'signal' | 'credentialHeaders' | 'tlsAdvice'>;
  /**
   * Trust and client certificates per registry and environment (settings, `--ca`/`--cert`/`--pfx`,
   * the catalog's CA files); without it every send uses `send.tls`.
   */
  tls?: SessionTls;
  /** `off` checks nothing, `warn` reports violations, `error` also fails the request. */
  validation: 'off' | 'warn' | 'error';
  /** An API description's index by absolute path or URL (one OpenApiCache per run or editor session). */
  loadIndex?(source: string): Promise<OpenApiIndex>;
  history?: HistorySink;
  /** The policies to choose from (default: core's `POLICIES`); each applies to the registries it says. */
  policies?: readonly Policy[];
  /**
   * Settings the policies read through `PolicyContext.variable` before the environment's
   * variables (`etagMode`: auto | ask | off, `budget`: a number) — see INTERFACES.md.
   */
  settings?: Record<string, string | undefined>;
  /** Folder for the policies' persisted state (ETag store, cost meter). */
  stateDir: string;
  /**
   * The confirm threshold of a run's projected cost in an environment that is not a sandbox and
   * sets no `costConfirmAbove` of its own (the editor's `registerExplorer.costs.warnAbove`).
   */
  costConfirmDefault?: number;
  ports: SessionPorts;
  /** Per offer kind, how the user accepts it when the answer was no (CLI: 'pass --with-dependencies'). */
  declineHints?: Partial<Record<Offer['kind'], string>>;
  /** Bare send, for tests; default `sendRequest`. */
  transport?(request: PreparedRequest, options: SendOptions): Promise<ResponseRecord>;
}

/** What a run needs besides the session: the file, which requests, and the adapter's run-only parts. */
export type SessionRunOptions = Pick<RunOptions, 'file' | 'filePath' | 'select' | 'signal' | 'onEvent' | 'exchanges' | 'scripts' | 'scriptsOff' | 'parallel'>;

/** Where a request came from, for registry resolution. */
export interface SendOrigin {
  file?: HttpFile;
  filePath?: string;
  block?: RequestBlock;
  /** The registry id the caller already knows (a flow step's source), used when no file says. */
  registry?: string;
}

const EMPTY_FILE: HttpFile = { directives: [], variables: [], requests: [], references: [], diagnostics: [], lineCount: 0, eol: '\n', bom: false };

export class SendSession {
  /** Credential names: HTTP's own (always, in Redactor), the registries' `auth`, the user's. */
  readonly rules: Required<{ [K in keyof RedactionRules]: string[] }>;
  /** Resolution per sent record, so validation does not resolve the registry a second time. */
  private readonly resolutions = new WeakMap<ResponseRecord, RegistryResolution | undefined>();
  /** The last resolution of each block (see `resolve`). */
  private readonly resolvedBlocks = new WeakMap<RequestBlock, { url: string; file?: HttpFile; filePath?: string; catalog: Catalog; resolution: RegistryResolution | undefined }>();
  private readonly indexes = new Map<string, Promise<OpenApiIndex | undefined>>();
  /** Credential values only the policies put in (a minted token, a header an auth policy added). */
  private readonly policySecrets = new Set<string>();
  private readonly secretValues: string[];
  /** The scope without a file, for the policies' secret() and variable(). */
  private baseScope: RequestVariables['scope'] | undefined;
  /** What the user agreed the current run may spend, per registry and environment (`id\nenv`). */
  private readonly agreedSpend = new Map<string, number>();
  /** The current run (PolicyContext.runId): a new one per `run()`; single sends share the session's. */
  private runId = randomUUID();
  private readonly tls: SessionTlsResolver | undefined;
  private lastRedactor: { key: string; redactor: Redactor } | undefined;
  /** The credential names alone (which header is one), for every send. */
  private namesOnly: Redactor | undefined;
  private lastContext: { registry: RegistryEntry | undefined; environment: string | undefined; runId: string | undefined; secrets: readonly string[]; context: PolicyContext } | undefined;
  private lastSendOptions: { tls: SendTls | undefined; signal: AbortSignal; base: SessionOptions['send']; options: SendOptions } | undefined;

  constructor(private readonly options: SessionOptions) {
    const registries = credentialNames(options.catalog.entries);
    const extra = options.redact ?? [];
    this.rules = combineRules(registries, { headers: extra, parameters: extra, fields: extra });
    this.secretValues = Object.values(options.secrets).filter(Boolean);
    this.tls =
      options.tls &&
      new SessionTlsResolver(options.tls, options.catalog, { readFile: (path) => options.ports.readFile(path), secret: (name) => this.secret(name) }, options.variables.environment, (message) => options.ports.warn(message));
  }

  /** A secret by name from the session's scope; a value handed out is redacted from then on. */
  private async secret(name: string): Promise<string | undefined> {
    const scope = (this.baseScope ??= this.variables(undefined).scope);
    const value = scope.secrets?.[name] ?? (scope.environment?.get(name)?.secret ? scope.environment.get(name)!.value : undefined);
    if (value) this.policySecrets.add(value);
    return value;
  }

  get environment(): string | undefined {
    return this.options.environment;
  }

  /** The variable scope of a file: core's one `requestVariables`, so every adapter resolves `{{kvkApiKey}}` alike. */
  variables(file: HttpFile | undefined, onDeprecated?: (oldName: string, newName: string) => void): RequestVariables {
    const { variables } = this.options;
    return requestVariables({
      catalog: this.options.catalog,
      environmentName: this.options.environment,
      fileRegistry: file?.directives.find((d) => d.name === 'registry')?.value,
      environment: variables.environment,
      dotenv: variables.dotenv,
      shared: variables.shared,
      definedIn: variables.definedIn,
      secrets: this.options.secrets,
      sandbox: this.options.sandbox,
      processEnv: variables.processEnv,
      onDeprecated,
    });
  }

  /** A redactor over `secrets`, the secrets the policies used and the session's credential names. */
  redactor(secrets: readonly string[] = []): Redactor {
    const values = [...new Set([...this.secretValues, ...secrets, ...this.policySecrets])].sort();
    // The secrets change seldom during a run and a Redactor compiles its patterns: reuse the last
    // one. Keyed by the set, not the order it was listed in: a run's history lines and its report
    // then share one Redactor, and with it the redacted copy of each record (Redactor.record).
    const key = values.join('\u0000');
    if (this.lastRedactor?.key !== key) this.lastRedactor = { key, redactor: new Redactor(values, this.rules) };
    return this.lastRedactor.redactor;
  }

  /** Credential values the policies put on requests so far (minted tokens, keys the user did not write). */
  policySecretValues(): string[] {
    return [...this.policySecrets];
  }

  /** The registry (and environment, and API description) a request talks to; resolved once per send. */
  resolve(request: PreparedRequest, origin: SendOrigin = {}): RegistryResolution | undefined {
    const { catalog, environment } = this.options;
    // A run resolves each request twice, for the cost projection and for the send, mostly to the
    // same URL: the answer depends only on the block, its file, the URL and the session.
    const block = origin.block;
    const known = block && !origin.registry ? this.resolvedBlocks.get(block) : undefined;
    if (known && known.url === request.url && known.file === origin.file && known.filePath === origin.filePath && known.catalog === catalog) return known.resolution;
    const resolved = registryForRequest(catalog, origin.file ?? EMPTY_FILE, origin.block, environment, { filePath: origin.filePath, url: request.url });
    if (block && !origin.registry) this.resolvedBlocks.set(block, { url: request.url, file: origin.file, filePath: origin.filePath, catalog, resolution: resolved });
    if (resolved?.entry || !origin.registry) return resolved;
    const entry = findRegistry(catalog, origin.registry);
    if (!entry) return resolved;
    const env = findEnvironment(entry, environment);
    return { entry, environment: env, openapi: env?.openapi, via: 'directive', problems: [] };
  }

  /**
   * One request: resolved, moved to where the sandbox really listens, tagged with its registry,
   * through its registry's policies and out over the pool. Never throws for a failed send: the
   * failure is on the record.
   */
  async send(request: PreparedRequest, signal: AbortSignal, origin: SendOrigin = {}): Promise<ResponseRecord> {
    const resolution = this.resolve(request, origin);
    const target = withRegistry(sandboxUrl(request, resolution, this.options.sandbox), resolution, this.options.environment);
    this.options.ports.sending?.(target);
    const context = this.policyContext(resolution, target.secrets);
    const record = await runPolicies(this.options.policies, target, context, signal);
    // An error answer read once, here, for every adapter: its fields placed in the body as sent.
    const problem = recordProblem(record, target.body, resolution?.entry?.problems);
    if (problem) record.problem = problem;
    this.rememberCredentials(record, target);
    // Read by validate() only.
    if (this.options.validation !== 'off') this.resolutions.set(record, resolution);
    return record;
  }

  /**
   * Checks a response against the documented response of the operation it matched, with the
   * resolution of its send. Undefined when there is nothing to check against (no description,
   * validation off, a description that did not load — said once through `warn`).
   */
  async validate(record: ResponseRecord, signal: AbortSignal): Promise<ValidationResult | undefined> {
    if (this.options.validation === 'off' || !record.response || !this.options.loadIndex) return undefined;
    const resolution = this.resolutions.get(record);
    if (!resolution?.openapi) return undefined;
    const index = await unlessAborted(this.index(resolution.openapi), signal);
    if (!index) return undefined;
    // The path alone picks the operation, and a query may hold an API key.
    const checked = Object.assign({}, record, { request: Object.assign({}, record.request, { url: withoutQuery(record.request.url) }) });
    return validateRecord(checked, index, { baseUrl: resolution.environment?.baseUrl }).validation;
  }

  /** The history entries of one exchange: a record a policy replaced first, then the record with its assertions. */
  historyEntries(record: ResponseRecord, secrets: readonly string[], assertions: RequestResult['assertions'] = []): HistoryEntry[] {
    const redactor = this.redactor(secrets);
    const chain: ResponseRecord[] = [];
    for (let previous = record.previous; previous; previous = previous.previous) chain.unshift(previous);
    const strip = (r: ResponseRecord): ResponseRecord => {
      // Most records never had a policy put a previous one on them: nothing to leave out.
      if (!('previous' in r)) return r;
      const { previous: _previous, ...rest } = r;
      return rest;
    };
    return [...chain.map((r) => historyEntry(strip(r), redactor)), historyEntry(strip(record), redactor, assertions)];
  }

  /** Runs (some of) the requests of a file through this session. */
  async run(input: SessionRunOptions): Promise<RunResult> {
    const deprecated: string[] = [];
    const variables = this.variables(input.file, (oldName, newName) => {
      const message = deprecationNotice(oldName, newName);
      deprecated.push(message);
      input.onEvent?.({ type: 'notice', message });
    });
    const { ports } = this.options;
    const costNotices = await this.confirmRunCost(input, variables.scope);
    if (costNotices.refused) {
      return { file: input.filePath, environment: this.options.environment, results: [], passed: false, secrets: [], durationMs: 0, notices: [...deprecated, ...costNotices.lines, costNotices.refused] };
    }
    const host: RunHost = {
      readFile: (path) => ports.readFile(path),
      fileExists: ports.fileExists && ((path) => ports.fileExists!(path)),
      send: (request, signal) => {
        const index = request.source?.requestIndex;
        const block = index === undefined ? undefined : input.file.requests[index]?.index === index ? input.file.requests[index] : input.file.requests.find((candidate) => candidate.index === index);
        return this.send(request, signal, { file: input.file, filePath: input.filePath, block });
      },
      validate: this.options.validation === 'off' ? undefined : (record, _request, signal) => this.validate(record, signal),
      beforeDependency: (block, signal) => this.dependencyAllowed(block, signal),
      recorded: (record, result, secrets) => {
        const all = [...secrets, ...this.policySecrets];
        this.writeHistory(record, all, result.assertions);
        ports.recorded?.(record, result, all);
      },
    };
    const result = await runHttpFile(
      {
        ...input,
        environment: this.options.environment,
        scope: variables.scope,
        knownSecrets: variables.knownSecrets,
        validation: this.options.validation === 'error' ? 'error' : 'warn',
        redaction: this.rules,
      },
      host,
    );
    for (const message of [...costNotices.lines, ...deprecated]) if (!result.notices.includes(message)) result.notices.push(message);
    return { ...result, secrets: [...new Set([...result.secrets, ...this.policySecrets])] };
  }

  /**
   * Before the first send: what the run may cost per registry and environment, said once (a
   * notice), checked against the budget (said when it will stop the run part-way) and asked once
   * when it passes an environment's confirm threshold (`costConfirmAbove`, else
   * `costConfirmDefault` outside a sandbox). Declined, nothing is sent.
   */
  async projectRun(input: Pick<SessionRunOptions, 'file' | 'filePath' | 'select' | 'exchanges'>, scope: RequestVariables['scope'] = this.variables(input.file).scope): Promise<ProjectedSpend[]> {
    const origin = { file: input.file, filePath: input.filePath };
    return projectRunCost({
      file: input.file,
      filePath: input.filePath,
      blocks: runTargets(input.file, input.select, input.exchanges),
      scope,
      resolve: (request, block) => this.resolve(Object.assign({}, request, { headers: [], followRedirects: true, secrets: [] }), Object.assign({}, origin, { block })),
      environment: this.options.environment,
      stateDir: this.options.stateDir,
    });
  }

  private async confirmRunCost(input: SessionRunOptions, scope: RequestVariables['scope']): Promise<{ lines: string[]; refused?: string }> {
    this.agreedSpend.clear();
    this.runId = randomUUID();
    const spends = await this.projectRun(input, scope);
    if (spends.length === 0) return { lines: [] };
    const redactor = this.redactor();
    const lines = spends.map((spend) => redactor.text(`projected cost: ${spendLine(spend)}`));
    for (const line of lines) this.options.ports.notice(line);
    const setting = (name: string): number | undefined => {
      const value = this.options.settings?.[name] ?? scope.environment?.get(name)?.value;
      const n = value === undefined || value.trim() === '' ? NaN : Number(value);
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    };
    const budget = setting('budget');
    if (budget !== undefined) {
      for (const spend of spends.filter((s) => s.amount > budget)) {
        lines.push(`${spend.registry} (${spend.environment}): the budget of ${budget} ${spend.unit} stops this run before the call that would pass it`);
        this.options.ports.notice(lines[lines.length - 1]!);
      }
    }
    const threshold = (spend: ProjectedSpend) => setting('costConfirmAbove') ?? (spend.sandbox ? undefined : this.options.costConfirmDefault);
    const over = spends.filter((spend) => {
      const limit = threshold(spend);
      return limit !== undefined && spend.amount > limit;
    });
    if (over.length) {
      const offer: Offer = {
        kind: 'spend-run',
        lines: spends.map((s) => spendLine(s)),
        spends: spends.map((s) => ({ registry: s.registry, environment: s.environment, amount: s.amount, unit: s.unit, ...(threshold(s) !== undefined ? { limit: threshold(s)! } : {}) })),
      };
      const signal = input.signal ?? new AbortController().signal;
      if (!(await this.options.ports.decide(offer, signal))) {
        const hint = this.options.declineHints?.['spend-run'];
        const refused = `not started: ${over.map((s) => `${s.amount} ${s.unit} at ${s.registry} (${s.environment}) is over the confirm threshold of ${threshold(s)}`).join('; ')}, and it was declined${hint ? ` — ${hint}` : ''}`;
        this.options.ports.notice(refused);
        return { lines, refused };
      }
    }
    // Agreed (or under every threshold): the costs policy does not ask again up to these amounts.
    for (const spend of spends) this.agreedSpend.set(`${spend.registryId}\n${spend.environment}`, spend.amount);
    return { lines };
  }

  /** No silent writes: a request that runs only because a later one needs it goes out again only when it is safe, or the user says so. */
  private async dependencyAllowed(block: RequestBlock, signal: AbortSignal): Promise<string | undefined> {
    const method = block.requestLine?.method.toUpperCase() ?? 'GET';
    if (isSafeMethod(method)) return undefined;
    const name = block.name ?? `request ${block.index + 1}`;
    const offer: Offer = { kind: 'resend-write-dependency', name, method, url: block.requestLine?.url ?? '' };
    if (await this.options.ports.decide(offer, signal)) return undefined;
    return writeDependencyRefusal(offer, this.options.declineHints?.['resend-write-dependency']);
  }

  /** Writes the history entries of one exchange (group commit: not awaited; a failure is a warning). */
  writeHistory(record: ResponseRecord, secrets: readonly string[], assertions: RequestResult['assertions']): void {
    const history = this.options.history;
    if (!history) return;
    for (const entry of this.historyEntries(record, secrets, assertions)) {
      // Group commit: not awaited, so the next send does not wait for the disk.
      history.append(entry).catch((error: unknown) => this.options.ports.warn(`history not written: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  private policyContext(resolution: RegistryResolution | undefined, secrets: readonly string[]): PolicyContext {
    // The context of the send before, when it would come out the same: six closures and two
    // objects a request otherwise, in a run whose requests mostly share a registry.
    const registry = resolution?.entry;
    const environment = resolution?.environment?.name ?? this.options.environment;
    const last = this.lastContext;
    if (last && last.registry === registry && last.environment === environment && last.runId === this.runId && sameList(last.secrets, secrets)) return last.context;
    const context = this.newPolicyContext(registry, environment, secrets);
    this.lastContext = { registry, environment, runId: this.runId, secrets, context };
    return context;
  }

  private newPolicyContext(registry: RegistryEntry | undefined, environment: string | undefined, secrets: readonly string[]): PolicyContext {
    const { ports } = this.options;
    const scope = (this.baseScope ??= this.variables(undefined).scope);
    return {
      registry,
      environment,
      secret: (name) => this.secret(name),
      variable: (name) => this.options.settings?.[name] ?? scope.environment?.get(name)?.value,
      send: (request, signal) => this.bareSend(request, signal),
      ports: {
        decide: async (offer, signal) => {
          const accepted = await ports.decide(offer, signal);
          // Declined where nobody was asked (the CLI): say what was not done and which flag does it.
          const hint = this.options.declineHints?.[offer.kind];
          if (!accepted && hint) ports.notice(this.redactor(secrets).text(`${offerSummary(offer)}: not done — ${hint}`));
          return accepted;
        },
        // A policy's line passes the redactor: a notice never carries a secret.
        notice: (message) => ports.notice(this.redactor(secrets).text(message)),
      },
      stateDir: this.options.stateDir,
      approvedSpend: (registry, environment) => this.agreedSpend.get(`${registry}\n${environment}`) ?? 0,
      runId: this.runId,
    };
  }

  /**
   * Rejects with a `certificate-file` RegxError when the request's CA or client certificate files
   * cannot be used (the record then says so). Not an async function: when the trust is the one
   * the last send had, the send starts without a promise and an await of its own.
   */
  private bareSend(request: PreparedRequest, signal: AbortSignal): Promise<ResponseRecord> {
    if (!this.tls) return this.sendWith(request, signal, undefined);
    // Plain HTTP needs no secure context (a redirect to https builds one in the connector).
    const secure = !/^http:/i.test(request.url);
    const known = this.tls.known(request.registry, secure);
    if (known) return this.sendWith(request, signal, known);
    return this.tls.forRequest(request.registry, secure).then((tls) => this.sendWith(request, signal, tls));
  }

  private sendWith(request: PreparedRequest, signal: AbortSignal, tls: SendTls | undefined): Promise<ResponseRecord> {
    const transport = this.options.transport ?? sendRequest;
    // A run's sends share their options: built once per TLS profile and signal, not per send.
    const last = this.lastSendOptions;
    if (last && last.tls === tls && last.signal === signal && last.base === this.options.send) return transport(request, last.options);
    const options: SendOptions = Object.assign({}, this.options.send, tls && { tls: tls.trust, tlsAdvice: tls.advice }, { signal, credentialHeaders: this.rules.headers });
    this.lastSendOptions = { tls, signal, base: this.options.send, options };
    return transport(request, options);
  }

  /**
   * Credential values a policy put on the request (a minted JWT, a token, an API key the user
   * did not write) are secrets of the run too: a server may echo them.
   */
  private rememberCredentials(record: ResponseRecord, asPrepared: PreparedRequest): void {
    // Nothing added: the record carries the very header list that was prepared.
    if (!record.previous && record.request.headers === asPrepared.headers) return;
    const before = new Set(asPrepared.headers.map(([name, value]) => `${name.toLowerCase()}\n${value}`));
    const redactor = (this.namesOnly ??= new Redactor([], this.rules));
    for (let r: ResponseRecord | undefined = record; r; r = r.previous) {
      for (const [name, value] of r.request.headers) {
        if (before.has(`${name.toLowerCase()}\n${value}`) || !redactor.isCredentialHeader(name)) continue;
        this.policySecrets.add(value);
        const credential = /^\S+\s+(\S{6,})$/.exec(value)?.[1];
        if (credential) this.policySecrets.add(credential);
      }
    }
  }

  private index(source: string): Promise<OpenApiIndex | undefined> {
    let load = this.indexes.get(source);
    if (!load) {
      // Per source, one load per session, failed ones included: a broken document is reported once.
      load = this.options.loadIndex!(source).catch((error: unknown) => {
        this.options.ports.warn(`responses not validated: the API description ${source} did not load (${error instanceof Error ? error.message : String(error)})`);
        return undefined;
      });
      this.indexes.set(source, load);
    }
    return load;
  }
}

/** One line for an offer that was declined. */
function offerSummary(offer: Offer): string {
  switch (offer.kind) {
    case 'resend-with-etag':
      return `${offer.url} answered 412 Precondition Failed; its current ETag is ${offer.etag}${offer.changes.length ? ` (changed in between: ${offer.changes.join('; ')})` : ''}`;
    case 'confirm-duplicates':
      return `${offer.url} answered 409 with ${offer.candidates.length} possible duplicate(s)`;
    case 'use-stored-etag':
      return `${offer.method} ${offer.url} went without If-Match; the ETag store has ${offer.etag} (seen by ${offer.seen})`;
    case 'follow-location':
      return `the result will be at ${offer.location} (202 Accepted)`;
    case 'resend-write-dependency':
      return `request '${offer.name}' (${offer.method}) would be sent again`;
    case 'spend':
      return `${offer.projected} ${offer.unit} at ${offer.registry} (${offer.environment}) would pass the limit of ${offer.limit}`;
    case 'spend-run':
      return offer.lines.join('; ');
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/** The shared load goes on for the others; an interrupted request just stops waiting for it. */
function unlessAborted<T>(work: Promise<T | undefined>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
