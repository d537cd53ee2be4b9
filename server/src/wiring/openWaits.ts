/**
 * Requests that wait for the didOpen of the document they name. A request may reach the server
 * before the didOpen of its document (a client that asks for a document's lenses or outline as it
 * opens it): such a request waits for the open, bounded. So does one for a document closed a moment
 * ago: VS Code closes a Dockerfile's model and opens it again when its tab is closed and reopened,
 * and the editor's first request can overtake the open.
 */

/** How long a request waits for the didOpen of a document it names. */
export const OPEN_WAIT_MS = 3000;

export class OpenWaits {
  /** Per document not open yet: the waiting requests, each resumed once. */
  private readonly waits = new Map<string, (() => void)[]>();

  constructor(
    private readonly isOpen: (uri: string) => boolean,
    private readonly timeoutMs = OPEN_WAIT_MS,
  ) {}

  /** Resolves with whether the document is open: at once when it is, else at its didOpen or the timeout. */
  wait(uri: string): Promise<boolean> {
    if (this.isOpen(uri)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(this.isOpen(uri));
      };
      const timer = setTimeout(() => {
        const waits = this.waits.get(uri);
        const at = waits?.indexOf(done) ?? -1;
        if (waits && at >= 0) waits.splice(at, 1);
        if (waits?.length === 0) this.waits.delete(uri);
        resolve(false);
      }, this.timeoutMs);
      const waits = this.waits.get(uri);
      if (waits) waits.push(done);
      else this.waits.set(uri, [done]);
    });
  }

  /** The document's didOpen arrived: the requests waiting for it go on. */
  opened(uri: string): void {
    const waits = this.waits.get(uri);
    this.waits.delete(uri);
    for (const done of waits ?? []) done();
  }
}
