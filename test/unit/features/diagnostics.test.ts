import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { diagnostics } from '../../../server/src/features/diagnostics';
import { baseline } from '../../../server/src/features/context';
import { contextOf } from './context';

const summary = (text: string) => diagnostics(contextOf(text), baseline().validate(text)).map((d) => `${d.range.start.line}:${d.source}:${d.message}`);

test('a valid multi-stage file has no diagnostics', () => {
  assert.deepEqual(summary('FROM golang:1.22 AS build\nRUN go build\n\nFROM scratch\nCOPY --from=build /a /a\n'), []);
});

test('COPY -- src dst is valid: `--` ends the flags (a false error of the baseline)', () => {
  assert.deepEqual(summary('FROM alpine:3 AS a\nCOPY -- --weird /dst\nCOPY --link -- src /dst\nUSER 65532\n'), []);
  assert.deepEqual(summary('FROM alpine:3 AS a\nCOPY --bogus src /dst\nUSER 65532\n').length, 1, 'a real unknown flag is still reported');
});

test('errors of the baseline and of the model are reported once per line', () => {
  const found = summary('-not an instruction\nFROM alpine\nRUN <<EOF\nnever closed\n');
  assert.ok(found.some((d) => d.startsWith('0:') && /Unknown instruction/.test(d)), JSON.stringify(found));
  assert.ok(!found.some((d) => /Expected an instruction/.test(d)), `the model's duplicate is dropped: ${JSON.stringify(found)}`);
  assert.ok(found.some((d) => d.startsWith('2:') && /unterminated heredoc/.test(d)), JSON.stringify(found));
  assert.ok(found.every((d) => d.includes(':stagecraft:')));
});
