import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { FramedMessageWriter } from '../../server/src/messageWriter';
import { RawJson } from '../../server/src/rawJson';

/** A stream that keeps each write as it came. */
function sink(fail?: (chunk: Buffer) => Error | undefined) {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(Buffer.from(chunk));
      callback(fail?.(chunk));
    },
  });
  return { stream, writes };
}

test('each message is one write of its header and body, in the order of the calls', async () => {
  const { stream, writes } = sink();
  const writer = new FramedMessageWriter(stream);
  const messages = [
    { jsonrpc: '2.0', id: 1, result: RawJson.array(['{"a":"ünï"}']) },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a', diagnostics: [] } },
    { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'no — such method' } },
  ];
  await Promise.all(messages.map((message) => writer.write(message as never)));
  assert.equal(writes.length, messages.length);
  const expected = [{ jsonrpc: '2.0', id: 1, result: [{ a: 'ünï' }] }, messages[1], messages[2]];
  writes.forEach((bytes, i) => {
    const split = bytes.indexOf('\r\n\r\n');
    const body = bytes.subarray(split + 4);
    assert.equal(bytes.subarray(0, split).toString('latin1'), `Content-Length: ${body.length}`);
    assert.deepEqual(JSON.parse(body.toString('utf8')), expected[i]);
  });
});

test('a failed write rejects and is reported with the message and a count', async () => {
  const { stream } = sink(() => new Error('EPIPE'));
  stream.on('error', () => undefined); // the stream's own error event, reported too
  const writer = new FramedMessageWriter(stream);
  const reported: [string, unknown, number | undefined][] = [];
  writer.onError(([error, message, count]) => reported.push([error.message, message, count]));
  const message = { jsonrpc: '2.0', method: 'exit' };
  await assert.rejects(writer.write(message as never), /EPIPE/);
  assert.ok(
    reported.some(([text, m, count]) => text === 'EPIPE' && m === message && count === 1),
    JSON.stringify(reported),
  );
  const second = { jsonrpc: '2.0', method: 'again' };
  await assert.rejects(writer.write(second as never));
  assert.ok(
    reported.some(([, m, count]) => m === second && count === 2),
    JSON.stringify(reported),
  );
});

test('the stream closing is reported', async () => {
  const { stream } = sink();
  const writer = new FramedMessageWriter(stream);
  let closed = 0;
  writer.onClose(() => closed++);
  stream.destroy();
  await new Promise((resolve) => stream.once('close', resolve));
  assert.equal(closed, 1);
});

test('a message that cannot be written as JSON rejects without writing anything', async () => {
  const { stream, writes } = sink();
  const writer = new FramedMessageWriter(stream);
  const cyclic: Record<string, unknown> = { jsonrpc: '2.0', method: 'x' };
  cyclic.params = cyclic;
  const reported: string[] = [];
  writer.onError(([error]) => reported.push(error.message));
  await assert.rejects(writer.write(cyclic as never), /circular/i);
  assert.equal(writes.length, 0);
  assert.equal(reported.length, 1);
  assert.match(reported[0], /circular/i);
});
