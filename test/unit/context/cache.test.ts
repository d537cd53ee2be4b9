/**
 * The context walks' cache: one walk per context and Dockerfile however often it is asked, dropped
 * (and cancelled) by a change that matters, kept by a change to an excluded path, retried when a
 * change cancels it, bounded in number and, without a watcher, in age. Walks are counted, never timed.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContextSizes, type ContextSizesOptions } from '../../../server/src/context/cache';
import type { ContextWalk, WalkOptions } from '../../../server/src/context/walk';

const dir = mkdtempSync(join(tmpdir(), 'stagecraft-cache-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function fakeWalk(files: number, stopped?: ContextWalk['stopped']): ContextWalk {
  return {
    files,
    bytes: files * 10,
    directories: 0,
    symlinks: 0,
    ignored: 0,
    unreadable: 0,
    entries: files,
    complete: !stopped,
    stopped,
    folders: new Map(),
    largestFiles: [],
  };
}

/** A cache whose walks finish when the test says so; counts them and what they were given. */
function harness(ignoreText: string | undefined, options: ContextSizesOptions = {}) {
  const walks: { root: string; options: WalkOptions; finish: (files?: number) => void }[] = [];
  const sizes = new ContextSizes({
    ...options,
    readIgnore: async (_dockerfile, contextDir) => ({ path: join(contextDir, '.dockerignore'), text: ignoreText }),
    walk: (root, _matcher, walkOptions) =>
      new Promise((resolve) => {
        walks.push({ root, options: walkOptions, finish: (files = 1) => resolve(fakeWalk(files, walkOptions.signal?.aborted ? 'cancelled' : undefined)) });
      }),
  });
  return { sizes, walks };
}

const request = { dockerfile: join(dir, 'Dockerfile'), contextDir: dir };
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('one walk per context, however many ask; peek never starts one', async () => {
  const { sizes, walks } = harness(undefined);
  assert.equal(sizes.peek(request), undefined);
  assert.equal(walks.length, 0);
  const first = sizes.get(request);
  const second = sizes.get(request);
  await settle();
  assert.equal(walks.length, 1);
  assert.deepEqual(sizes.peek(request), { state: 'counting', entries: 0 });
  walks[0].options.progress?.(300);
  assert.deepEqual(sizes.status(), { running: 1, entries: 300, finished: 0 });
  walks[0].finish(7);
  assert.equal((await first).walk.files, 7);
  assert.equal(await second, await first);
  assert.equal(sizes.peek(request)?.state, 'done');
  assert.deepEqual(sizes.status(), { running: 0, entries: 0, finished: 1 });
  sizes.get(request);
  assert.equal(walks.length, 1, 'a finished walk is reused');
});

test('a change in the context drops the walk; the next ask walks again; the ignore file counts too', async () => {
  let invalidated = 0;
  const { sizes, walks } = harness(undefined, { onInvalidated: () => invalidated++ });
  const done = sizes.get(request);
  await settle();
  walks[0].finish();
  await done;
  assert.equal(sizes.changed([join(tmpdir(), 'elsewhere.txt')]), 0);
  assert.equal(sizes.changed([join(dir, 'src', 'main.go')]), 1);
  assert.equal(invalidated, 1);
  assert.equal(sizes.peek(request), undefined);
  const again = sizes.get(request);
  await settle();
  walks[1].finish(2);
  assert.equal((await again).walk.files, 2);
  assert.equal(sizes.changed([join(dir, 'Dockerfile.dockerignore')]), 1, "the Dockerfile's own ignore file");
});

test('a change to a path the .dockerignore excludes keeps the walk, unless the file has exceptions', async () => {
  const plain = harness('node_modules\n');
  const done = plain.sizes.get(request);
  await settle();
  plain.walks[0].finish();
  await done;
  assert.equal(plain.sizes.changed([join(dir, 'node_modules', 'x', 'index.js')]), 0);
  assert.equal(plain.sizes.changed([join(dir, '.dockerignore')]), 1);

  const withExceptions = harness('node_modules\n!node_modules/keep\n');
  const other = withExceptions.sizes.get(request);
  await settle();
  withExceptions.walks[0].finish();
  await other;
  assert.equal(withExceptions.sizes.changed([join(dir, 'node_modules', 'x', 'index.js')]), 1);
});

test('a change while a walk runs cancels it, and the waiting ask gets a fresh walk (at most twice)', async () => {
  const { sizes, walks } = harness(undefined);
  const pending = sizes.get(request);
  await settle();
  sizes.changed([join(dir, 'a.txt')]);
  assert.equal(walks[0].options.signal?.aborted, true);
  walks[0].finish();
  await settle();
  await settle();
  assert.equal(walks.length, 2);
  walks[1].finish(5);
  assert.equal((await pending).walk.files, 5);
});

test('without a watcher a walk is kept maxAgeMs; at most maxKept walks are kept', async () => {
  let now = 0;
  const { sizes, walks } = harness(undefined, { maxAgeMs: 1_000, maxKept: 1, now: () => now });
  const first = sizes.get(request);
  await settle();
  walks[0].finish();
  await first;
  now = 999;
  assert.equal(sizes.peek(request)?.state, 'done');
  now = 1_001;
  assert.equal(sizes.peek(request), undefined);
  const other = { dockerfile: join(dir, 'Other.Dockerfile'), contextDir: dir };
  const second = sizes.get(other);
  await settle();
  walks[1].finish();
  await second;
  assert.equal(sizes.peek(request), undefined);
  assert.equal(sizes.peek(other)?.state, 'done');
});

test('a folder is reported once for watching, only when it exists; a walk that cannot start reads as an error', async () => {
  const folders: string[] = [];
  const sizes = new ContextSizes({ onNewFolder: (folder) => folders.push(folder) });
  const missing = await sizes.get({ dockerfile: join(dir, 'nope', 'Dockerfile'), contextDir: join(dir, 'nope') });
  assert.deepEqual([missing.walk.stopped, missing.walk.error], ['error', 'the folder does not exist']);
  await sizes.get(request);
  await sizes.get({ ...request, dockerfile: join(dir, 'Second.Dockerfile') });
  assert.deepEqual(folders, [dir]);
  sizes.dispose();
});
