/** The helpers rule.ts gives every rule: edit distance and the closest name (for "did you mean"). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { closest, editDistance } from '../../../../server/src/features/rules/rule';

/** The textbook recurrence (full matrix), to check the rolling-row version against. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

test('editDistance counts a transposition as one edit and matches the full-matrix recurrence', () => {
  assert.equal(editDistance('buidl', 'build'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const word = () => Array.from({ length: Math.floor(random() * 9) }, () => 'abcd'[Math.floor(random() * 4)]).join('');
  for (let i = 0; i < 500; i++) {
    const a = word();
    const b = word();
    assert.equal(editDistance(a, b), reference(a, b), `${a} / ${b}`);
  }
});

test('closest finds typos case-insensitively and nothing for unrelated names', () => {
  assert.equal(closest('buidl', ['test', 'build', 'final']), 'build');
  assert.equal(closest('BUILDPLATFROM', ['TARGETARCH', 'BUILDPLATFORM']), 'BUILDPLATFORM');
  assert.equal(closest('golang', ['build', 'test']), undefined);
  assert.equal(closest('ab', ['abcdef']), undefined);
});
