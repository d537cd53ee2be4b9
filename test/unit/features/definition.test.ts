import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { definition } from '../../../server/src/features/definition';
import { URI, fixture, positionOf } from '../../helpers/context';

const textDocument = { uri: URI };

test('go to definition from --from=BUILD, FROM base and mount from=build lands on the AS name', () => {
  const context = fixture('stages');
  const buildName = positionOf(context, 'AS Build', 0, 3);
  for (const [needle, occurrence] of [
    ['--from=BUILD', 0],
    ['from=build', 0],
  ] as const) {
    const location = definition(context, { textDocument, position: positionOf(context, needle, occurrence, needle.indexOf('=') + 2) });
    assert.deepEqual(location?.range.start, buildName, needle);
  }
  const toBase = definition(context, { textDocument, position: positionOf(context, 'FROM base', 0, 6) });
  assert.deepEqual(toBase?.range.start, positionOf(context, 'AS base', 0, 3));
  const toIndex = definition(context, { textDocument, position: positionOf(context, '--from=0', 0, 7) });
  assert.deepEqual(toIndex?.range.start, positionOf(context, 'AS base', 0, 3));
});
