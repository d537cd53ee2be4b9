import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { baseImageNames, parseHistory } from '../../../../client/src/build/layerHistory';
import { buildPlan } from '../../../../server/src/features/buildPlan';
import { contextOf, URI } from '../../../helpers/context';

test('docker image history lines: CreatedBy and the size in bytes, newest first; anything else is no history', () => {
  const stdout = [
    '{"Comment":"buildkit.dockerfile.v0","CreatedBy":"COPY /right /right # buildkit","ID":"sha256:83cb","Size":"16"}',
    '{"Comment":"Imported from -","CreatedBy":"","ID":"\\u003cmissing\\u003e","Size":"1985581"}',
    '',
  ].join('\n');
  assert.deepEqual(parseHistory(stdout), [
    { createdBy: 'COPY /right /right # buildkit', size: 16 },
    { createdBy: '', size: 1985581 },
  ]);
  assert.deepEqual(parseHistory('{"CreatedBy":"x","Size":7}\n'), [{ createdBy: 'x', size: 7 }]);
  assert.equal(parseHistory('{"CreatedBy":"x","Size":"7.8MB"}'), undefined, 'a human size is no byte count');
  assert.equal(parseHistory('not json'), undefined);
  assert.equal(parseHistory('{"Size":"1"}'), undefined);
  assert.deepEqual(parseHistory(''), []);
});

const plan = (text: string, target?: string) => buildPlan(contextOf(text), { uri: URI, target });

test('the base image to read: the FROM the target’s chain starts at, as written and resolved; [] for scratch', () => {
  const text = 'FROM alpine:3.20 AS base\nRUN x\nFROM golang:1.22 AS build\nFROM base AS final\nCOPY --from=build /a /a\n';
  assert.deepEqual(baseImageNames(plan(text)), ['alpine:3.20', 'docker.io/library/alpine:3.20']);
  assert.deepEqual(baseImageNames(plan(text, 'build')), ['golang:1.22', 'docker.io/library/golang:1.22']);
  assert.deepEqual(baseImageNames(plan('FROM scratch AS a\nFROM a\n')), []);
  assert.equal(baseImageNames(plan('ARG BASE\nFROM $BASE\n')), undefined, 'an unresolved base is not looked up');
  assert.deepEqual(baseImageNames(plan('ARG V=3.20\nFROM alpine:$V\n')), ['docker.io/library/alpine:3.20'], 'a name with a variable by its resolved name only');
});
