// Loads a command bundle (dist/commands/NAME.js) through a V8 code cache kept in the user's cache
// folder. Compiling dist/commands/run.js (2 MB) cost ~65 ms of every `regx run` (Node's wrapSafe
// in a CPU profile) and its module code compiled lazily on top; with the cache V8 deserialises
// the bytecode of everything the last run executed instead (~15 ms).
//
// Why not the v8-compile-cache(-lib) packages: they produce the cache right after compiling, so
// it holds only the top-level code and not the functions a run calls (the saving measured here
// was about half of a cache taken after the run); they load node:crypto to SHA-1 each module;
// they write their blob and map files in place (a second regx reading meanwhile gets a torn pair)
// and keep one blob for every module of a main script. Node 22's module.enableCompileCache()
// does this job but regx supports Node 20.
//
// The cache file is keyed (its name) by the bundle's path, Node's version and architecture and
// every V8 flag of the process: V8 rejects a cache made under other flags, and `regx run` sets
// flags (v8Flags.ts), which is why they are set before the bundle is compiled. The header holds
// the source's length and CRC-32 and the payload's: V8 checks the source only by its length and,
// in release builds, does not checksum a code cache at all, so a stale or damaged file is
// recognised here and never handed to V8. Written to a temporary name and renamed, so a reader
// sees a whole file or none; any failure (a read-only folder) only costs the cache.
import { isAscii } from 'node:buffer';
import Module, { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';
import { crc32 } from 'node:zlib';

const MAGIC = 0x52584331; // 'RXC1'
const HEADER_BYTES = 20;

/** Where the code caches live: $XDG_CACHE_HOME (or the platform's cache folder), else the temp folder. */
export function codeCacheDir(env: NodeJS.ProcessEnv): string {
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    const home = env.HOME || safeHomedir();
    if (process.platform === 'win32' && env.LOCALAPPDATA) base = env.LOCALAPPDATA;
    else if (home) base = process.platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
  }
  return base ? join(base, 'register-explorer', 'code-cache') : join(tmpdir(), `register-explorer-${process.getuid?.() ?? 'user'}`, 'code-cache');
}

function safeHomedir(): string | undefined {
  try {
    return homedir() || undefined;
  } catch {
    return undefined;
  }
}

export interface LoadedBundle {
  exports: unknown;
  /** 'accepted': compiled from the cache; 'written-later': none usable, `save()` will write one. */
  cache: 'accepted' | 'written-later' | 'off';
  /** Writes the cache if none was used; call once the command ran, so it holds what the run executed. */
  save(): void;
}

const loaded: LoadedBundle[] = [];

/** Writes the caches of the bundles this process loaded without one (see LoadedBundle.save). */
export function saveCodeCaches(): void {
  for (const bundle of loaded.splice(0)) bundle.save();
}

/**
 * require() for a CommonJS bundle, through the code cache in `cacheDir`. `flags` are the V8 flags
 * the caller set with v8.setFlagsFromString before calling (they are part of the key).
 */
export function loadBundle(file: string, cacheDir: string | undefined, flags: readonly string[] = []): LoadedBundle {
  const cached = require.cache[file];
  if (cached?.loaded) return { exports: cached.exports, cache: 'off', save: () => undefined };
  if (!cacheDir || typeof crc32 !== 'function') return { exports: require(file), cache: 'off', save: () => undefined };
  // The CRC of the bytes (of a string, zlib would first encode it again: 10 ms for 2 MB). The
  // bundles are ASCII (scripts/build.mjs), whose Latin-1 decoding is the UTF-8 one, done faster.
  const bytes = readFileSync(file);
  const sourceCrc = crc32(bytes);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const key = crc32([file, process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? '', flags.join(' ')].join('\n')) >>> 0;
  const cacheFile = join(cacheDir, `${basename(file, '.js')}-${key.toString(16).padStart(8, '0')}.cache`);
  const cachedData = readCache(cacheFile, source.length, sourceCrc);
  const script = new Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // The bundle's one import() (of an external, on a path the built CLI never takes) still works.
    importModuleDynamically: vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  } as ConstructorParameters<typeof Script>[1]);
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  const module = new Module(file, require.main);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  require.cache[file] = module;
  try {
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  let saved = accepted;
  const bundle: LoadedBundle = {
    exports: module.exports,
    cache: accepted ? 'accepted' : 'written-later',
    save: () => {
      if (saved) return;
      saved = true;
      writeCache(cacheFile, source.length, sourceCrc, script.createCachedData());
    },
  };
  if (!accepted) loaded.push(bundle);
  return bundle;
}

function readCache(cacheFile: string, sourceLength: number, sourceCrc: number): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (data.length < HEADER_BYTES || data.readUInt32LE(0) !== MAGIC) return undefined;
  if (data.readUInt32LE(4) !== sourceLength || data.readUInt32LE(8) !== sourceCrc) return undefined;
  const payload = data.subarray(HEADER_BYTES);
  if (payload.length !== data.readUInt32LE(12) || crc32(payload) !== data.readUInt32LE(16)) return undefined;
  return payload;
}

function writeCache(cacheFile: string, sourceLength: number, sourceCrc: number, payload: Buffer): void {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(sourceLength, 4);
  header.writeUInt32LE(sourceCrc, 8);
  header.writeUInt32LE(payload.length, 12);
  header.writeUInt32LE(crc32(payload), 16);
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(temporary, Buffer.concat([header, payload]));
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only or full cache folder: the next run compiles from source, as without a cache.
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}
