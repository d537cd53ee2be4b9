import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ModelCache } from '../../../server/src/analysis/cache';
import { parseDockerfile } from '../../../server/src/analysis/parse';

test('one parse per document version; a new version or new build args parse again', () => {
  const cache = new ModelCache();
  let reads = 0;
  let current = 'FROM alpine AS a\n';
  const text = () => {
    reads++;
    return current;
  };
  const first = cache.get('file:///a', 1, text);
  assert.equal(cache.get('file:///a', 1, text), first);
  assert.equal(reads, 1);
  current = 'FROM alpine AS b\n';
  assert.notEqual(cache.get('file:///a', 2, text), first);
  cache.get('file:///a', 2, text, { buildArgs: { X: '1' } });
  assert.equal(cache.parses, 3);
  cache.get('file:///b', 1, text);
  assert.equal(cache.parses, 4);
  cache.delete('file:///a');
  cache.get('file:///a', 2, text, { buildArgs: { X: '1' } });
  assert.equal(cache.parses, 5);
});

test("a version whose text is one of the last versions' (an undo) takes that version's model", () => {
  const cache = new ModelCache();
  const base = 'FROM alpine AS a\nRUN make\n\nFROM a AS b\nCOPY --from=a /x /x\n';
  const typed = base.replace('make', 'makex');
  const pasted = base.replace('RUN make\n', 'RUN make\nRUN a\nRUN b\n');
  const t0 = cache.get('file:///a', 1, () => base);
  const t1 = cache.get('file:///a', 2, () => typed);
  assert.equal(
    cache.get('file:///a', 3, () => base),
    t0,
    'typed and deleted: the model of version 1',
  );
  assert.equal(cache.parses, 2);
  cache.get('file:///a', 4, () => pasted);
  assert.equal(
    cache.get('file:///a', 5, () => typed),
    t1,
    'two versions back (undo of the last two edits)',
  );
  assert.equal(cache.parses, 3);
  // What the next version reads from is the model taken: a parse from it equals a parse from scratch.
  const edited = typed.replace('/x /x', '/y /y');
  assert.deepEqual(
    cache.get('file:///a', 6, () => edited),
    parseDockerfile(edited),
  );
  // Four versions back is too far; other build args are another model; none are kept past trim().
  cache.get('file:///a', 7, () => pasted);
  cache.get('file:///a', 8, () => base);
  cache.get('file:///a', 9, () => typed);
  const parses = cache.parses;
  cache.get('file:///a', 10, () => edited); // the text of version 6
  assert.equal(cache.parses, parses + 1);
  cache.get('file:///a', 11, () => base, { buildArgs: { X: '1' } });
  assert.equal(cache.parses, parses + 2);
  cache.get('file:///a', 12, () => typed);
  assert.equal(cache.parses, parses + 2, 'version 9 again');
  cache.trim();
  cache.get('file:///a', 13, () => edited);
  assert.equal(cache.parses, parses + 3);
});

test('earlier versions are kept only for texts of up to 512 KiB', () => {
  const cache = new ModelCache(Infinity);
  const large = 'FROM alpine AS a\n' + 'RUN make\n'.repeat(60_000); // 540,017 characters
  cache.get('file:///a', 1, () => large);
  cache.get('file:///a', 2, () => large + 'RUN x\n');
  cache.get('file:///a', 3, () => large);
  assert.equal(cache.parses, 3);
  // Cut below the limit: the large version before is not kept either (it could never match).
  const small = 'FROM alpine AS a\nRUN make\n';
  cache.get('file:///a', 4, () => small);
  cache.get('file:///a', 5, () => `${small}RUN x\n`);
  assert.equal(
    cache.get('file:///a', 6, () => small),
    cache.get('file:///a', 6, () => small),
  );
  assert.equal(cache.parses, 5, 'version 4 taken at version 6');
  assert.equal(
    (cache as unknown as { entries: Map<string, { earlier: { source: string }[] }> }).entries
      .get('file:///a')!
      .earlier.some((v) => v.source.length > 512 * 1024),
    false,
  );
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
