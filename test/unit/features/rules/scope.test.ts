/** The scope helpers rules share: variable visibility, what images set, stage renames. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { handlesUnset, imageMaySet, nameRangeOfUse, renameStageEdits, visibility } from '../../../../server/src/features/rules/scope';
import { parseDockerfile } from '../../../../server/src/analysis/parse';

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
