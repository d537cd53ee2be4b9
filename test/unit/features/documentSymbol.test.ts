import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { documentSymbols } from '../../../server/src/features/documentSymbol';
import { contextOf, expectJson, fixture } from './context';

test('outline: directives and global ARGs, then one symbol per stage with its instructions', () => {
  const symbols = documentSymbols(fixture('stages'));
  expectJson('stages', 'documentSymbol', symbols);
  assert.deepEqual(symbols.map((s) => s.name), ['# syntax', 'GO_VERSION', 'base', 'Build', 'test', 'stage 3', 'final']);
  assert.equal(symbols[2].detail, 'FROM golang:${GO_VERSION}-alpine');
  assert.deepEqual(symbols[6].children!.map((c) => c.name), ['COPY', 'COPY', 'USER', 'ENTRYPOINT']);
});

test('every selectionRange lies inside its range (VS Code rejects the outline otherwise)', () => {
  const inside = (outer: { start: { line: number; character: number }; end: { line: number; character: number } }, inner: typeof outer) =>
    (inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character)) &&
    (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));
  for (const symbol of documentSymbols(fixture('stages'))) {
    assert.ok(inside(symbol.range, symbol.selectionRange), symbol.name);
    for (const child of symbol.children ?? []) assert.ok(inside(symbol.range, child.range), `${symbol.name}/${child.name}`);
  }
});

test('an empty or stage-less file has an empty outline', () => {
  assert.deepEqual(documentSymbols(contextOf('')), []);
  assert.deepEqual(documentSymbols(contextOf('# just a comment\n')), []);
});
