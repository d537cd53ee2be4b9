/** Formatting (the baseline's): instructions start at column 0, continuation lines are indented. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatDocument, formatOnType, formatRange } from '../../../server/src/features/formatting';
import { URI, contextOf } from '../../helpers/context';

const textDocument = { uri: URI };
const options = { tabSize: 2, insertSpaces: true };
const TEXT = 'FROM alpine\n   RUN  echo hi\nRUN echo \\\nhi\n';

test('the document: leading blanks before an instruction go, a continuation line is indented', () => {
  const context = contextOf(TEXT);
  const formatted = TextDocument.applyEdits(context.document, formatDocument(context, { textDocument, options }));
  assert.equal(formatted, 'FROM alpine\nRUN  echo hi\nRUN echo \\\n  hi\n');
});

test('a range formats only the lines it covers', () => {
  const context = contextOf(TEXT);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
  assert.deepEqual(formatRange(context, { textDocument, range, options }), []);
  const second = { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } };
  assert.equal(
    TextDocument.applyEdits(context.document, formatRange(context, { textDocument, range: second, options })),
    'FROM alpine\nRUN  echo hi\nRUN echo \\\nhi\n',
  );
});

test('typing the escape character at the end of a line indents the next one', () => {
  const context = contextOf(TEXT);
  const edits = formatOnType(context, { textDocument, position: { line: 2, character: 10 }, ch: '\\', options });
  assert.deepEqual(edits, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '  ' }]);
});
