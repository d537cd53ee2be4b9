/**
 * Gives memory back after a burst of work. Opening or editing a large Dockerfile leaves tens of MB of
 * garbage (the old model, the slices the baseline parsed, the outline JSON), and V8 collects it only
 * when it next needs room, which in an idle server is never: the server keeps that memory while the
 * user reads. So, once the server has had nothing to do for a while and its heap grew well past what
 * the last full collection left, it runs one full collection, in two passes (the second, 5 s later,
 * hands back the memory the first freed and shrinks the young generation). A pass over the heap
 * after the 50k-line file takes tens of milliseconds, so it waits for a quiet spell and never runs
 * during typing.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { performance } from 'node:perf_hooks';

export interface IdleCollectorOptions {
  /** How long the server must have been quiet (no request, no document event). */
  quietMs?: number;
  /** Collect only when the heap in use, or the heap V8 holds, grew by this much since the last full collection. */
  growthBytes?: number;
  /** A closed document whose text had at least this many characters is collected at once (see `released`). */
  largeChars?: number;
  /** Sets V8's heap growing percent; see `holdGrowth`. */
  setGrowthPercent?: (percent: number) => void;
  /** Runs first in a quiet spell: gives back what is cheap to rebuild; true when it dropped something (then a collection runs). */
  onQuiet?: () => boolean;
  /** For tests: the heap in use, a full collection, a clock, the event loop's busy share since the last call. */
  heapUsed?: () => number;
  heapHeld?: () => number;
  collect?: () => void;
  now?: () => number;
  utilization?: () => number;
}

/**
 * The wait before the pass after the first. V8 shrinks the young generation only once its
 * allocation rate has been low for some seconds (its throughput window is 5 s), hence 5 s.
 * A pass half a second after the first (which handed back the old-space pages the first emptied) was
 * dropped: an edit 1.5-3 s into a quiet spell then found the heap given back and paid to grow it
 * again (the 10k file's edits 3 s apart: insert median 64-72 ms with it, 51-64 ms without).
 */
const RELEASE_DELAY_MS = 5000;

/** A text this long (about 7,000 lines) has a model of several MB, worth collecting as soon as it is closed. */
const LARGE_MODEL_CHARS = 256 * 1024;

/** How far the heap may grow past what the last full collection left while a very large model is kept (see `holdGrowth`). */
const HELD_GROWTH_PERCENT = 50;

/**
 * How far it may grow otherwise. V8's own choice lets a heap that allocates fast grow to four times
 * what its last full collection left: each edit of the 10k-line file leaves MB of the last version's
 * model and results in the old generation, so typing in it took the server from 100 MB to over 200 MB
 * between two full collections, with 25-40 MB live. Doubling at most halved that growth at the same
 * CPU time per edit (the full collections are mostly concurrent marking of a small live heap).
 */
const GROWTH_PERCENT = 100;

/**
 * How long the server must have had no message before the first pass. Longer than a pause in
 * typing: a collection in such a pause left the edits after it slower (the 10k-line file's edits in
 * rounds 1.6 s apart, as in the benchmark: medians 46-70 ms with 1.5 s here, 31-47 ms with 4 s; 3.5 s
 * apart: 44-67 against 33-49 ms). The memory at rest is the same, seconds later.
 */
const QUIET_MS = 4000;

/** The event loop's busy share over the quiet spell above which the server is still working. */
const MAX_IDLE_UTILIZATION = 0.05;

/** The event loop's busy share since the previous call. */
function eventLoopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}

/**
 * V8's gc(): the global one when Node was started with --expose-gc (the VS Code client starts the
 * server so), else exposed at run time (`--stdio` from another editor); undefined where neither works.
 */
export function exposedGc(): (() => void) | undefined {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return () => (global as () => void)();
  try {
    setFlagsFromString('--expose-gc');
    // node:vm is loaded only here: a server started with --expose-gc (as the VS Code client starts it) never loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const gc = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

export class IdleCollector {
  private readonly quietMs: number;
  private readonly largeChars: number;
  private readonly setGrowthPercent: (percent: number) => void;
  private growthHeld = false;
  private readonly growthBytes: number;
  private readonly heapUsed: () => number;
  private readonly heapHeld: () => number;
  private readonly collect: (() => void) | undefined;
  private readonly now: () => number;
  private readonly utilization: () => number;
  private readonly onQuiet: (() => boolean) | undefined;
  private lastActivity: number;
  /** The pass after the first is still to run, in a quiet spell: it returns the memory the first freed. */
  private releasePending = false;
  /** Diagnostics runs in progress (see `during`). */
  private working = 0;
  private disposed = false;
  private baseline: number;
  private baselineHeld: number;
  private timer: NodeJS.Timeout | undefined;
  /** Full collections run so far, and the time they took: for tests and logs. */
  collections = 0;
  collectMs = 0;

  constructor(options: IdleCollectorOptions = {}) {
    this.quietMs = options.quietMs ?? QUIET_MS;
    this.largeChars = options.largeChars ?? LARGE_MODEL_CHARS;
    this.setGrowthPercent = options.setGrowthPercent ?? ((percent) => setFlagsFromString(`--heap-growing-percent=${percent}`));
    this.growthBytes = options.growthBytes ?? 24 * 1024 * 1024;
    this.heapUsed = options.heapUsed ?? (() => getHeapStatistics().used_heap_size);
    this.heapHeld = options.heapHeld ?? (() => getHeapStatistics().total_heap_size);
    this.collect = options.collect ?? exposedGc();
    this.now = options.now ?? (() => performance.now());
    this.utilization = options.utilization ?? eventLoopUtilization();
    this.onQuiet = options.onQuiet;
    this.lastActivity = this.now();
    this.applyGrowth(GROWTH_PERCENT);
    this.baseline = this.heapUsed();
    this.baselineHeld = this.heapHeld();
  }

  /** Something happened (a request, a document event, a diagnostics run): the quiet spell restarts. */
  touch(): void {
    if (this.disposed) return;
    this.lastActivity = this.now();
    this.utilization(); // the event loop's busy share is measured over the quiet spell from here
    if (!this.timer && this.collect) this.arm(this.quietMs);
  }

  /** Runs `work`; the server is not quiet until it ends, even while it waits (on the settings or the disk). */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.touch();
    this.working++;
    try {
      return await work();
    } finally {
      this.working--;
      this.touch();
    }
  }

  /**
   * A document closed and its model, read from a text of `chars` characters, is garbage now. A large
   * one is collected at once: a model takes many times the memory of its text, and V8 would keep it
   * until its heap reached a limit it set from the heap at its last collection, while the next large
   * file is read on top of it (a close is no time anybody waits on the server).
   */
  released(chars: number): void {
    if (this.disposed || !this.collect || chars < this.largeChars) return;
    try {
      this.run();
    } catch {
      // Giving memory back is an optimization: it never takes the server down.
    }
  }

  /**
   * `hold`: a model larger than the cache's budget is kept (a very large file is in use). V8 lets the
   * heap grow to up to four times what its last full collection left before it collects again; with
   * such a model that is 100 MB and more of garbage from its edits and requests. While one is kept,
   * the heap may grow by half before a full collection (V8's `--heap-growing-percent`, which V8 reads
   * when it sets its next limit, at the end of a full collection); it may double again once none is.
   */
  holdGrowth(hold: boolean): void {
    if (hold === this.growthHeld || this.disposed) return;
    this.growthHeld = hold;
    this.applyGrowth(hold ? HELD_GROWTH_PERCENT : GROWTH_PERCENT);
  }

  private applyGrowth(percent: number): void {
    try {
      this.setGrowthPercent(percent);
    } catch {
      // A Node without the flag: V8 keeps its own choice.
    }
  }

  /** Runs when the timer fires: collects if the server was quiet long enough, else waits out the rest. */
  check(): void {
    this.timer = undefined;
    if (this.disposed) return;
    try {
      this.checkQuiet();
    } catch {
      // Giving memory back is an optimization: it never takes the server down.
    }
  }

  private checkQuiet(): void {
    const quietFor = this.now() - this.lastActivity;
    if (quietFor < this.quietMs) {
      this.arm(this.quietMs - quietFor);
      return;
    }
    // No message, but work in progress (a diagnostics run waiting on the worker, or a large file's
    // validation yielding to the event loop between slices): not quiet either.
    if (this.working > 0 || this.utilization() > MAX_IDLE_UTILIZATION) {
      this.lastActivity = this.now();
      this.arm(this.quietMs);
      return;
    }
    if (!this.collect) return;
    if (this.releasePending) {
      // V8 hands back the old-space pages the first pass emptied, and shrinks the young generation it
      // grew during the work, on a pass seconds later (docs/performance.md, "Idle collection").
      this.releasePending = false;
      this.run();
      return;
    }
    const dropped = this.onQuiet?.() ?? false;
    // V8 may have collected on its own during the work and still hold the heap it grew to: that counts too.
    const grew = this.heapUsed() - this.baseline >= this.growthBytes || this.heapHeld() - this.baselineHeld >= this.growthBytes;
    if (!dropped && !grew) return;
    this.run();
    this.collections++;
    this.releasePending = true;
    this.arm(RELEASE_DELAY_MS);
  }

  private run(): void {
    const started = this.now();
    this.collect!();
    this.collectMs += this.now() - started;
    this.utilization(); // the pass itself is not work the next quiet spell should see
    this.baseline = this.heapUsed();
    this.baselineHeld = this.heapHeld();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The heap in use after the last full collection (or at start): growth is counted from it. */
  get baselineBytes(): number {
    return this.baseline;
  }

  /** The heap V8 held after the last full collection (or at start). */
  get baselineHeldBytes(): number {
    return this.baselineHeld;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), Math.max(1, ms));
    this.timer.unref?.();
  }
}
