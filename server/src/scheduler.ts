/**
 * Runs diagnostics off the request path: the work runs from the event loop (so a queued hover or
 * completion is answered first), and a result is published only if the document is still at the
 * version it was computed for. A change that finds the last one's diagnostics still to come (waiting
 * or being worked out) is part of a burst: it restarts a short per-document timer instead.
 */
export interface ScheduledDocument {
  uri: string;
  version: number;
}

export class DiagnosticsScheduler {
  /** Pending runs: how to cancel each. */
  private readonly timers = new Map<string, () => void>();
  /** Runs started and not finished, per document (the last one started). */
  private readonly running = new Map<string, Promise<void>>();
  /** Documents whose pending run is due at once (didOpen fires a change right after the open: it stays due). */
  private readonly due = new Set<string>();

  constructor(
    private readonly run: (uri: string, version: number) => Promise<void>,
    private readonly delayMs = 150,
  ) {}

  /**
   * A change whose document has its diagnostics published (or no run waiting or going) runs at once:
   * an edit made after the last one's diagnostics came gets its own without waiting, however soon
   * it follows. A change while the last one's run waits or is being worked out (keys typed faster
   * than the diagnostics come) waits for the burst to end: `delayMs` after its last change.
   */
  schedule(document: ScheduledDocument, immediate = false): void {
    const quiet = !this.timers.has(document.uri) && !this.running.has(document.uri);
    const runAtOnce = immediate || quiet || this.due.has(document.uri);
    this.cancel(document.uri);
    const fire = () => {
      this.timers.delete(document.uri);
      this.due.delete(document.uri);
      const run = this.run(document.uri, document.version).catch(() => undefined);
      this.running.set(document.uri, run);
      void run.then(() => {
        if (this.running.get(document.uri) === run) this.running.delete(document.uri);
      });
    };
    // At once: on the next turn of the event loop (after queued messages), not after a timer's 1 ms.
    if (runAtOnce) {
      const handle = setImmediate(fire);
      this.timers.set(document.uri, () => clearImmediate(handle));
    } else {
      const handle = setTimeout(fire, this.delayMs);
      this.timers.set(document.uri, () => clearTimeout(handle));
    }
    if (runAtOnce) this.due.add(document.uri);
  }

  /** Drops pending work (and, with `forget`, what is known of the document's run in progress: it will not publish). */
  cancel(uri: string, forget = false): void {
    if (forget) this.running.delete(uri);
    this.due.delete(uri);
    this.timers.get(uri)?.();
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.running.clear();
    this.due.clear();
  }
}
