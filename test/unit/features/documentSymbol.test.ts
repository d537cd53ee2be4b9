import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { documentSymbols, documentSymbolsJson } from '../../../server/src/features/documentSymbol';
import { ModelCache } from '../../../server/src/analysis/cache';
import { defaultSettings } from '../../../server/src/settings';
import type { FeatureContext } from '../../../server/src/features/context';
import type { RawJson } from '../../../server/src/rawJson';
import { URI, contextOf, expectJson, fixture } from '../../helpers/context';

test('outline: directives and global ARGs, then one symbol per stage with its instructions', () => {
  const symbols = documentSymbols(fixture('stages'));
  expectJson('stages', 'documentSymbol', symbols);
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['# syntax', 'GO_VERSION', 'base', 'Build', 'test', 'stage 3', 'final'],
  );
  assert.equal(symbols[2].detail, 'FROM golang:${GO_VERSION}-alpine');
  assert.deepEqual(
    symbols[6].children!.map((c) => c.name),
    ['COPY', 'COPY', 'USER', 'ENTRYPOINT'],
  );
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

test('the outline as JSON for the wire is the outline, on every corpus file', () => {
  const dir = join(__dirname, '..', '..', 'corpus', 'files');
  for (const name of readdirSync(dir).filter((n) => !n.startsWith('.'))) {
    const context = contextOf(readFileSync(join(dir, name), 'utf8'));
    assert.deepEqual(documentSymbolsJson(context).toJSON(), JSON.parse(JSON.stringify(documentSymbols(context))), name);
  }
});

test('after an edit, only the stages read anew are serialized again, and the JSON stays the outline', () => {
  const cache = new ModelCache();
  const text = readFileSync(join(__dirname, '..', '..', 'corpus', 'large', 'large_1k.Dockerfile'), 'utf8');
  const document = TextDocument.create(URI, 'dockerfile', 1, text);
  const contextAt = (): FeatureContext => ({ document, model: cache.get(URI, document.version, () => document.getText()), settings: defaultSettings });
  const first = documentSymbolsJson(contextAt());
  const model = contextAt().model;
  const stage = model.stages[Math.floor(model.stages.length / 2)];
  const line = stage.instructions[stage.instructions.length - 1].range.end.line;
  const change = (version: number, edit: TextDocumentContentChangeEvent) => TextDocument.update(document, [edit], version);
  // One character typed at the end of a stage's last line: that stage alone is made again.
  change(2, { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' });
  const second = documentSymbolsJson(contextAt());
  assert.deepEqual(second.toJSON(), JSON.parse(JSON.stringify(documentSymbols(contextAt()))));
  const stagePiece = (json: RawJson, index: number) => json.pieces[1 + 2 * (preludeCount(model) + index)];
  let same = 0;
  for (const other of model.stages) if (stagePiece(second, other.index) === stagePiece(first, other.index)) same++;
  assert.equal(same, model.stages.length - 1, 'every other stage keeps its JSON');
  assert.notEqual(stagePiece(second, stage.index), stagePiece(first, stage.index));
  // A line added above shifts every stage below: those are made again, with their new lines.
  change(3, { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'RUN added\n' });
  assert.deepEqual(documentSymbolsJson(contextAt()).toJSON(), JSON.parse(JSON.stringify(documentSymbols(contextAt()))));
  // A FROM inserted renumbers the stages after it (`stage N` labels) and splits one.
  change(4, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'FROM scratch\n' });
  assert.deepEqual(documentSymbolsJson(contextAt()).toJSON(), JSON.parse(JSON.stringify(documentSymbols(contextAt()))));
});

function preludeCount(model: { directives: { ranges: object }; globalArgs: unknown[] }): number {
  return Object.keys(model.directives.ranges).length + model.globalArgs.length;
}
