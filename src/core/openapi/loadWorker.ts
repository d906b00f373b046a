// The entry of the worker thread that loads one big API description (dist/openapiWorker.js; see
// workerLoader.ts). It parses and indexes the description with the same loader as in-process,
// sends the index's summary (operations in batches), then stays to answer requests for an
// operation's parameters, body and responses, or a named schema, each resolved on demand.
import { readFile } from 'node:fs/promises';
import { parentPort, threadId, type MessagePort } from 'node:worker_threads';
import { loadOpenApiWithSources } from './loadOpenApi';
import { OpenApiError } from './OpenApiError';
import type { OpenApiIndex, OperationInfo } from './types';
import { GraphEncoder, type DetailAnswer, type DetailRequest, type LoadRequest, type OperationSummary, type WorkerMessage } from './workerProtocol';

const BATCH = 2000;

function post(message: WorkerMessage): void {
  parentPort!.postMessage(message);
}

function errorOf(error: unknown): Extract<WorkerMessage, { kind: 'failed' }>['error'] {
  if (error instanceof OpenApiError) {
    return { message: error.message, kind: error.kind, source: error.source, line: error.line, column: error.column, pointer: error.pointer };
  }
  return { message: (error as Error)?.message ?? String(error), kind: 'read', source: '' };
}

function summary(op: OperationInfo): OperationSummary {
  return {
    id: op.id,
    method: op.method,
    path: op.path,
    summary: op.summary,
    description: op.description,
    tags: op.tags,
    deprecated: op.deprecated,
    location: op.location,
    // an own property without reading it: reading would resolve the operation
    hasBody: Object.prototype.hasOwnProperty.call(op, 'requestBody'),
  };
}

function serve(index: OpenApiIndex, port: MessagePort, flag: Int32Array): void {
  const encoder = new GraphEncoder();
  port.on('message', (request: DetailRequest) => {
    let answer: DetailAnswer;
    try {
      if (request.kind === 'operation') {
        const op = index.operations[request.index]!;
        const details = { parameters: op.parameters, responses: op.responses, ...(op.requestBody ? { requestBody: op.requestBody } : {}) };
        answer = { ok: true, value: encoder.encode(details) };
      } else {
        answer = { ok: true, value: encoder.encode(index.schemas[request.name]) };
      }
    } catch (error) {
      const e = errorOf(error);
      answer = { ok: false, error: { message: e.message, kind: e.kind, source: e.source, pointer: e.pointer } };
    }
    port.postMessage(answer);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}

parentPort?.once('message', async (request: LoadRequest) => {
  try {
    const { index, sources } = await loadOpenApiWithSources(request.source, {
      readFile: (path) => (path === request.source ? Promise.resolve(request.bytes) : readFile(path)),
    });
    post({
      kind: 'header',
      threadId,
      source: index.source,
      specVersion: index.specVersion,
      title: index.title,
      version: index.version,
      description: index.description,
      servers: index.servers,
      tags: index.tags,
      schemaNames: Object.keys(index.schemas),
      sources,
    });
    for (let i = 0; i < index.operations.length; i += BATCH) post({ kind: 'operations', operations: index.operations.slice(i, i + BATCH).map(summary) });
    serve(index, request.port, new Int32Array(request.flag));
    post({ kind: 'loaded' });
  } catch (error) {
    post({ kind: 'failed', error: errorOf(error) });
  }
});
