import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { substitute, variableUses } from '../../../server/src/analysis/variables';

const vars = new Map<string, string | undefined>([
  ['A', '1'],
  ['EMPTY', ''],
  ['DECLARED', undefined],
]);

test('substitute: plain, braced, defaults, alternatives, escapes and missing names', () => {
  assert.deepEqual(substitute('x$A-${A}', vars), { value: 'x1-1', missing: [] });
  assert.deepEqual(substitute('${NOPE:-d} ${EMPTY:-e} ${EMPTY-f}', vars), { value: 'd e ', missing: [] });
  assert.deepEqual(substitute('${A:+yes}${NOPE:+no}', vars), { value: 'yes', missing: [] });
  assert.deepEqual(substitute('${DECLARED}$NOPE', vars), { value: '', missing: ['DECLARED', 'NOPE'] });
  assert.deepEqual(substitute('\\$A', vars), { value: '\\$A', missing: [] });
  assert.deepEqual(substitute('`$A', vars, '`'), { value: '`$A', missing: [] });
});

test('variableUses gives names, modifiers and exact ranges', () => {
  const uses = variableUses('a${B:-x}$C', { start: { line: 2, character: 10 }, end: { line: 2, character: 20 } });
  assert.deepEqual(
    uses.map((u) => [u.name, u.modifier, u.range.start.character, u.range.end.character]),
    [
      ['B', ':-x', 11, 18],
      ['C', undefined, 18, 20],
    ],
  );
});

test('substitute: pattern removal and replacement, quotes in fallbacks (BuildKit 1.7+)', () => {
  const platform = new Map<string, string | undefined>([
    ['P', 'linux/amd64'],
    ['V', 'a.b.c'],
    ['EMPTY', ''],
  ]);
  assert.equal(substitute('${P#linux/amd64}|${P#*/}|${V##*.}|${V%.*}|${V%%.*}', platform).value, '|amd64|c|a.b|a');
  assert.equal(substitute('${V/./-}|${V//./-}|${P/arm*/x}', platform).value, 'a-b.c|a-b-c|linux/amd64');
  assert.equal(substitute('${EMPTY:+"unsupported"}|${EMPTY:-"supported"}|${EMPTY+set}', platform).value, '|supported|set');
  assert.deepEqual(substitute('${NOPE#x}', platform), { value: '', missing: ['NOPE'] });
});

test('variableUses skips $ inside single quotes, but not a quote inside double quotes', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 40 } };
  assert.deepEqual(
    variableUses(`'$A'"$B"$C`, range).map((u) => u.name),
    ['B', 'C'],
  );
  assert.deepEqual(
    variableUses(`"don't $A" '$B'`, range).map((u) => u.name),
    ['A'],
  );
  assert.deepEqual(
    variableUses(`\\'$A`, range).map((u) => u.name),
    ['A'],
  );
});
