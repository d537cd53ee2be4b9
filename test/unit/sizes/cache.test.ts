import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TtlCache } from '../../../server/src/sizes/cache';

test('an entry lives for its time to live, then is gone', () => {
  let now = 1_000;
  const cache = new TtlCache<number>({ ttlMs: 100, now: () => now });
  cache.set('a', 1);
  cache.set('b', 2, 10);
  now += 9;
  assert.deepEqual(cache.get('a'), { value: 1, storedAt: 1_000 });
  assert.deepEqual(cache.get('b'), { value: 2, storedAt: 1_000 });
  now += 1;
  assert.equal(cache.get('b'), undefined, 'its own shorter TTL');
  now += 89;
  assert.equal(cache.get('a')?.value, 1);
  now += 1;
  assert.equal(cache.get('a'), undefined);
});

test('a bounded number of entries: the oldest go first', () => {
  const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 2 });
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('c', 3);
  assert.equal(cache.get('a'), undefined);
  assert.deepEqual([cache.get('b')?.value, cache.get('c')?.value, cache.size], [2, 3, 2]);
});

test('on disk: saved atomically, loaded by the next instance with the stored times; expired entries are not loaded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-cache-'));
  try {
    const file = join(dir, 'sub', 'sizes.json');
    let now = 5_000;
    const first = new TtlCache<{ bytes: number }>({ ttlMs: 1000, file, now: () => now });
    first.set('fresh', { bytes: 1 });
    first.set('short', { bytes: 2 }, 50);
    first.flush();
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).version, 1);
    now += 100;
    const second = new TtlCache<{ bytes: number }>({ ttlMs: 1000, file, now: () => now });
    assert.deepEqual(second.get('fresh'), { value: { bytes: 1 }, storedAt: 5_000 });
    assert.equal(second.get('short'), undefined);
    now += 900;
    assert.equal(second.get('fresh'), undefined, 'the TTL counts from when it was first stored');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken or foreign cache file is an empty cache, and a write failure is reported, not thrown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-cache-'));
  try {
    const file = join(dir, 'sizes.json');
    writeFileSync(file, '{not json');
    assert.equal(new TtlCache({ ttlMs: 1000, file }).get('x'), undefined);
    writeFileSync(file, JSON.stringify({ version: 99, entries: { x: { value: 1, storedAt: 0, ttlMs: 1e15 } } }));
    assert.equal(new TtlCache({ ttlMs: 1000, file }).get('x'), undefined);
    const errors: string[] = [];
    const unwritable = new TtlCache({ ttlMs: 1000, file: join(file, 'inside-a-file.json'), onError: (m) => errors.push(m) });
    unwritable.set('x', 1);
    unwritable.flush();
    assert.equal(errors.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
