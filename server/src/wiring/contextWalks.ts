/**
 * The build-context walks of the server (context/cache.ts), wired: a finished or dropped walk asks
 * the client for lenses again; each context folder walked is watched (a dynamic
 * workspace/didChangeWatchedFiles registration with a relative pattern, where the client supports
 * one; otherwise a walk is kept 30 s); watched-file events drop the walks they change; and
 * `stagecraft/contextSize` answers the build terminal.
 */
import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import { DidChangeWatchedFilesNotification } from '../lsp';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ContextSizes } from '../context/cache';
import { contextRequest } from '../context/location';
import { contextSizeResult } from '../features/contextSize';
import { ContextSizeRequest, serverSide, type ContextSizeResult } from '../protocol';
import type { SettingsStore } from '../settings';
import type { LensRefresh } from './lensRefresh';

/** How long a walk is kept when the client cannot watch its folder for us. */
const UNWATCHED_MAX_AGE_MS = 30_000;

/** Whether the client can watch a folder the server names (dynamic registration, relative patterns). */
export function canWatchFolders(capabilities: ClientCapabilities): boolean {
  const watched = capabilities.workspace?.didChangeWatchedFiles;
  return watched?.dynamicRegistration === true && watched.relativePatternSupport === true;
}

export class ContextWalks {
  readonly sizes: ContextSizes;
  private watching = false;

  constructor(
    private readonly connection: Connection,
    lenses: LensRefresh,
  ) {
    this.sizes = new ContextSizes({
      onFinished: () => lenses.now(),
      onInvalidated: () => lenses.now(),
      onNewFolder: (folder) => this.watch(folder),
      maxAgeMs: UNWATCHED_MAX_AGE_MS,
    });
  }

  /** From initialize: with a client that watches folders, walks are kept until a change drops them. */
  enable(capabilities: ClientCapabilities): void {
    this.watching = canWatchFolders(capabilities);
    this.sizes.maxAgeMs = this.watching ? Infinity : UNWATCHED_MAX_AGE_MS;
  }

  private watch(folder: string): void {
    if (!this.watching) return;
    const baseUri = pathToFileURL(folder).href;
    this.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: { baseUri, pattern: '**/*' } }] })
      .then(undefined, () => undefined);
  }

  /** Watched files changed (URIs): the walks they change are dropped. */
  changed(uris: readonly string[]): void {
    const paths: string[] = [];
    for (const uri of uris) {
      if (!uri.startsWith('file:')) continue;
      try {
        paths.push(fileURLToPath(uri));
      } catch {
        // not a path on this machine
      }
    }
    if (paths.length) this.sizes.changed(paths);
  }

  /** `stagecraft/contextSize` for a Dockerfile and context folder (URIs); waits for the walk. */
  async contextSize(uri: string, context: string | undefined, settings: SettingsStore): Promise<ContextSizeResult | null> {
    if (typeof uri !== 'string' || (context !== undefined && typeof context !== 'string')) return null;
    const configured = contextRequest(uri, (await settings.get(uri)).buildContext, settings.folderOf(uri));
    let request = configured;
    if (configured && context !== undefined) {
      if (!context.startsWith('file:')) return null;
      try {
        request = { dockerfile: configured.dockerfile, contextDir: fileURLToPath(context) };
      } catch {
        return null;
      }
    }
    if (!request) return null;
    return contextSizeResult(await this.sizes.get(request));
  }

  register(settings: SettingsStore): void {
    this.connection.onRequest(serverSide(ContextSizeRequest.type), (params) => this.contextSize(params?.uri, params?.context, settings));
  }

  dispose(): void {
    this.sizes.dispose();
  }
}
