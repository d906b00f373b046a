// A child process for the ETag store tests: writes N sightings of its own, printing each index
// once the store acknowledged it (the promise resolved).
import { EtagStore } from '../../../src/core/policies/etagStore';

const [stateDir, tag, count, compactAfter, urls] = process.argv.slice(2);
const store = new EtagStore(stateDir!, { compactAfterLines: Number(compactAfter ?? 2000) });
const scope = { registry: 'r', environment: 'sandbox' };
void (async () => {
  for (let i = 0; i < Number(count); i++) {
    await store.seen(scope, `http://127.0.0.1/${tag}/${urls ? i % Number(urls) : i}`, { etag: `W/"${i}"`, at: new Date().toISOString(), status: 200, by: { recordId: `${tag}-${i}`, method: 'GET' } });
    process.stdout.write(`${i}\n`);
  }
})();
