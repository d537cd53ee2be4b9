import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ModelCache } from '../../../server/src/analysis/cache';

test('one parse per document version; a new version or new build args parse again', () => {
  const cache = new ModelCache();
  let reads = 0;
  const text = () => {
    reads++;
    return 'FROM alpine AS a\n';
  };
  const first = cache.get('file:///a', 1, text);
  assert.equal(cache.get('file:///a', 1, text), first);
  assert.equal(reads, 1);
  assert.notEqual(cache.get('file:///a', 2, text), first);
  cache.get('file:///a', 2, text, { buildArgs: { X: '1' } });
  assert.equal(cache.parses, 3);
  cache.get('file:///b', 1, text);
  assert.equal(cache.parses, 4);
  cache.delete('file:///a');
  cache.get('file:///a', 2, text, { buildArgs: { X: '1' } });
  assert.equal(cache.parses, 5);
});

test('delete tells the length of the text whose model it dropped (what the idle collector is told at a close)', () => {
  const cache = new ModelCache();
  cache.get('file:///a', 1, () => 'FROM alpine AS a\n');
  assert.equal(cache.delete('file:///a'), 'FROM alpine AS a\n'.length);
  assert.equal(cache.delete('file:///a'), 0);
  assert.equal(cache.delete('file:///never-opened'), 0);
});

test('models of the documents used last are kept within the budget; the one used last always stays', () => {
  const cache = new ModelCache(100);
  const text = (n: number) => () => `FROM alpine AS s${n}\n`.padEnd(40, '#'); // 40 characters each
  cache.get('file:///1', 1, text(1));
  cache.get('file:///2', 1, text(2));
  assert.ok(cache.has('file:///1') && cache.has('file:///2'));
  cache.get('file:///1', 1, text(1)); // 1 is now more recent than 2
  cache.get('file:///3', 1, text(3)); // 120 characters: the least recent (2) goes
  assert.deepEqual(
    ['1', '2', '3'].map((n) => cache.has(`file:///${n}`)),
    [true, false, true],
  );
  const parses = cache.parses;
  cache.get('file:///2', 1, text(2)); // asked again: parsed again, and 1 (least recent now) goes
  assert.equal(cache.parses, parses + 1);
  assert.deepEqual(
    ['1', '2', '3'].map((n) => cache.has(`file:///${n}`)),
    [false, true, true],
  );
  const huge = () => 'FROM alpine\n'.repeat(50); // 600 characters, over the budget alone
  const model = cache.get('file:///huge', 1, huge);
  assert.ok(cache.has('file:///huge'), 'the document used last keeps its model');
  assert.equal(cache.get('file:///huge', 1, huge), model, 'and it is not parsed again');
  assert.deepEqual(
    ['1', '2', '3'].map((n) => cache.has(`file:///${n}`)),
    [false, false, false],
  );
});

test('trim (in a quiet spell) holds every model to the budget, the one used last included', () => {
  const droppedSeen: string[] = [];
  const cache = new ModelCache(100, (uri) => droppedSeen.push(uri));
  const small = () => 'FROM alpine AS small\n'; // 21 characters
  const huge = () => 'FROM alpine\n'.repeat(50); // 600 characters
  cache.get('file:///small', 1, small);
  assert.deepEqual(cache.trim(), [], 'within the budget: nothing to drop');
  assert.ok(cache.has('file:///small'));
  cache.get('file:///huge', 1, huge);
  assert.ok(cache.has('file:///huge'));
  assert.deepEqual(cache.trim(), ['file:///huge']);
  assert.deepEqual(droppedSeen, ['file:///small', 'file:///huge'], 'told of each model dropped: small when huge came, huge in the trim');
  assert.equal(cache.has('file:///huge'), false, 'over the budget alone: given back');
  const parses = cache.parses;
  cache.get('file:///huge', 1, huge);
  assert.equal(cache.parses, parses + 1, 'parsed again on the next request');
});

test('holdsOverBudget: a model whose text alone is over the budget is kept (until trim drops it)', () => {
  const cache = new ModelCache(20);
  cache.get('file:///small', 1, () => 'FROM a\n');
  assert.equal(cache.holdsOverBudget(), false);
  cache.get('file:///large', 1, () => 'FROM alpine AS build\nRUN make\n');
  assert.equal(cache.holdsOverBudget(), true);
  cache.trim();
  assert.equal(cache.holdsOverBudget(), false);
});
