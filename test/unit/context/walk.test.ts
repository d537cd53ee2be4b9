/**
 * The context walk on a folder made on disk (test/helpers/contextFixture.ts): totals after the
 * `.dockerignore` (test/fixtures/context/walk.expected.json), a link out of the context counted as
 * itself, excluded folders never read (counted in entries, not timed), the bounds, cancelling, and
 * 100,000 small files.
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IgnoreMatcher } from '../../../server/src/context/dockerignore';
import { largestFolders, walkContext, type ContextWalk } from '../../../server/src/context/walk';
import { makeContextFixture } from '../../helpers/contextFixture';

const expected = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'context', 'walk.expected.json'), 'utf8'));
const fixture = makeContextFixture();
after(() => fixture.remove());

const matcher = () => new IgnoreMatcher(readFileSync(join(fixture.context, '.dockerignore'), 'utf8'));
const summary = (walk: ContextWalk) => ({
  files: walk.files,
  bytes: walk.bytes,
  directories: walk.directories,
  symlinks: walk.symlinks,
  ignored: walk.ignored,
  entries: walk.entries,
  complete: walk.complete,
  folders: Object.fromEntries([...walk.folders].sort((a, b) => a[0].localeCompare(b[0]))),
  largestFiles: walk.largestFiles,
});

test('totals after the .dockerignore: exceptions bring files back from excluded folders, links count as themselves', async () => {
  const walk = await walkContext(fixture.context, matcher(), { limits: { largestKept: 5 } });
  assert.deepEqual(summary(walk), expected);
  // The link to ../outside (2 MB there) is 10 bytes here; node_modules (2 MB) is not sent.
  assert.ok(walk.bytes < 2_100_000);
  assert.equal(walk.folders.has('node_modules'), false);
  assert.equal(walk.folders.has('outside-link'), false, 'a link to a folder is not walked into');
});

test('an excluded folder no exception reaches into is never read (its entries are not counted)', async () => {
  const walk = await walkContext(fixture.context, matcher());
  const everything = await walkContext(fixture.context, undefined);
  // node_modules holds 5 folders and 50 files: read only when nothing excludes it.
  assert.equal(everything.entries - walk.entries, 55);
  assert.equal(everything.files, 37 + 50 + 4); // its files, and the 4 files the patterns exclude elsewhere
  assert.equal(everything.folders.get('node_modules')?.bytes, 2_000_000);
});

test('a wildcard exception makes the walk look inside every excluded folder, as fsutil does', async () => {
  const walk = await walkContext(fixture.context, new IgnoreMatcher('node_modules\n!**/file-7.js\n'));
  assert.equal(walk.folders.get('node_modules')?.files, 1);
  assert.equal(walk.folders.get('node_modules/pkg-2')?.bytes, 40_000);
  assert.equal(walk.directories, (await walkContext(fixture.context, undefined)).directories - 4, 'only the excluded folders holding it are sent');
});

test('no .dockerignore: everything is sent, the top-level folders largest first', async () => {
  const walk = await walkContext(fixture.context, undefined);
  assert.deepEqual(
    largestFolders(walk, '', 3).map((f) => f.path),
    ['assets', 'node_modules', 'src'],
  );
  assert.deepEqual(
    largestFolders(walk, 'src', 5).map((f) => [f.path, f.bytes]),
    [['src/pkg', 9_000]],
  );
});

test('bounded: stops after maxEntries and says the figures are a lower bound', async () => {
  const walk = await walkContext(fixture.context, matcher(), { limits: { maxEntries: 10 } });
  assert.equal(walk.complete, false);
  assert.equal(walk.stopped, 'entries');
  assert.ok(walk.entries >= 10 && walk.files <= expected.files);
});

test('bounded by time on the given clock', async () => {
  let clock = 0;
  const walk = await walkContext(fixture.context, matcher(), { limits: { maxMs: 5 }, now: () => (clock += 10) });
  assert.deepEqual([walk.complete, walk.stopped], [false, 'time']);
});

test('cancelled by its signal', async () => {
  const controller = new AbortController();
  controller.abort();
  const walk = await walkContext(fixture.context, matcher(), { signal: controller.signal });
  assert.deepEqual([walk.complete, walk.stopped, walk.files], [false, 'cancelled', 0]);
});

test('a context folder that does not exist rejects; a link loop is never followed', async () => {
  await assert.rejects(walkContext(join(fixture.base, 'nope'), undefined), /ENOENT/);
  const loop = join(fixture.context, 'loop');
  symlinkSync('.', loop);
  try {
    const walk = await walkContext(fixture.context, matcher());
    assert.equal(walk.files, expected.files + 1);
  } finally {
    rmSync(loop);
  }
});

test('100,000 small files: every one counted, the files kept in memory stay at largestKept', async () => {
  const many = makeContextFixture(100_000);
  try {
    writeFileSync(join(many.context, 'big.bin'), Buffer.alloc(1_000_000));
    let reports = 0;
    // No time bound here (a loaded machine is slow; the time is the bench's business, not a test's).
    const walk = await walkContext(many.context, new IgnoreMatcher(readFileSync(join(many.context, '.dockerignore'), 'utf8')), {
      limits: { maxMs: Infinity },
      progress: () => reports++,
    });
    assert.equal(walk.complete, true);
    assert.equal(walk.files, expected.files + 100_001);
    assert.equal(walk.bytes, expected.bytes + 1_000_000 + 1_000_000);
    assert.deepEqual(walk.folders.get('many'), { files: 100_000, bytes: 1_000_000 });
    assert.equal(walk.largestFiles.length, 10);
    assert.deepEqual(walk.largestFiles[0], { path: 'big.bin', files: 1, bytes: 1_000_000 });
    // Folder records only down to depthKept (3): many/ and its 1,000 folders, not one per file.
    assert.equal([...walk.folders.keys()].filter((k) => k.startsWith('many')).length, 1_001);
    assert.ok(reports >= 100_000 / 256, 'progress is reported as it goes');
  } finally {
    many.remove();
  }
});
