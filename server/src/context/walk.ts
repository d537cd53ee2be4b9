/**
 * What a build context sends: walks a folder as BuildKit's fsutil would send it, after the
 * `.dockerignore`, and counts files and bytes. Asynchronous (directory reads and lstat go through
 * libuv's pool, a few at a time, so the server keeps answering between them), bounded (it stops after
 * `maxEntries` directory entries or `maxMs` and says the figures are a lower bound), cancellable (an
 * AbortSignal), and it never follows a symbolic link: a link counts as itself (its lstat size), as
 * fsutil sends it. A file with several hard links in the context counts its bytes once, as fsutil
 * sends the later links as links. Memory: the folders still to read, one record per folder down to
 * `depthKept` (what a COPY of a folder reads its totals from), and the largest files.
 */
import { opendir, lstat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { IgnoreMatcher } from './dockerignore';

export interface WalkLimits {
  /** Directory entries looked at (files, folders, links, ignored ones included) before stopping. */
  maxEntries: number;
  /** Time before stopping. */
  maxMs: number;
  /** Folders this deep or less keep their totals (1 = the context's top-level folders). */
  depthKept: number;
  /** How many of the largest files are kept. */
  largestKept: number;
  /** lstat calls in flight at once. */
  concurrency: number;
}

export const DEFAULT_LIMITS: WalkLimits = Object.freeze({ maxEntries: 250_000, maxMs: 20_000, depthKept: 3, largestKept: 10, concurrency: 16 });

export interface Totals {
  files: number;
  bytes: number;
}

export interface PathTotals extends Totals {
  /** Relative to the context, `/`-separated. */
  path: string;
}

export type StopReason = 'entries' | 'time' | 'cancelled' | 'error';

export interface ContextWalk extends Totals {
  /** Folders sent (not excluded, or holding something an exception brings back). */
  directories: number;
  /** Symbolic links sent (counted in `files` too, with their own size). */
  symlinks: number;
  /** Entries the `.dockerignore` excluded, and folders skipped whole (their contents never read). */
  ignored: number;
  /** Folders that could not be read (permissions): their contents are not counted. */
  unreadable: number;
  /** Directory entries looked at. */
  entries: number;
  /** False when the walk stopped early: every figure is then a lower bound. */
  complete: boolean;
  stopped?: StopReason;
  error?: string;
  /** Totals of every sent folder down to `depthKept`, by relative path. */
  folders: Map<string, Totals>;
  /** The largest files sent, largest first. */
  largestFiles: PathTotals[];
}

export interface WalkOptions {
  limits?: Partial<WalkLimits>;
  signal?: AbortSignal;
  /** The clock for `maxMs` (ms); Date.now by default. */
  now?: () => number;
  /** Called as entries are looked at (for the server's status). */
  progress?: (entries: number) => void;
}

interface Pending {
  rel: string;
  depth: number;
  /** The kept folder records this folder's files add to (itself and its kept ancestors). */
  chain: Totals[];
  /** Excluded itself, entered because an exception may bring something inside back. */
  excluded: boolean;
}

/** A walk that has counted nothing yet (complete until a limit, a cancel or an error says otherwise). */
export function emptyWalk(): ContextWalk {
  return { files: 0, bytes: 0, directories: 0, symlinks: 0, ignored: 0, unreadable: 0, entries: 0, complete: true, folders: new Map(), largestFiles: [] };
}

class Walker {
  readonly result: ContextWalk = emptyWalk();
  private readonly stack: Pending[] = [];
  private readonly inodes = new Set<string>();
  private readonly started: number;
  /** Excluded folders entered, until something inside them is sent (then they are sent too). */
  private readonly unsent = new Set<Pending>();

  constructor(
    private readonly root: string,
    private readonly matcher: IgnoreMatcher | undefined,
    private readonly limits: WalkLimits,
    private readonly options: WalkOptions,
  ) {
    this.started = (options.now ?? Date.now)();
  }

  private stopReason(): StopReason | undefined {
    if (this.options.signal?.aborted) return 'cancelled';
    if (this.result.entries >= this.limits.maxEntries) return 'entries';
    if ((this.options.now ?? Date.now)() - this.started > this.limits.maxMs) return 'time';
    return undefined;
  }

  async run(): Promise<ContextWalk> {
    this.stack.push({ rel: '', depth: 0, chain: [], excluded: false });
    while (this.stack.length) {
      const stop = this.stopReason();
      if (stop) return this.stop(stop);
      const dir = this.stack.pop()!;
      if (!(await this.readFolder(dir))) return this.stop(this.stopReason() ?? 'cancelled');
    }
    return this.result;
  }

  private stop(reason: StopReason): ContextWalk {
    this.result.complete = false;
    this.result.stopped = reason;
    return this.result;
  }

  /** Reads one folder: its files are counted, its folders queued. False when the walk must stop. */
  private async readFolder(dir: Pending): Promise<boolean> {
    let handle;
    try {
      handle = await opendir(dir.rel ? join(this.root, dir.rel) : this.root, { bufferSize: 64 });
    } catch (error) {
      if (dir.rel === '') throw error;
      this.result.unreadable++;
      return true;
    }
    let batch: string[] = [];
    try {
      for await (const entry of handle) {
        this.result.entries++;
        const rel = dir.rel ? `${dir.rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) this.folder(dir, rel);
        else if (!this.matcher?.ignores(rel)) batch.push(rel);
        else this.result.ignored++;
        if (batch.length >= this.limits.concurrency) {
          await this.files(dir, batch);
          batch = [];
        }
        if (this.result.entries % 256 === 0) {
          this.options.progress?.(this.result.entries);
          if (this.stopReason()) return false;
        }
      }
    } catch {
      this.result.unreadable++; // a folder that went away while it was read
    }
    if (batch.length) await this.files(dir, batch);
    return true;
  }

  /** A folder entry: sent and queued, queued as excluded (an exception may reach in), or skipped. */
  private folder(parent: Pending, rel: string): void {
    const excluded = this.matcher?.ignores(rel) ?? false;
    if (excluded && this.matcher!.canSkip(rel)) {
      this.result.ignored++;
      return;
    }
    const depth = parent.depth + 1;
    let chain = parent.chain;
    if (depth <= this.limits.depthKept) {
      const record: Totals = { files: 0, bytes: 0 };
      if (!excluded) this.result.folders.set(rel, record);
      chain = [...parent.chain, record];
    }
    const pending: Pending = { rel, depth, chain, excluded };
    if (excluded) this.unsent.add(pending);
    else this.result.directories++;
    this.stack.push(pending);
  }

  /** lstat for a batch of non-folder entries (never following a link), then each counted. */
  private async files(dir: Pending, batch: string[]): Promise<void> {
    const stats = await Promise.all(batch.map((rel) => lstat(join(this.root, rel)).catch(() => undefined)));
    for (let i = 0; i < batch.length; i++) {
      const stat = stats[i];
      if (!stat) continue; // gone meanwhile
      if (stat.isDirectory())
        this.folder(dir, batch[i]); // a file system that gives no entry types
      else this.count(dir, batch[i], stat);
    }
  }

  private count(dir: Pending, rel: string, stat: Stats): void {
    let bytes = stat.isFile() || stat.isSymbolicLink() ? stat.size : 0;
    if (stat.isSymbolicLink()) this.result.symlinks++;
    if (stat.isFile() && stat.nlink > 1) {
      const key = `${stat.dev}:${stat.ino}`;
      if (this.inodes.has(key)) bytes = 0;
      else this.inodes.add(key);
    }
    if (dir.excluded && this.unsent.delete(dir)) this.sendExcluded(dir);
    this.result.files++;
    this.result.bytes += bytes;
    for (const record of dir.chain) {
      record.files++;
      record.bytes += bytes;
    }
    this.keepLargest(rel, bytes);
  }

  /** Something inside an excluded folder is sent: so is the folder (and its excluded parents, as fsutil sends parents first). */
  private sendExcluded(dir: Pending): void {
    this.result.directories++;
    if (dir.depth <= this.limits.depthKept) this.result.folders.set(dir.rel, dir.chain[dir.chain.length - 1]);
    for (const other of [...this.unsent]) {
      if (dir.rel.startsWith(`${other.rel}/`) && this.unsent.delete(other)) this.sendExcluded(other);
    }
  }

  private keepLargest(path: string, bytes: number): void {
    // Largest first, ties by path: the same folder always gives the same list, whatever the read order.
    const list = this.result.largestFiles;
    const before = (other: PathTotals) => bytes > other.bytes || (bytes === other.bytes && path < other.path);
    if (list.length >= this.limits.largestKept && !before(list[list.length - 1])) return;
    let i = list.length;
    while (i > 0 && before(list[i - 1])) i--;
    list.splice(i, 0, { path, files: 1, bytes });
    if (list.length > this.limits.largestKept) list.pop();
  }
}

/**
 * Walks `root` (an absolute folder) as the context a build sends, after `matcher` (the
 * `.dockerignore`; undefined when there is none). Rejects only when `root` cannot be read.
 */
export async function walkContext(root: string, matcher: IgnoreMatcher | undefined, options: WalkOptions = {}): Promise<ContextWalk> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const walker = new Walker(root, matcher, limits, options);
  const result = await walker.run();
  options.progress?.(result.entries);
  return result;
}

/** The largest sent folders directly inside `parent` ('' = the context root), largest first. */
export function largestFolders(walk: ContextWalk, parent: string, count: number): PathTotals[] {
  const depth = parent === '' ? 1 : parent.split('/').length + 1;
  const prefix = parent === '' ? '' : `${parent}/`;
  const result: PathTotals[] = [];
  for (const [path, totals] of walk.folders) {
    if (path.startsWith(prefix) && path.split('/').length === depth) result.push({ path, ...totals });
  }
  return result.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, count);
}
