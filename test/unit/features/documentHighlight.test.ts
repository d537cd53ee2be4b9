import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { documentHighlight } from '../../../server/src/features/documentHighlight';
import { URI, fixture, positionOf } from '../../helpers/context';

const textDocument = { uri: URI };

test('highlight marks the declaration as write and references as read', () => {
  const context = fixture('stages');
  const highlights = documentHighlight(context, { textDocument, position: positionOf(context, '--from=BUILD', 0, 8) });
  assert.deepEqual(
    highlights.map((h) => h.kind),
    [3, 2, 2],
  );
});
