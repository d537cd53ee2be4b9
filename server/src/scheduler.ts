/**
 * Runs diagnostics off the request path: each change restarts a short per-document timer, the work
 * runs from the event loop (so a queued hover or completion is answered first), and a result is
 * published only if the document is still at the version it was computed for.
 */
export interface ScheduledDocument {
  uri: string;
  version: number;
}

export class DiagnosticsScheduler {
  /** Pending runs: how to cancel each. */
  private readonly timers = new Map<string, () => void>();
  private readonly lastChange = new Map<string, number>();
  /** Documents whose pending run is due at once (didOpen fires a change right after the open: it stays due). */
  private readonly due = new Set<string>();

  constructor(
    private readonly run: (uri: string, version: number) => Promise<void>,
    private readonly delayMs = 150,
  ) {}

  /**
   * The first change after a quiet spell runs at once (one edit: diagnostics without waiting); a
   * change within `delayMs` of the previous one waits for the burst to end.
   */
  schedule(document: ScheduledDocument, immediate = false): void {
    const now = performance.now();
    const quiet = !this.timers.has(document.uri) && now - (this.lastChange.get(document.uri) ?? -Infinity) >= this.delayMs;
    const runAtOnce = immediate || quiet || this.due.has(document.uri);
    // Edits make a burst; an open (and the change event that comes with it) does not.
    if (!immediate && !this.due.has(document.uri)) this.lastChange.set(document.uri, now);
    this.cancel(document.uri);
    const fire = () => {
      this.timers.delete(document.uri);
      this.due.delete(document.uri);
      this.run(document.uri, document.version).catch(() => undefined);
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

  /** Drops pending work (and, with `forget`, what is known of the document's last change). */
  cancel(uri: string, forget = false): void {
    if (forget) this.lastChange.delete(uri);
    this.due.delete(uri);
    this.timers.get(uri)?.();
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.lastChange.clear();
    this.due.clear();
  }
}
