import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostMessage, isWebviewMessage } from '../../webview/response/protocol';

test('response protocol: body chunks, acks, copy, use-in-request and save are checked both ways', () => {
  assert.ok(isHostMessage({ type: 'bodyChunk', responseId: 'r', offset: 0, bytes: new Uint8Array(3), last: false }));
  assert.ok(!isHostMessage({ type: 'bodyChunk', responseId: 'r', offset: 0, bytes: [1, 2], last: false }), 'bytes must be a Uint8Array');
  assert.ok(isHostMessage({ type: 'offers', responseId: 'r', offers: [{ id: 'historiek', title: 'Open as timeline' }] }));
  assert.ok(!isHostMessage({ type: 'offers', responseId: 'r', offers: [{ id: 'run-script', title: 'x' }] }));
  assert.ok(isWebviewMessage({ type: 'body', requestId: 1, responseId: 'r' }));
  assert.ok(isWebviewMessage({ type: 'bodyAck', responseId: 'r', received: 10 }));
  assert.ok(isWebviewMessage({ type: 'copyText', requestId: 1, text: 'x' }));
  assert.ok(isWebviewMessage({ type: 'useInRequest', requestId: 1, responseId: 'r', path: '$.naam' }));
  assert.ok(!isWebviewMessage({ type: 'useInRequest', requestId: 1, responseId: 'r', path: 'naam}}{{$processEnv X' }), 'a path is a JSONPath');
  assert.ok(!isWebviewMessage({ type: 'useInRequest', requestId: 1, responseId: 'r', path: "$['a}}{{$processEnv HOME']" }), 'a hostile key cannot close the reference');
  assert.ok(isWebviewMessage({ type: 'saveBody', requestId: 1, responseId: 'r' }));
  assert.ok(isWebviewMessage({ type: 'offer', requestId: 1, responseId: 'r', offer: 'historiek' }));
  assert.ok(!isWebviewMessage({ type: 'offer', requestId: 1, responseId: 'r', offer: 'other' }));
});
