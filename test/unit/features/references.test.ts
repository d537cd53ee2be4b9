import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { references } from '../../../server/src/features/references';
import { URI, expectJson, fixture, positionOf } from '../../helpers/context';

const textDocument = { uri: URI };

test('references of a stage: its name and every reference, whatever the case', () => {
  const context = fixture('stages');
  const found = references(context, { textDocument, position: positionOf(context, 'AS Build', 0, 4), context: { includeDeclaration: true } });
  expectJson('stages', 'references-Build', found);
  assert.deepEqual(
    found.map((l) => context.document.getText(l.range)),
    ['Build', 'build', 'BUILD'],
  );
  const withoutDeclaration = references(context, { textDocument, position: positionOf(context, 'AS Build', 0, 4), context: { includeDeclaration: false } });
  assert.equal(withoutDeclaration.length, 2);
});
