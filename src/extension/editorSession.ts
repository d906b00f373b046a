// The editor's side of the send session, without `vscode`, so it runs in plain Node (the parity
// test runs a file through it and through `regx run` and compares what they leave behind): the
// editor's settings and sandbox become session options, its history, panel, notices and
// prompts become ports. sendController.ts only gathers the inputs and shows the results.
import { access, readFile } from 'node:fs/promises';
import type { Catalog } from '../core/catalog/loadCatalog';
import type { OpenApiIndex } from '../core/openapi/types';
import type { PolicyPorts } from '../core/policies/types';
import { SendSession, type HistorySink, type SessionPorts, type SessionVariables } from '../core/run/session';
import type { ConnectionPool } from '../core/send/connectionPool';
import type { SessionTls } from '../core/run/sessionTls';
import type { SandboxInfo } from './sandboxInfo';

/** The settings a send reads (a subset of `Settings`, so tests need not build the rest). */
export interface EditorSendSettings {
  timeoutMs: number;
  deadlineMs: number;
  maxBodyBytes: number;
  historyRedact: string[];
  etagMode: string;
  /** `registerExplorer.costs.warnAbove`: a run projected to cost more outside a sandbox asks first. */
  costsWarnAbove?: number;
}

export interface EditorSessionInput {
  catalog: Catalog;
  environment: string;
  variables: SessionVariables;
  secrets: Record<string, string>;
  sandbox?: SandboxInfo;
  settings: EditorSendSettings;
  /** Trust and client certificates per registry (`registerExplorer.tls.*`, the sandbox CA): see `editorTls`. */
  tls: SessionTls;
  pool?: ConnectionPool;
  loadIndex?(source: string): Promise<OpenApiIndex>;
  history?: HistorySink;
  stateDir: string;
  ports: PolicyPorts & Pick<SessionPorts, 'warn' | 'sending' | 'recorded'>;
}

export function editorSession(input: EditorSessionInput): SendSession {
  const { settings } = input;
  return new SendSession({
    catalog: input.catalog,
    environment: input.environment,
    variables: input.variables,
    secrets: input.secrets,
    sandbox: input.sandbox,
    redact: settings.historyRedact,
    tls: input.tls,
    send: {
      pool: input.pool,
      defaultTimeoutMs: settings.timeoutMs || undefined,
      defaultTimeoutSource: "the setting 'registerExplorer.timeoutMs'",
      deadlineMs: settings.deadlineMs,
      deadlineSource: "the setting 'registerExplorer.deadlineMs'",
      maxBodyBytes: settings.maxBodyBytes,
      maxBodySource: "the setting 'registerExplorer.maxBodyBytes'",
    },
    // The editor shows a violation beside the response; it never fails the send for it.
    validation: 'warn',
    loadIndex: input.loadIndex,
    history: input.history,
    settings: { etagMode: settings.etagMode },
    costConfirmDefault: settings.costsWarnAbove,
    stateDir: input.stateDir,
    ports: {
      ...input.ports,
      readFile: async (path) => new Uint8Array(await readFile(path)),
      fileExists: (path) => access(path).then(() => true, () => false),
    },
  });
}
