import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ModelCache } from '../../../server/src/analysis/cache';

test('one parse per document version; a new version or new build args parse again', () => {
  const cache = new ModelCache();
  let reads = 0;
  const text = () => { reads++; return 'FROM alpine AS a\n'; };
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
