/**
 * The baseline validator (dockerfile-utils) parses the whole text again and grows faster than the
 * file (16 s for 50k lines). A large file is validated one stage at a time (see features/sliced.ts):
 * each stage's result is kept per document, so after an edit only the edited stage is validated
 * again, and the run yields between stages, so requests are answered meanwhile and a run for an
 * outdated version stops as soon as a newer one arrives. That runs on the main thread; a large file
 * that cannot be cut (one stage, unreadable lines) is validated whole in a worker thread, so requests
 * never wait behind it. Same bundle, no extra file: the worker is this server's own script started
 * with `isMainThread` false.
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import type { SlicePlan } from './analysis/slices';
import { baseline } from './features/context';
import { SliceCache, validateSliced } from './features/sliced';

/** What the worker is asked: validate `text` (by stages when `plan` is given), or forget a document. */
export type ValidatorMessage =
  | { kind: 'validate'; id: number; uri: string; text: string; plan?: SlicePlan }
  | { kind: 'forget'; uri: string };

export interface ValidatorReply { id: number; diagnostics?: Diagnostic[] }

/** Validation runs for documents, one at a time, a newer request for a document replacing the older. */
export class ValidationRunner {
  private readonly caches = new Map<string, SliceCache<Diagnostic[]>>();
  private readonly pending = new Map<string, Extract<ValidatorMessage, { kind: 'validate' }>>();
  private busy = false;

  /** `budgetMs`: work done between two yields to the event loop (where newer requests arrive). */
  constructor(private readonly reply: (reply: ValidatorReply) => void, private readonly budgetMs = 8) {}

  receive(message: ValidatorMessage): void {
    if (message.kind === 'forget') {
      this.caches.delete(message.uri);
      const dropped = this.pending.get(message.uri);
      if (dropped) { this.pending.delete(message.uri); this.reply({ id: dropped.id }); }
      return;
    }
    const replaced = this.pending.get(message.uri);
    if (replaced) { this.pending.delete(message.uri); this.reply({ id: replaced.id }); }
    this.pending.set(message.uri, message);
    if (!this.busy) void this.run();
  }

  private async run(): Promise<void> {
    this.busy = true;
    try {
      for (let next = this.pending.values().next(); !next.done; next = this.pending.values().next()) {
        const job = next.value;
        this.pending.delete(job.uri);
        this.reply({ id: job.id, diagnostics: await this.validate(job) });
      }
    } finally {
      this.busy = false;
    }
  }

  /** Diagnostics, or undefined when a newer version of the document arrived meanwhile. */
  private async validate(job: Extract<ValidatorMessage, { kind: 'validate' }>): Promise<Diagnostic[] | undefined> {
    if (!job.plan) {
      try { return baseline().validate(job.text); } catch { return []; }
    }
    let cache = this.caches.get(job.uri);
    if (!cache) this.caches.set(job.uri, (cache = new SliceCache()));
    const steps = validateSliced(job.text, job.plan, cache);
    let started = performance.now();
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        if (performance.now() - started < this.budgetMs) continue;
        await new Promise((resolve) => setImmediate(resolve));
        if (this.pending.has(job.uri)) { cache.abandon(); return undefined; }
        started = performance.now();
      }
    } catch {
      cache.abandon();
      try { return baseline().validate(job.text); } catch { return []; }
    }
  }
}

export function isValidatorWorker(): boolean {
  return !isMainThread && parentPort !== null;
}

/** The worker's loop. */
export function runValidatorWorker(): void {
  const runner = new ValidationRunner((reply) => parentPort!.postMessage(reply));
  parentPort!.on('message', (message: ValidatorMessage) => runner.receive(message));
}

/**
 * Below this size the baseline validates in a few milliseconds: the main thread does it, which saves
 * the hop to the worker and back (two thread wake-ups, costly on a busy machine).
 */
export const IN_PROCESS_MAX_CHARS = 12_000;

export class Validator {
  private worker: Worker | undefined;
  private inProcess: ValidationRunner | undefined;
  private readonly waiting = new Map<number, { uri: string; resolve: (d: Diagnostic[] | undefined) => void }>();
  private readonly latest = new Map<string, number>(); // uri -> id of the newest request
  private nextId = 1;

  constructor(private script: string | undefined) {}

  /** Baseline diagnostics for a version; `undefined` when a newer version replaced the request. */
  validate(uri: string, version: number, text: string, plan?: SlicePlan): Promise<Diagnostic[] | undefined> {
    if (!plan && text.length <= IN_PROCESS_MAX_CHARS) {
      const previous = this.latest.get(uri);
      if (previous !== undefined) this.settle({ id: previous });
      try { return Promise.resolve(baseline().validate(text)); } catch { return Promise.resolve([]); }
    }
    return new Promise((resolve) => {
      const id = this.nextId++;
      const previous = this.latest.get(uri);
      if (previous !== undefined) this.settle({ id: previous });
      this.latest.set(uri, id);
      this.waiting.set(id, { uri, resolve });
      this.post({ kind: 'validate', id, uri, text, plan });
    });
  }

  /** The document closed: drop its pending work and its cached stages. */
  forget(uri: string): void {
    const previous = this.latest.get(uri);
    if (previous !== undefined) this.settle({ id: previous });
    this.latest.delete(uri);
    this.post({ kind: 'forget', uri });
  }

  private settle(reply: ValidatorReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (this.latest.get(waiter.uri) === reply.id) this.latest.delete(waiter.uri);
    waiter.resolve(reply.diagnostics);
  }

  /**
   * Stage by stage, validation yields every few milliseconds, so the main thread does it: no copy of
   * the text to another thread, no second heap (measured: the worker cost 24 MB at rest and a copy of
   * a 2 MB text per run). Only a large file that cannot be cut goes to the worker, started then.
   */
  private post(message: ValidatorMessage): void {
    if (message.kind === 'forget') {
      this.worker?.postMessage(message);
      this.runInProcess(message);
      return;
    }
    const worker = message.plan || message.text.length <= IN_PROCESS_MAX_CHARS ? undefined : this.ensureWorker();
    if (worker) worker.postMessage(message);
    else this.runInProcess(message);
  }

  private runInProcess(message: ValidatorMessage): void {
    this.inProcess ??= new ValidationRunner((reply) => this.settle(reply));
    this.inProcess.receive(message);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || !this.script) return this.worker;
    try {
      // Its stdout is ours to route: the process's own stdout may be the protocol stream (stdio).
      const worker = new Worker(this.script, { stdout: true });
      worker.stdout.pipe(process.stderr);
      worker.unref();
      worker.on('message', (reply: ValidatorReply) => this.settle(reply));
      worker.on('error', () => this.restart(worker));
      worker.on('exit', () => this.restart(worker));
      this.worker = worker;
    } catch {
      this.script = undefined; // no worker threads here: validate in-process
    }
    return this.worker;
  }

  /** The worker died: what it was doing is answered as replaced, the next request starts a new one. */
  private restart(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const id of [...this.waiting.keys()]) this.settle({ id });
  }

  dispose(): void {
    for (const id of [...this.waiting.keys()]) this.settle({ id });
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
