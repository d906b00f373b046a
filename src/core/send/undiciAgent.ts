// undici's Agent, without the rest of the package. `require('undici')` loads fetch, WebSocket,
// EventSource, cookies, the mock and cache layers too, and its cookies module touches
// `globalThis.Headers`, which makes Node load its own second copy of undici: 0.2 s of CPU in
// every `regx run` before the first request (node --cpu-prof; `node -e "require('undici')"`
// costs 0.34 s CPU against 0.19 s for these modules). Sends go through `dispatch()` with a
// handler of ours (responseExchange.ts), so undici's request API (lib/api: request, stream,
// pipeline, the body Readable) is not loaded either. These are the same files undici's index.js
// loads, so a full `import 'undici'` elsewhere in the process shares their classes.
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export type Agent = Undici.Agent;
