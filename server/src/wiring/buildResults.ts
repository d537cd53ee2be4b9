/**
 * The last build of each target per document, as the client reports them (`stagecraft/buildResult`),
 * for the lenses. Kept in memory only.
 */
import type { BuildResultParams } from '../protocol';

/** `os/arch[/variant]`: anything else reported as a platform is dropped, not shown in a lens. */
const PLATFORM_TEXT = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9_]+)?$/;

export class BuildResults {
  /** Per document: per target (lower case; '' for the default target) the last build. */
  private readonly byDocument = new Map<string, Map<string, BuildResultParams>>();

  /** How many documents have a build result. */
  get size(): number {
    return this.byDocument.size;
  }

  of(uri: string): ReadonlyMap<string, BuildResultParams> | undefined {
    return this.byDocument.get(uri);
  }

  /** Keeps a reported build (only its known fields); false, and nothing kept, when it is malformed. */
  record(params: BuildResultParams): boolean {
    if (!params || typeof params.uri !== 'string' || typeof params.ok !== 'boolean' || typeof params.finishedAt !== 'number') return false;
    const key = typeof params.target === 'string' ? params.target.toLowerCase() : '';
    let perDocument = this.byDocument.get(params.uri);
    if (!perDocument) this.byDocument.set(params.uri, (perDocument = new Map()));
    perDocument.set(key, {
      uri: params.uri,
      target: params.target,
      ok: params.ok,
      finishedAt: params.finishedAt,
      sizeBytes: typeof params.sizeBytes === 'number' ? params.sizeBytes : undefined,
      platform: typeof params.platform === 'string' && PLATFORM_TEXT.test(params.platform) ? params.platform : undefined,
      failedLine: typeof params.failedLine === 'number' ? params.failedLine : undefined,
    });
    return true;
  }
}
