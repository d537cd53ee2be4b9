import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RawJson, framed } from '../../server/src/rawJson';

/** The body of a framed message, after checking its header gives the body's length in bytes. */
function bodyOf(message: object): Buffer {
  const bytes = framed(message as never);
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const match = /^Content-Length: (\d+)$/.exec(text.slice(0, end));
  assert.ok(match, text.slice(0, 40));
  const body = bytes.subarray(end + 4);
  assert.equal(Number(match[1]), body.length);
  return body;
}

const jsonBytes = (value: unknown) => JSON.stringify(value);

const decode = (message: object) => JSON.parse(bodyOf(message).toString('utf8'));

test('a RawJson result is written as it is, in a well-formed response', async () => {
  const value = [{ name: 'build', detail: 'FROM golang:1.22 — ünïcode', children: [] }, { name: 'stage 1' }];
  const raw = RawJson.array(value.map(jsonBytes));
  assert.deepEqual(decode({ jsonrpc: '2.0', id: 7, result: raw }), { jsonrpc: '2.0', id: 7, result: value });
  assert.deepEqual(decode({ jsonrpc: '2.0', id: 'x"y', result: RawJson.array([]) }), { jsonrpc: '2.0', id: 'x"y', result: [] });
});

test('any other message is JSON.stringify of it', async () => {
  for (const message of [
    { jsonrpc: '2.0', id: 1, result: null },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a', diagnostics: [] } },
    { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'no' } },
  ]) {
    const bytes = bodyOf(message);
    assert.equal(Buffer.from(bytes).toString('utf8'), JSON.stringify(message));
  }
});

test('a transport that serializes the message itself gets the value (toJSON)', () => {
  const value = [{ a: 1 }, { b: [2, 3] }];
  assert.equal(JSON.stringify({ id: 1, result: RawJson.array(value.map(jsonBytes)) }), JSON.stringify({ id: 1, result: value }));
});

test('a publishDiagnostics of 256 diagnostics or more is written a diagnostic at a time, as the same JSON value', async () => {
  const diagnostic = (i: number) => ({
    range: { start: { line: i, character: 0 }, end: { line: i, character: 3 } },
    message: i % 2 ? `ünïcode — "quoted" \\ ${i}` : `plain ${i}`,
    severity: 2,
    code: 'rule',
    ...(i % 3 ? { data: { text: `a\nb ${i}` } } : {}),
  });
  const many = Array.from({ length: 300 }, (_, i) => diagnostic(i));
  for (const params of [
    { uri: 'file:///a%20b/Dockerfile', version: 7, diagnostics: many },
    { uri: 'file:///a', version: undefined, diagnostics: many },
    { diagnostics: many },
  ]) {
    const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params };
    const bytes = Buffer.from(bodyOf(message));
    assert.deepEqual(JSON.parse(bytes.toString('utf8')), JSON.parse(JSON.stringify(message)));
    assert.equal(bytes.length, Buffer.byteLength(JSON.stringify(message)), 'the same bytes, keys perhaps in another order');
  }
  // Written by the pieces, not JSON.stringify: the list goes last, where JSON.stringify keeps the keys' order.
  const listFirst = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { diagnostics: many, uri: 'file:///a' } };
  const written = Buffer.from(bodyOf(listFirst)).toString('utf8');
  assert.ok(written.startsWith('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///a","diagnostics":[{'));
  assert.deepEqual(JSON.parse(written), listFirst);
  // What JSON leaves out or writes as null, as JSON.stringify does.
  const odd = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a', skip: () => 1, diagnostics: [undefined, ...many] } };
  const oddBytes = Buffer.from(bodyOf(odd)).toString('utf8');
  assert.deepEqual(JSON.parse(oddBytes), JSON.parse(JSON.stringify(odd)));
  const few = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { diagnostics: many.slice(0, 255), uri: 'file:///a' } };
  assert.equal(Buffer.from(bodyOf(few)).toString('utf8'), JSON.stringify(few), 'fewer: JSON.stringify');
});
