/**
 * The baseline validator (dockerfile-utils) parses the whole text again and grows faster than the
 * file (16 s for 50k lines), so it runs in a worker thread: requests are answered while it works,
 * and work for an outdated version is cancelled by restarting the worker. Same bundle, no extra file:
 * the worker is this server's own script started with `isMainThread` false.
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { baseline } from './features/context';

interface Job { uri: string; version: number; text: string; resolve: (d: Diagnostic[] | undefined) => void }

export function isValidatorWorker(): boolean {
  return !isMainThread && parentPort !== null;
}

/** The worker's loop: one validation per message. */
export function runValidatorWorker(): void {
  parentPort!.on('message', (job: { id: number; text: string }) => {
    let diagnostics: Diagnostic[] = [];
    try { diagnostics = baseline().validate(job.text); } catch { diagnostics = []; }
    parentPort!.postMessage({ id: job.id, diagnostics });
  });
}

export class Validator {
  private worker: Worker | undefined;
  private running: (Job & { id: number }) | undefined;
  private readonly queue = new Map<string, Job>(); // latest job per document
  private nextId = 1;

  constructor(private script: string | undefined) {}

  /** Baseline diagnostics for a version; `undefined` when a newer version replaced the request. */
  validate(uri: string, version: number, text: string): Promise<Diagnostic[] | undefined> {
    return new Promise((resolve) => {
      this.queue.get(uri)?.resolve(undefined);
      this.queue.set(uri, { uri, version, text, resolve });
      if (this.running?.uri === uri && this.running.version !== version) this.restart();
      this.pump();
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || !this.script) return this.worker;
    try {
      this.worker = new Worker(this.script);
      this.worker.unref();
      this.worker.on('message', (message: { id: number; diagnostics: Diagnostic[] }) => {
        const job = this.running;
        if (!job || job.id !== message.id) return;
        this.running = undefined;
        job.resolve(message.diagnostics);
        this.pump();
      });
      this.worker.on('error', () => this.restart());
    } catch {
      this.script = undefined; // no worker threads here: validate in-process
    }
    return this.worker;
  }

  private restart(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.running?.resolve(undefined);
    this.running = undefined;
  }

  private pump(): void {
    if (this.running) return;
    const next = this.queue.values().next();
    if (next.done) return;
    const job = next.value;
    this.queue.delete(job.uri);
    const worker = this.ensureWorker();
    if (!worker) {
      let diagnostics: Diagnostic[] = [];
      try { diagnostics = baseline().validate(job.text); } catch { diagnostics = []; }
      job.resolve(diagnostics);
      setImmediate(() => this.pump());
      return;
    }
    this.running = { ...job, id: this.nextId++ };
    worker.postMessage({ id: this.running.id, text: job.text });
  }

  dispose(): void {
    for (const job of this.queue.values()) job.resolve(undefined);
    this.queue.clear();
    this.restart();
  }
}
