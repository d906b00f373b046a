// How a trusted CA file is written into `registerExplorer.tls.caFiles` or one registry's entry of
// `registerExplorer.tls.registries` (no `vscode` here, tested in plain Node): in the user's
// settings as the absolute path; in a workspace's settings, which a team shares, relative to the
// folder when the file is inside it (an absolute path from one machine means nothing on another).
import { isAbsolute, relative, sep } from 'node:path';

export type CaFileTarget = 'user' | 'workspace';

export function caFileEntry(file: string, target: CaFileTarget, folder: string | undefined): string {
  if (target === 'user' || !folder) return file;
  const inside = relative(folder, file);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return file;
  return inside.split(sep).join('/');
}

/** One registry's entry in `registerExplorer.tls.registries`, as far as Trust Certificate… touches it. */
export type TlsRegistrySetting = { caFiles?: string[] } & Record<string, unknown>;

/** The registry's entry with `file` among its CA files (once); whatever else it holds is kept. */
export function withCaFile(current: TlsRegistrySetting | undefined, file: string): TlsRegistrySetting {
  const caFiles = Array.isArray(current?.caFiles) ? current.caFiles : [];
  return { ...current, caFiles: caFiles.includes(file) ? caFiles : [...caFiles, file] };
}
