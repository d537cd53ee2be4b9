import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { foldingRanges } from '../../../server/src/features/foldingRange';
import { fixture } from '../../helpers/context';

test('one folding range per stage, from its FROM to its last instruction, besides the baseline ranges', () => {
  const ranges = foldingRanges(fixture('stages')).filter((r) => r.kind === 'region');
  assert.deepEqual(
    ranges.map((r) => [r.startLine, r.endLine]),
    [
      [3, 6],
      [8, 10],
      [12, 14],
      [16, 17],
      [19, 23],
    ],
  );
});
