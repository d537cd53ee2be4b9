/**
 * The idle collector on a fake clock, heap and event loop: it collects once after a quiet spell
 * that follows growth, never while messages come or while work keeps the event loop busy.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { IdleCollector, exposedGc } from '../../server/src/idleCollector';

const MB = 1024 * 1024;

function fake(options: { growthMB?: number; onQuiet?: () => boolean } = {}) {
  const state = { now: 0, heap: 10 * MB, held: 30 * MB, busy: 0, collected: 0 };
  const collector = new IdleCollector({
    quietMs: 1000,
    growthBytes: (options.growthMB ?? 24) * MB,
    now: () => state.now,
    heapUsed: () => state.heap,
    heapHeld: () => state.held,
    utilization: () => state.busy,
    collect: () => {
      state.collected++;
      state.heap = 12 * MB;
      state.held = 30 * MB;
    },
    onQuiet: options.onQuiet,
  });
  return { state, collector };
}

test('after growth, a quiet spell gives one collection (two passes), and growth is then counted from what it left', () => {
  const { state, collector } = fake();
  collector.touch();
  state.heap = 80 * MB;
  state.now = 1000;
  collector.check();
  assert.equal(state.collected, 1);
  assert.equal(collector.collections, 1);
  assert.equal(collector.baselineBytes, 12 * MB);
  // Still quiet 5 s later: the pass that hands the freed memory back.
  state.now = 6000;
  collector.check();
  assert.equal(state.collected, 2);
  assert.equal(collector.collections, 1);
  // Quiet again with no new growth: nothing to give back.
  collector.touch();
  state.now = 8000;
  collector.check();
  assert.equal(state.collected, 2);
});

test('a message between the passes puts the rest off to the next quiet spell', () => {
  const { state, collector } = fake();
  collector.touch();
  state.heap = 80 * MB;
  state.now = 1000;
  collector.check();
  state.now = 1200;
  collector.touch();
  state.now = 1500;
  collector.check();
  assert.equal(state.collected, 1);
  state.now = 2700;
  collector.check();
  assert.equal(state.collected, 2);
  state.now = 8000;
  collector.check();
  assert.equal(state.collected, 2, 'the passes are done');
});

test('messages within the quiet time postpone the collection', () => {
  const { state, collector } = fake();
  state.heap = 80 * MB;
  for (let t = 0; t <= 5000; t += 400) {
    state.now = t;
    collector.touch();
    collector.check();
  }
  assert.equal(state.collected, 0);
  state.now = 6000;
  collector.check();
  assert.equal(state.collected, 1);
});

test('a busy event loop (work that yields between slices) is not quiet, even without messages', () => {
  const { state, collector } = fake();
  collector.touch();
  state.heap = 80 * MB;
  state.busy = 0.6;
  state.now = 1500;
  collector.check();
  assert.equal(state.collected, 0);
  state.busy = 0.01;
  state.now = 2600;
  collector.check();
  assert.equal(state.collected, 1);
});

test('what the quiet hook gives back is collected even without growth', () => {
  let hooks = 0;
  const { state, collector } = fake({ onQuiet: () => ++hooks === 1 });
  collector.touch();
  state.now = 1000;
  collector.check();
  assert.equal(state.collected, 1, 'the hook dropped something: collected');
  state.now = 6000;
  collector.check(); // the pass after the first
  collector.touch();
  state.now = 8000;
  collector.check();
  assert.equal(hooks, 2);
  assert.equal(state.collected, 2, 'nothing dropped and no growth: no new collection');
});

test('a heap V8 grew and still holds after collecting on its own counts as growth', () => {
  const { state, collector } = fake();
  collector.touch();
  state.heap = 14 * MB; // V8 collected during the work...
  state.held = 120 * MB; // ...and kept the pages
  state.now = 1000;
  collector.check();
  assert.equal(state.collected, 1);
});

test('a diagnostics run waiting on the worker (main thread idle) is work in progress; a failing hook never throws', async () => {
  const { state, collector } = fake();
  state.heap = 80 * MB;
  let finish!: () => void;
  const run = collector.during(
    () =>
      new Promise<void>((resolve) => {
        finish = resolve;
      }),
  );
  state.now = 5000;
  collector.check();
  assert.equal(state.collected, 0, 'collected during a run');
  finish();
  await run;
  state.now = 6000;
  collector.check();
  assert.equal(state.collected, 1);
  const throwing = fake({
    onQuiet: () => {
      throw new Error('hook');
    },
  });
  throwing.collector.touch();
  throwing.state.now = 1000;
  assert.doesNotThrow(() => throwing.collector.check());
  throwing.collector.dispose();
  collector.dispose();
});

test('growth under the threshold is left to V8', () => {
  const { state, collector } = fake({ growthMB: 24 });
  collector.touch();
  state.heap = 30 * MB; // 20 MB over the start
  state.now = 1000;
  collector.check();
  assert.equal(state.collected, 0);
  collector.dispose();
});

test('a closed large document is collected at once, with growth then counted from what it left; a small one is not', () => {
  const state = { heap: 80 * MB, collected: 0 };
  const collector = new IdleCollector({
    largeChars: 1000,
    now: () => 0,
    heapUsed: () => state.heap,
    heapHeld: () => 100 * MB,
    utilization: () => 0,
    collect: () => {
      state.collected++;
      state.heap = 20 * MB;
    },
  });
  collector.released(999);
  collector.released(0);
  assert.equal(state.collected, 0);
  collector.released(1000);
  assert.equal(state.collected, 1);
  assert.equal(collector.baselineBytes, 20 * MB);
  collector.dispose();
  collector.released(5000); // disposed: nothing runs
  assert.equal(state.collected, 1);
});

test('a closed large document without gc available, or with a failing one, never throws', () => {
  const without = new IdleCollector({ largeChars: 10, collect: undefined, utilization: () => 0 });
  (without as unknown as { collect: undefined }).collect = undefined;
  assert.doesNotThrow(() => without.released(100));
  without.dispose();
  const failing = new IdleCollector({
    largeChars: 10,
    utilization: () => 0,
    collect: () => {
      throw new Error('no gc');
    },
  });
  assert.doesNotThrow(() => failing.released(100));
  failing.dispose();
});

test('the heap may double at most; by half while a very large model is held; only changes are passed on', () => {
  const set: number[] = [];
  const collector = new IdleCollector({ utilization: () => 0, setGrowthPercent: (percent) => set.push(percent) });
  collector.holdGrowth(false);
  collector.holdGrowth(true);
  collector.holdGrowth(true);
  collector.holdGrowth(false);
  assert.deepEqual(set, [100, 50, 100]);
  const failing = new IdleCollector({
    utilization: () => 0,
    setGrowthPercent: () => {
      throw new Error('unknown flag');
    },
  });
  assert.doesNotThrow(() => failing.holdGrowth(true));
  collector.dispose();
  failing.dispose();
});

test("V8's gc is reachable without --expose-gc, and frees unreachable objects", async () => {
  const gc = exposedGc();
  assert.ok(gc, 'gc() could not be exposed');
  let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `item ${i}` }));
  const weak = new WeakRef(garbage);
  garbage = undefined;
  await new Promise((resolve) => setImmediate(resolve)); // a WeakRef holds its target until the job ends
  gc();
  assert.equal(weak.deref(), undefined);
});
