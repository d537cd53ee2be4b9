import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { nameRangeOf, offsetRange, readEnvs, splitAssignment, unquote, valueRange } from '../../../server/src/analysis/declarations';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import type { Word } from '../../../server/src/analysis/model';

const word = (value: string, line = 0, character = 4): Word =>
  ({ value, range: { start: { line, character }, end: { line, character: character + value.length } } }) as Word;

test('assignments split at the first =, with matching quotes removed from the value', () => {
  assert.deepEqual(splitAssignment('NAME'), { name: 'NAME' });
  assert.deepEqual(splitAssignment('A="b=c"'), { name: 'A', value: 'b=c' });
  assert.deepEqual(splitAssignment("A='x"), { name: 'A', value: "'x" });
  assert.equal(unquote('"'), '"');
});

test("a name that is the whole word has the word's range object; a part of it a range of its own", () => {
  const whole = word('NAME');
  assert.equal(nameRangeOf(whole, 'NAME'), whole.range);
  assert.deepEqual(nameRangeOf(word('A=1'), 'A'), { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } });
  assert.deepEqual(offsetRange(word('type=bind,from=x').range, 15, 1), { start: { line: 0, character: 19 }, end: { line: 0, character: 20 } });
  assert.deepEqual(valueRange(word('"$A"'), true), { start: { line: 0, character: 5 }, end: { line: 0, character: 7 } });
  const plain = word('$A');
  assert.equal(valueRange(plain, false), plain.range);
});

test('ENV in both forms', () => {
  const [legacy, modern] = parseDockerfile('FROM a\nENV PATH /usr/bin more\nENV A=1 B="two words" C\n').stages[0].instructions.slice(1);
  assert.deepEqual(
    readEnvs(legacy).map((env) => [env.name, env.value]),
    [['PATH', '/usr/bin more']],
  );
  assert.deepEqual(
    readEnvs(modern).map((env) => [env.name, env.value]),
    [
      ['A', '1'],
      ['B', 'two words'],
    ],
  );
});
