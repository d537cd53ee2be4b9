import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { diagnostics } from '../../../server/src/features/diagnostics';
import { contextOf } from '../../helpers/context';

const summary = (text: string) => diagnostics(contextOf(text)).map((d) => `${d.range.start.line}:${d.source}:${d.code}:${d.message}`);

test('a valid multi-stage file has no diagnostics', () => {
  assert.deepEqual(summary('FROM golang:1.22 AS build\nRUN go build\n\nFROM scratch\nCOPY --from=build /a /a\n'), []);
});

test('COPY -- src dst is valid: `--` ends the flags', () => {
  assert.deepEqual(summary('FROM alpine:3 AS a\nCOPY -- --weird /dst\nCOPY --link -- src /dst\nUSER 65532\n'), []);
  assert.deepEqual(summary('FROM alpine:3 AS a\nCOPY --bogus src /dst\nUSER 65532\n'), ['1:stagecraft:syntax:unknown flag: --bogus']);
});

test("what BuildKit rejects is reported once, by the syntax rule, with BuildKit's message", () => {
  const found = summary('-not an instruction\nFROM alpine\nRUN <<EOF\nnever closed\n').filter((d) => d.includes(':syntax:'));
  assert.deepEqual(found, ['0:stagecraft:syntax:unknown instruction: -not', '2:stagecraft:syntax:unterminated heredoc']);
});
