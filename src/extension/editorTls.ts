// The editor's TLS settings as the send session's TLS (no `vscode` here, so it runs in plain
// Node): `registerExplorer.tls.caFiles` for every request, `registerExplorer.tls.registries` by
// registry or registry/environment, `registerExplorer.tls.systemCertificates`, and the running
// sandbox's CA. Relative paths are relative to the workspace folder. The advice in a failed
// send's hint names the setting and the command that fix it.

import { isAbsolute, join } from 'node:path';
import type { SessionTls } from '../core/run/sessionTls';
import { defaultRoots } from '../core/tls/systemCertificates';
import { DEFAULT_PASSPHRASE_SECRET, profilesFromSetting, type ScopedTlsProfile } from '../core/tls/tlsProfiles';

export interface EditorTlsSettings {
  tlsCaFiles: string[];
  tlsRegistries: unknown;
  tlsSystemCertificates: boolean;
}

export interface EditorTlsInput {
  settings: EditorTlsSettings;
  /** The first workspace folder on disk, for relative paths. */
  folder: string | undefined;
  /** The running sandbox's CA (PEM text), when a request may go there. */
  sandboxCa?: string;
  env: Record<string, string | undefined>;
  /** A settings problem (a bad `tls.registries` entry): said once in the log, the rest still works. */
  warn(message: string): void;
}

export function editorTls(input: EditorTlsInput): SessionTls {
  const at = (file: string) => (isAbsolute(file) || !input.folder ? file : join(input.folder, file));
  const profiles: ScopedTlsProfile[] = [];
  if (input.settings.tlsCaFiles.length) profiles.push({ scope: '*', profile: { caFiles: input.settings.tlsCaFiles.map(at), source: "the setting 'registerExplorer.tls.caFiles'" } });
  const registries = profilesFromSetting(input.settings.tlsRegistries, (scope) => `the setting 'registerExplorer.tls.registries' › '${scope}'`, at);
  for (const problem of registries.problems) input.warn(`setting registerExplorer.tls.registries: ${problem}`);
  profiles.push(...registries.profiles);
  return {
    roots: defaultRoots({ system: input.settings.tlsSystemCertificates, env: input.env }),
    extraCa: input.sandboxCa ? [input.sandboxCa] : [],
    profiles,
    advice: {
      trust: (scope) =>
        scope === '*'
          ? "use Trust Certificate… to add the CA file (PEM) to the setting 'registerExplorer.tls.caFiles'."
          : `use Trust Certificate… and pick '${scope.split('/')[0]}' (the setting 'registerExplorer.tls.registries' › '${scope.split('/')[0]}' › caFiles), or 'every request' ('registerExplorer.tls.caFiles').`,
      clientCertificate: (scope) =>
        `Configure TLS…: set "clientCertificate": { "pfx": FILE } or { "cert": FILE, "key": FILE } under 'registerExplorer.tls.registries' › '${scope === '*' ? 'REGISTRY' : scope}'; a passphrase goes in Set Secret… as '${DEFAULT_PASSPHRASE_SECRET}'.`,
      secret: (name) => `run Set Secret… and store it as '${name}'`,
    },
  };
}
