import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { prepareRename, rename } from '../../../server/src/features/rename';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, expectJson, fixture, positionOf } from '../../helpers/context';

const textDocument = { uri: URI };

test('rename a stage everywhere; --from=0 keeps its index', () => {
  const context = fixture('stages');
  const position = positionOf(context, 'FROM base AS Build', 0, 6);
  assert.equal(context.document.getText(prepareRename(context, { textDocument, position })!), 'base');
  const edit = rename(context, { textDocument, position, newName: 'deps' })!;
  expectJson('stages', 'rename-base-to-deps', edit);
  const after = TextDocument.applyEdits(context.document, edit.changes![URI]);
  assert.match(after, /AS deps\n/);
  assert.match(after, /FROM deps AS Build/);
  assert.match(after, /FROM deps AS test/);
  assert.match(after, /--from=0 /);
  assert.equal(prepareRename(context, { textDocument, position: positionOf(context, '--from=0', 0, 7) }), null);
});

test('rename refuses invalid names and names of other stages', () => {
  const context = fixture('stages');
  const position = positionOf(context, 'AS test', 0, 4);
  assert.throws(() => rename(context, { textDocument, position, newName: 'a b' }), /not a valid stage name/);
  assert.throws(() => rename(context, { textDocument, position, newName: 'FINAL' }), /already exists/);
});
