/**
 * Runs diagnostics off the request path: each change restarts a short per-document timer, the work
 * runs from the event loop (so a queued hover or completion is answered first), and a result is
 * published only if the document is still at the version it was computed for.
 */
export interface ScheduledDocument { uri: string; version: number }

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly run: (uri: string, version: number) => Promise<void>,
    private readonly delayMs = 150,
  ) {}

  schedule(document: ScheduledDocument, immediate = false): void {
    this.cancel(document.uri);
    const timer = setTimeout(() => {
      this.timers.delete(document.uri);
      this.run(document.uri, document.version).catch(() => undefined);
    }, immediate ? 0 : this.delayMs);
    this.timers.set(document.uri, timer);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
