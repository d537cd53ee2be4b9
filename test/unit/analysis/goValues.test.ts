import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { csvFields, goDuration, goIntError } from '../../../server/src/analysis/goValues';

test('Go durations as time.ParseDuration reads them', () => {
  assert.equal(goDuration('1m30s'), 90e9);
  assert.equal(goDuration('.5s'), 5e8);
  assert.equal(goDuration('0'), 0);
  assert.equal(goDuration('30'), 'time: missing unit in duration "30"');
  assert.equal(goDuration('3x'), 'time: unknown unit "x" in duration "3x"');
  assert.equal(goDuration('s'), 'time: invalid duration "s"');
  // Units are text from the file: a name every object has is no unit (issue #21).
  assert.equal(goDuration('5constructor'), 'time: unknown unit "constructor" in duration "5constructor"');
  assert.equal(goDuration('1__proto__'), 'time: unknown unit "__proto__" in duration "1__proto__"');
});

test('Go ints as strconv.ParseInt(text, 10, 32) rejects them', () => {
  assert.equal(goIntError('-12'), undefined);
  assert.equal(goIntError('1.5'), 'strconv.ParseInt: parsing "1.5": invalid syntax');
  assert.equal(goIntError('2147483648'), 'strconv.ParseInt: parsing "2147483648": value out of range');
});

test('CSV fields with quotes, and an open quote', () => {
  assert.deepEqual(csvFields('type=bind,"source=a,b",target=/x'), ['type=bind', 'source=a,b', 'target=/x']);
  assert.deepEqual(csvFields('"say ""hi"""'), ['say "hi"']);
  assert.deepEqual(csvFields(''), ['']);
  assert.equal(csvFields('"open'), undefined);
});
