// Child processes the e2e suite, `npm start` and the bench start (sandbox, code-server). Each
// runs in its own process group, so stopping it also stops what it started (code-server's
// server and extension-host processes). Every process is registered, and everything still alive
// is killed when this process exits — also after a failure, a timeout or Ctrl+C.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';

const live = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

/**
 * Ctrl+C or a SIGTERM (a CI timeout) would end this process without its 'exit' handlers, leaving
 * code-server and the sandbox holding their ports. Suites and benches call this; `npm start` has
 * its own graceful shutdown instead.
 */
export function killChildrenOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping ${live.size} child process group(s)`);
      for (const child of live) killGroup(child, 'SIGKILL');
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

/**
 * Starts a long-running process. `ready` is a regular expression (or a function of the output so
 * far) that says it is up; the promise resolves with the match once it appears, and rejects when
 * the process exits first or `timeoutMs` passes.
 */
export function startProcess(name, command, args, { cwd, env = {}, ready, timeoutMs = 60_000, echo = false } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child);
  let output = '';
  const handle = {
    name,
    child,
    get output() {
      return output;
    },
    stop: () => stopProcess(handle),
  };
  const readyPromise = new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${timeoutMs} ms; its output:\n${output.slice(-3000)}`)), timeoutMs);
    const check = () => {
      const match = typeof ready === 'function' ? ready(output) : output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match);
      }
    };
    const onData = (chunk) => {
      output += chunk;
      if (echo) process.stderr.write(chunk);
      check();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not start: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready; its output:\n${output.slice(-3000)}`));
    });
  });
  handle.ready = readyPromise;
  return handle;
}

/** Stops a process group: SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
export function stopProcess(handle, graceMs = 5_000) {
  const { child } = handle;
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      live.delete(child);
      // The group may still hold grandchildren that ignored SIGTERM.
      killGroup(child, 'SIGKILL');
      resolvePromise();
    });
    killGroup(child, 'SIGTERM');
  });
}

export async function stopAll() {
  await Promise.all([...live].map((child) => stopProcess({ child })));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** True when something already accepts connections on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once('error', () => resolvePromise(false));
  });
}
