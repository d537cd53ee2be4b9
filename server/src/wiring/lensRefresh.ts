/**
 * When the server asks the client to ask for CodeLenses again (`workspace/codeLens/refresh`), for a
 * client that supports it. Lenses a client asked for before the server had a document's first model
 * are asked again once it exists (VS Code asks on its own only after an edit): one refresh for
 * documents opened together. Build results change the lenses, and their ages ("built 2 min ago")
 * need a refresh once a minute while any is shown.
 */

/** Documents whose first diagnostics come within this window share one refresh. */
const FIRST_RUN_REFRESH_MS = 50;
/** Build ages are shown to the minute. */
const BUILD_AGE_REFRESH_MS = 60_000;

export class LensRefresh {
  private supported = false;
  /** Open documents whose first diagnostics run has not published yet. */
  private readonly firstRun = new Set<string>();
  private soon: ReturnType<typeof setTimeout> | undefined;
  private buildAges: ReturnType<typeof setInterval> | undefined;

  /** `send` asks the client to refresh (and ignores a refusal). */
  constructor(private readonly send: () => void) {}

  /** From the client's capabilities: without refresh support nothing is ever sent. */
  enable(supported: boolean): void {
    this.supported = supported;
  }

  opened(uri: string): void {
    this.firstRun.add(uri);
  }

  closed(uri: string): void {
    this.firstRun.delete(uri);
  }

  /** A document's diagnostics went out: after its first run, the lenses are asked again (batched). */
  published(uri: string): void {
    if (!this.firstRun.delete(uri) || !this.supported || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.send();
    }, FIRST_RUN_REFRESH_MS);
  }

  /** Settings changed: the lenses are asked again at once. */
  now(): void {
    if (this.supported) this.send();
  }

  /** A build result arrived: a refresh now, then once a minute while `anyShown()`. */
  buildResult(anyShown: () => boolean): void {
    if (!this.supported) return;
    this.send();
    this.buildAges ??= setInterval(() => {
      if (anyShown()) this.send();
    }, BUILD_AGE_REFRESH_MS);
    this.buildAges.unref?.();
  }

  dispose(): void {
    if (this.buildAges) clearInterval(this.buildAges);
    if (this.soon) clearTimeout(this.soon);
  }
}
