/** The helpers rules share: edit distance, closest name, variable scope, stage renames. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { closest, editDistance } from '../../../../server/src/features/rules/rule';
import { handlesUnset, imageMaySet, nameRangeOfUse, renameStageEdits, visibility } from '../../../../server/src/features/rules/scope';
import { parseDockerfile } from '../../../../server/src/analysis/parse';

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

test('scope: ARG/ENV before the position, inherited from FROM <stage>; fallbacks; rename edits', () => {
  const model = parseDockerfile(
    'ARG G=1\nFROM alpine AS base\nARG A\nENV E=1\nFROM base AS child\nLABEL x=$A y=${E:-0}\nARG LATE\nFROM scratch\nCOPY --from=base /a /a\n',
  );
  const [base, child] = model.stages;
  const label = child.variableUses;
  assert.deepEqual(visibility(model, child, 'A', label[0].range.start), { local: false, inherited: true });
  assert.deepEqual(visibility(model, child, 'LATE', label[0].range.start), { local: false, inherited: false });
  assert.deepEqual(visibility(model, base, 'E', { line: 3, character: 0 }), { local: false, inherited: false });
  assert.deepEqual(visibility(model, base, 'E', { line: 4, character: 0 }), { local: true, inherited: false });
  assert.deepEqual(label.map(handlesUnset), [false, true]);
  assert.deepEqual(
    label.map((u) => nameRangeOfUse(u).start.character),
    [9, 15],
  );
  assert.deepEqual(
    renameStageEdits(model, 0, 'core').map((e) => `${e.range.start.line}:${e.range.start.character} ${e.newText}`),
    ['1:15 core', '4:5 core', '8:12 core'],
  );
});

test('imageMaySet recognises the ENV official images set, through parent stages', () => {
  const model = parseDockerfile('FROM node:22 AS a\nFROM a AS b\nFROM golang:1.22 AS c\nFROM mcr.microsoft.com/dotnet/sdk:8.0 AS d\nFROM scratch AS e\n');
  const [, b, c, d, e] = model.stages;
  assert.equal(imageMaySet(model, b, 'NODE_VERSION'), true);
  assert.equal(imageMaySet(model, b, 'APP_VERSION'), false);
  assert.equal(imageMaySet(model, c, 'GOPATH'), true);
  assert.equal(imageMaySet(model, d, 'DOTNET_VERSION'), true);
  assert.equal(imageMaySet(model, e, 'NODE_VERSION'), false);
});
