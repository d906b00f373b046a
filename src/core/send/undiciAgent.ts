// undici's Agent and its request API, without the rest of the package. `require('undici')` loads
// fetch, WebSocket, EventSource, cookies, the mock and cache layers too, and its cookies module
// touches `globalThis.Headers`, which makes Node load its own second copy of undici: 0.2 s of CPU
// in every `regx run` before the first request (node --cpu-prof; `node -e "require('undici')"`
// costs 0.34 s CPU against 0.19 s for these three modules). This is what undici's index.js does
// for these two: the same files, so the sandbox's full `import 'undici'` shares their classes.
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
Object.assign(Dispatcher.prototype, require('undici/lib/api') as object);

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export type Agent = Undici.Agent;
