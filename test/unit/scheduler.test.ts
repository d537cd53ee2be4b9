import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticsScheduler } from '../../server/src/scheduler';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a burst of changes runs diagnostics once, for the last version', async () => {
  const runs: [string, number][] = [];
  const scheduler = new DiagnosticsScheduler(async (uri, version) => {
    runs.push([uri, version]);
  }, 20);
  for (let version = 1; version <= 5; version++) scheduler.schedule({ uri: 'a', version });
  await tick(60);
  assert.deepEqual(runs, [['a', 5]]);
  scheduler.dispose();
});

test('documents are scheduled independently; cancel drops pending work', async () => {
  const runs: string[] = [];
  const scheduler = new DiagnosticsScheduler(async (uri) => {
    runs.push(uri);
  }, 20);
  scheduler.schedule({ uri: 'a', version: 1 });
  scheduler.schedule({ uri: 'b', version: 1 });
  scheduler.cancel('a');
  await tick(60);
  assert.deepEqual(runs, ['b']);
  scheduler.dispose();
});

test('a failing run does not stop later runs', async () => {
  const runs: number[] = [];
  const scheduler = new DiagnosticsScheduler(async (_uri, version) => {
    runs.push(version);
    if (version === 1) throw new Error('boom');
  }, 5);
  scheduler.schedule({ uri: 'a', version: 1 }, true);
  await tick(20);
  scheduler.schedule({ uri: 'a', version: 2 }, true);
  await tick(20);
  assert.deepEqual(runs, [1, 2]);
  scheduler.dispose();
});

test('the first change after a quiet spell runs at once; changes while its run goes wait for the burst to end', async () => {
  const runs: number[] = [];
  const scheduler = new DiagnosticsScheduler(async (_uri, version) => {
    runs.push(version);
    await tick(30); // the run works (and publishes) for a while
  }, 40);
  scheduler.schedule({ uri: 'a', version: 1 });
  await tick(5);
  assert.deepEqual(runs, [1]); // no debounce for a single edit
  scheduler.schedule({ uri: 'a', version: 2 }); // run 1 still going: a burst
  await tick(5);
  scheduler.schedule({ uri: 'a', version: 3 });
  await tick(5);
  assert.deepEqual(runs, [1]); // a burst: waiting
  await tick(80);
  assert.deepEqual(runs, [1, 3]);
  await tick(50);
  scheduler.schedule({ uri: 'a', version: 4 }); // quiet again
  await tick(5);
  assert.deepEqual(runs, [1, 3, 4]);
  scheduler.dispose();
});

test("a change right after the last one's diagnostics were published runs at once, however soon", async () => {
  const runs: number[] = [];
  const scheduler = new DiagnosticsScheduler(async (_uri, version) => {
    runs.push(version);
  }, 1000);
  for (let version = 1; version <= 4; version++) {
    scheduler.schedule({ uri: 'a', version }); // an edit, then its diagnostics awaited (an editor's save-on-publish, a benchmark)
    await tick(2);
    assert.deepEqual(runs.at(-1), version);
  }
  scheduler.dispose();
});

test('a change while a run waits on a timer restarts the timer', async () => {
  const runs: number[] = [];
  const scheduler = new DiagnosticsScheduler(async (_uri, version) => {
    runs.push(version);
    await tick(20);
  }, 200);
  scheduler.schedule({ uri: 'a', version: 1 });
  await tick(5);
  for (let version = 2; version <= 5; version++) {
    scheduler.schedule({ uri: 'a', version });
    await tick(20);
  }
  assert.deepEqual(runs, [1]);
  await tick(300);
  assert.deepEqual(runs, [1, 5]);
  scheduler.dispose();
});

test('didOpen and the change event that follows it run diagnostics at once, once', async () => {
  const runs: number[] = [];
  const scheduler = new DiagnosticsScheduler(async (_uri, version) => {
    runs.push(version);
  }, 1000);
  scheduler.schedule({ uri: 'a', version: 1 }, true); // onDidOpen
  scheduler.schedule({ uri: 'a', version: 1 }); // onDidChangeContent, same tick
  await tick(20);
  assert.deepEqual(runs, [1]);
  scheduler.dispose();
});

test('an edit right after an open is not part of a burst: it runs at once', async () => {
  const runs: number[] = [];
  const scheduler = new DiagnosticsScheduler(async (_uri, version) => {
    runs.push(version);
  }, 1000);
  scheduler.schedule({ uri: 'a', version: 1 }, true);
  scheduler.schedule({ uri: 'a', version: 1 });
  await tick(5);
  scheduler.schedule({ uri: 'a', version: 2 });
  await tick(20);
  assert.deepEqual(runs, [1, 2]);
  scheduler.dispose();
});
