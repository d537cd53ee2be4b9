import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineOffsets } from '../../../server/src/targets/positions';

describe('positions', () => {
  it('turns offsets into line and character', () => {
    const lines = new LineOffsets('ab\ncd\n\nef');
    assert.deepEqual(lines.position(0), { line: 0, character: 0 });
    assert.deepEqual(lines.position(4), { line: 1, character: 1 });
    assert.deepEqual(lines.position(6), { line: 2, character: 0 });
    assert.deepEqual(lines.range(7, 9), { start: { line: 3, character: 0 }, end: { line: 3, character: 2 } });
  });
});
