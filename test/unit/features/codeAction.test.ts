import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../../../server/src/features/codeAction';
import { URI, contextOf } from '../../helpers/context';

const textDocument = { uri: URI };
const at = (line: number) => ({ textDocument, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } });

test('an unnamed stage gets a name, and its --from=<index> references use it', () => {
  const context = contextOf('FROM golang:1.22\nRUN go build\n\nFROM stage-0\nFROM scratch\nCOPY --from=0 /out /out\n');
  const [action] = codeActions(context, at(0)) as { title: string; edit: { changes: Record<string, { range: never; newText: string }[]> } }[];
  assert.equal(action.title, 'Name this stage `stage-0-2`');
  const after = TextDocument.applyEdits(context.document, action.edit.changes[URI]);
  assert.equal(after, 'FROM golang:1.22 AS stage-0-2\nRUN go build\n\nFROM stage-0\nFROM scratch\nCOPY --from=stage-0-2 /out /out\n');
});

test('named stages and lines outside FROM get no naming action', () => {
  const context = contextOf('FROM alpine AS a\nRUN true\n');
  assert.deepEqual(codeActions(context, at(0)), []);
  assert.deepEqual(codeActions(context, at(1)), []);
});
