import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clampPositions } from '../../../server/src/wiring/requests';

const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, 'FROM alpine\nRUN true\n');

test('positions and ranges are held to the document', () => {
  assert.deepEqual(clampPositions(document, { position: { line: 99, character: 5 } }), { position: { line: 2, character: 0 } });
  assert.deepEqual(clampPositions(document, { position: { line: -1, character: -4 } }), { position: { line: 0, character: 0 } });
  assert.deepEqual(clampPositions(document, { range: { start: { line: 1, character: 1.7 }, end: { line: 1, character: 400 } }, other: 'kept' }), {
    range: { start: { line: 1, character: 1 }, end: { line: 1, character: 8 } },
    other: 'kept',
  });
});

test('a position not made of numbers is no request', () => {
  assert.equal(clampPositions(document, { position: { line: 'x', character: 0 } }), undefined);
  assert.equal(clampPositions(document, { range: { start: { line: 0, character: 0 } } }), undefined);
  assert.equal(clampPositions(document, { position: null }), undefined);
});
