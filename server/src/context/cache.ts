/**
 * Context walks, one per build context folder and Dockerfile (the Dockerfile picks the
 * `.dockerignore`), kept until a file in the folder changes (workspace/didChangeWatchedFiles, see
 * `changed`): a change to a path the `.dockerignore` excludes (when it has no exceptions) changes
 * nothing and keeps the walk; any other change, or to the ignore file, drops it and cancels it if it
 * is still running. Without file watching a walk is kept `maxAgeMs`. At most `maxKept` walks are
 * kept, the least used dropped first. Asking for a walk never waits for a walk of another folder.
 */
import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { IgnoreMatcher } from './dockerignore';
import { ignoreFileCandidates, readIgnoreFile, type IgnoreFile } from './ignoreFile';
import { emptyWalk, walkContext, type ContextWalk, type WalkOptions } from './walk';

export interface ContextRequest {
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  /** Absolute path of the build context folder. */
  contextDir: string;
}

/** A finished walk and what it was made with. */
export interface ContextSize extends ContextRequest {
  ignoreFile: IgnoreFile;
  walk: ContextWalk;
  finishedAt: number;
}

export type ContextState = { state: 'counting'; entries: number } | { state: 'done'; size: ContextSize };

export interface ContextSizesOptions {
  walk?: (root: string, matcher: IgnoreMatcher | undefined, options: WalkOptions) => Promise<ContextWalk>;
  readIgnore?: (dockerfile: string, contextDir: string) => Promise<IgnoreFile>;
  walkOptions?: Pick<WalkOptions, 'limits' | 'now'>;
  /** A walk finished (lenses may show it now). */
  onFinished?: (size: ContextSize) => void;
  /** Walks were dropped after a change (lenses should be asked again). */
  onInvalidated?: () => void;
  /** The first walk of a folder starts (watch it). */
  onNewFolder?: (contextDir: string) => void;
  /** How long a finished walk is kept when nothing watches its folder; Infinity when something does. */
  maxAgeMs?: number;
  maxKept?: number;
  now?: () => number;
}

interface Entry {
  request: ContextRequest;
  controller: AbortController;
  promise: Promise<ContextSize>;
  entries: number;
  matcher?: IgnoreMatcher;
  size?: ContextSize;
  used: number;
}

const keyOf = (request: ContextRequest) => `${request.contextDir}\0${request.dockerfile}`;

/** `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

export class ContextSizes {
  private readonly entries = new Map<string, Entry>();
  private readonly folders = new Set<string>();
  private finished = 0;
  private uses = 0;
  private disposed = false;
  /** How long a finished walk is kept (Infinity while a watcher reports changes to its folder). */
  maxAgeMs: number;

  constructor(private readonly options: ContextSizesOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? Infinity;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** What is known now, without waiting; starts no walk. A walk older than `maxAgeMs` is not known. */
  peek(request: ContextRequest): ContextState | undefined {
    const entry = this.entries.get(keyOf(request));
    if (!entry) return undefined;
    if (!entry.size) return { state: 'counting', entries: entry.entries };
    if (this.now() - entry.size.finishedAt > this.maxAgeMs) return undefined;
    entry.used = ++this.uses;
    return { state: 'done', size: entry.size };
  }

  /**
   * The walk of this context, started when there is none (or it is too old). A walk dropped by a
   * change while it ran is started again, twice at most (a folder that keeps changing gets the
   * figures of the last try, marked incomplete when it was cancelled).
   */
  get(request: ContextRequest, retries = 2): Promise<ContextSize> {
    const key = keyOf(request);
    let entry = this.entries.get(key);
    if (entry?.size && this.now() - entry.size.finishedAt > this.maxAgeMs) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) entry = this.start(key, request, retries);
    entry.used = ++this.uses;
    return entry.promise;
  }

  private start(key: string, request: ContextRequest, retries: number): Entry {
    const entry: Entry = { request, controller: new AbortController(), promise: Promise.resolve(undefined as never), entries: 0, used: 0 };
    this.entries.set(key, entry);
    // Watched from before the walk reads it, so that no change is missed; only a folder that exists.
    if (!this.folders.has(request.contextDir) && statSync(request.contextDir, { throwIfNoEntry: false })?.isDirectory()) {
      this.folders.add(request.contextDir);
      this.options.onNewFolder?.(request.contextDir);
    }
    entry.promise = this.run(entry).then((size) => {
      if (this.entries.get(key) !== entry) return retries > 0 && !this.disposed ? this.get(request, retries - 1) : size;
      entry.size = size;
      this.finished++;

      this.trim();
      this.options.onFinished?.(size);
      return size;
    });
    return entry;
  }

  private async run(entry: Entry): Promise<ContextSize> {
    const { dockerfile, contextDir } = entry.request;
    const ignoreFile = await (this.options.readIgnore ?? readIgnoreFile)(dockerfile, contextDir);
    entry.matcher = ignoreFile.text === undefined ? undefined : new IgnoreMatcher(ignoreFile.text);
    const walk = this.options.walk ?? walkContext;
    let result: ContextWalk;
    try {
      result = await walk(contextDir, entry.matcher, {
        ...this.options.walkOptions,
        signal: entry.controller.signal,
        progress: (entries) => {
          entry.entries = entries;
        },
      });
    } catch (error) {
      result = failedWalk(error);
    }
    return { dockerfile, contextDir, ignoreFile, walk: result, finishedAt: this.now() };
  }

  /** Keeps the `maxKept` walks used last. */
  private trim(): void {
    const max = this.options.maxKept ?? 16;
    if (this.entries.size <= max) return;
    const done = [...this.entries].filter(([, e]) => e.size).sort((a, b) => a[1].used - b[1].used);
    for (const [key] of done.slice(0, this.entries.size - max)) this.entries.delete(key);
  }

  /** Files changed, were created or deleted (absolute paths): the walks they change are dropped. */
  changed(paths: readonly string[]): number {
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (!paths.some((path) => this.affects(entry, path))) continue;
      entry.controller.abort();
      this.entries.delete(key);
      dropped++;
    }
    if (dropped) this.options.onInvalidated?.();
    return dropped;
  }

  private affects(entry: Entry, path: string): boolean {
    const { dockerfile, contextDir } = entry.request;
    if (ignoreFileCandidates(dockerfile, contextDir).includes(path)) return true;
    if (within(contextDir, path)) return true; // the context folder itself (or a parent) went
    if (!within(path, contextDir)) return false;
    const matcher = entry.matcher;
    if (!matcher || matcher.hasExceptions) return true;
    return !matcher.ignores(relative(contextDir, path).split(sep).join('/'));
  }

  /** For the server's status: walks running, entries they looked at so far, walks finished. */
  status(): { running: number; entries: number; finished: number } {
    let running = 0;
    let entries = 0;
    for (const entry of this.entries.values()) {
      if (entry.size) continue;
      running++;
      entries += entry.entries;
    }
    return { running, entries, finished: this.finished };
  }

  dispose(): void {
    this.disposed = true;
    for (const entry of this.entries.values()) entry.controller.abort();
    this.entries.clear();
  }
}

/** A walk that could not start: the context folder cannot be read. */
function failedWalk(error: unknown): ContextWalk {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = code === 'ENOENT' ? 'the folder does not exist' : code === 'ENOTDIR' ? 'it is not a folder' : String((error as Error)?.message ?? error);
  return { ...emptyWalk(), complete: false, stopped: 'error', error: message };
}
