import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { prepareRename, rename } from '../../../server/src/features/rename';
import { references } from '../../../server/src/features/references';
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

test('references and rename of a stage include the Compose, Dev Container and CI files that build it', () => {
  const at = (uri: string, line: number, character: number, length: number) => ({
    uri,
    range: { start: { line, character }, end: { line, character: character + length } },
  });
  const builds = [
    { target: 'TEST', label: 'Compose service `t`', at: at('file:///work/compose.yaml', 5, 14, 4) },
    { target: 'test', label: 'Compose service `u`', at: at('file:///work/compose.yaml', 5, 14, 4) }, // extends the same base
    { target: 'test', label: 'CI', at: at('file:///work/.github/workflows/ci.yml', 7, 17, 4) },
    { target: 'test', label: 'interpolated' },
    { target: 'final', label: 'Dev Container', at: at('file:///work/.devcontainer/devcontainer.json', 3, 15, 5) },
  ];
  const context = { ...fixture('stages'), env: { builds } };
  const position = positionOf(context, 'AS test', 0, 4);
  const found = references(context, { textDocument, position, context: { includeDeclaration: false } });
  assert.deepEqual(
    found.map((l) => `${l.uri.replace('file:///work/', '')}:${l.range.start.line}`),
    ['compose.yaml:5', '.github/workflows/ci.yml:7'],
  );
  const edit = rename(context, { textDocument, position, newName: 'check' })!;
  assert.deepEqual(Object.keys(edit.changes!), [URI, 'file:///work/compose.yaml', 'file:///work/.github/workflows/ci.yml']);
  assert.deepEqual(edit.changes!['file:///work/compose.yaml'], [{ range: builds[0].at!.range, newText: 'check' }]);
});
