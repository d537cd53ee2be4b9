/**
 * The targets index: per workspace folder, the files that name a Dockerfile and a target (see
 * files.ts), read from disk lazily and asynchronously, each kept until its modification time (or,
 * for a file open in the editor, its text version) changes. Watched-file events add, drop or mark
 * files; nothing here blocks an edit: callers await a query, and a query reads only what changed.
 * It never writes a file.
 */
import { stat, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { composeRefs, extendedFiles, readCompose, type ComposeFile } from './compose';
import { readDevcontainer } from './devcontainer';
import { readGithubWorkflow } from './githubWorkflow';
import { readAzurePipelines } from './azurePipelines';
import { findTargetFiles, folderOf, kindOf } from './files';
import type { ParsedTargetFile, TargetFileProblem, TargetRef, TargetSourceKind } from './types';

const MAX_BYTES = 1024 * 1024;

/** A file's text as the index reads it, with what identifies that version. */
export interface FileText {
  text: string;
  stamp: string;
}

/** Reads a file (bounded); undefined with a message when it cannot be read. */
async function readDisk(path: string): Promise<FileText | { error: string } | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    if (info.size > MAX_BYTES) return { error: `${basename(path)} is larger than 1 MB: not read for targets` };
    return { text: (await readFile(path)).toString('utf8'), stamp: `disk:${info.mtimeMs}:${info.size}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : { error: `${basename(path)} could not be read (${code ?? (error as Error).message})` };
  }
}

export interface TargetIndexState {
  refs: TargetRef[];
  problems: TargetFileProblem[];
}

interface CachedFile {
  stamp: string;
  /** An event came for it: its stamp is checked on the next read. */
  stale?: boolean;
  kind: TargetSourceKind;
  /** Compose files are kept as read (their refs depend on the files they extend). */
  compose?: ComposeFile;
  parsed?: ParsedTargetFile;
}

export interface TargetIndexOptions {
  /** The text of a file open in the editor (its unsaved edits win over the disk). */
  openText?: (path: string) => FileText | undefined;
  /** Called when a refresh of the index found something different from what it knew. */
  onChange?: () => void;
  /** Counts of the work done, for tests. */
  counters?: { reads: number; parses: number; walks: number };
}

export class TargetIndex {
  private folders: string[] = [];
  /** Per folder: its targets files, once the walk is done (or going). */
  private readonly listed = new Map<string, Promise<Set<string>>>();
  private readonly cache = new Map<string, CachedFile>();
  /** Files whose stamp must be checked again before the next answer (all, after a watched-file event). */
  private readonly dirty = new Set<string>();
  private refs: Promise<TargetIndexState> | undefined;
  /** What the last finished refresh found (answers that must not wait for the disk use it). */
  private latest: TargetIndexState | undefined;
  private latestJson = '';
  private readonly counters: NonNullable<TargetIndexOptions['counters']>;

  constructor(private readonly options: TargetIndexOptions = {}) {
    this.counters = options.counters ?? { reads: 0, parses: 0, walks: 0 };
  }

  setFolders(folders: readonly string[]): void {
    this.folders = folders.map((folder) => resolve(folder));
    for (const folder of [...this.listed.keys()]) if (!this.folders.includes(folder)) this.listed.delete(folder);
    this.refs = undefined;
  }

  /** A file was created, changed or deleted (a watched-file event, or a save). */
  fileChanged(path: string, deleted = false): void {
    const absolute = resolve(path);
    const folder = folderOf(absolute, this.folders);
    const kind = folder ? kindOf(absolute, folder) : undefined;
    if (!kind && !this.cache.has(absolute)) return;
    this.dirty.add(absolute);
    this.refs = undefined;
    if (!folder || !kind) return;
    const listing = this.listed.get(folder);
    if (listing)
      this.listed.set(
        folder,
        listing.then((files) => (deleted ? files.delete(absolute) : files.add(absolute), files)),
      );
  }

  /** An open document changed (its text version is the new stamp). */
  documentChanged(path: string): void {
    this.fileChanged(path);
  }

  /** Whether `path` is a file the index reads (its kind), for routing requests. */
  kindOf(path: string): TargetSourceKind | undefined {
    const absolute = resolve(path);
    const folder = folderOf(absolute, this.folders);
    return folder ? kindOf(absolute, folder) : undefined;
  }

  /**
   * What the index knew at its last refresh, without waiting (undefined before the first one ends);
   * starts a refresh when something changed since, and `onChange` tells when it found more.
   */
  known(): TargetIndexState | undefined {
    void this.all();
    return this.latest;
  }

  /** The builds of the Dockerfile at `path` as `known()` has them. */
  knownFor(dockerfile: string): TargetRef[] | undefined {
    const path = resolve(dockerfile);
    return this.known()?.refs.filter((ref) => ref.dockerfile === path);
  }

  /** Every build the index knows, and the problems of files that could not be read or parsed. */
  all(): Promise<TargetIndexState> {
    if (this.dirty.size) {
      for (const path of this.dirty) {
        const cached = this.cache.get(path);
        if (cached) cached.stale = true;
      }
      this.dirty.clear();
      this.refs = undefined;
    }
    this.refs ??= this.collect()
      .catch(() => this.latest ?? { refs: [], problems: [] })
      .then((state) => {
        const json = JSON.stringify(state);
        this.latest = state;
        if (json !== this.latestJson) {
          this.latestJson = json;
          this.options.onChange?.();
        }
        return state;
      });
    return this.refs;
  }

  /** The builds of the Dockerfile at `path`. */
  async refsFor(dockerfile: string): Promise<TargetRef[]> {
    const path = resolve(dockerfile);
    return (await this.all()).refs.filter((ref) => ref.dockerfile === path);
  }

  /** The builds and problems written in `file` (a Compose target inherited by `extends` counts where it is written). */
  async inFile(file: string): Promise<TargetIndexState> {
    const path = resolve(file);
    const { refs, problems } = await this.all();
    return { refs: refs.filter((ref) => ref.file === path || ref.targetFile === path), problems: problems.filter((p) => p.file === path) };
  }

  private async collect(): Promise<TargetIndexState> {
    const refs: TargetRef[] = [];
    const problems: TargetFileProblem[] = [];
    for (const folder of this.folders) {
      let listing = this.listed.get(folder);
      if (!listing) {
        this.counters.walks++;
        listing = findTargetFiles(folder).then((files) => new Set(files));
        this.listed.set(folder, listing);
      }
      for (const path of [...(await listing)].sort()) {
        const result = await this.fileRefs(path, folder);
        refs.push(...result.refs);
        problems.push(...result.problems);
      }
    }
    return { refs, problems };
  }

  private async fileRefs(path: string, folder: string): Promise<ParsedTargetFile> {
    const cached = await this.load(path, kindOf(path, folder) ?? 'compose', folder);
    if ('error' in cached) {
      const start = { line: 0, character: 0 };
      return { refs: [], problems: cached.error ? [{ file: path, message: cached.error, range: { start, end: start } }] : [] };
    }
    if (cached.parsed) return cached.parsed;
    const compose = cached.compose!;
    // The files `extends` names, read (and cached) first: composeRefs then resolves without I/O.
    const loaded = new Map<string, ComposeFile>([[path, compose]]);
    const pending = extendedFiles(compose);
    while (pending.length && loaded.size < 32) {
      const file = pending.shift()!;
      if (loaded.has(file)) continue;
      const other = await this.load(file, 'compose', folder);
      if ('error' in other || !other.compose) continue;
      loaded.set(file, other.compose);
      pending.push(...extendedFiles(other.compose));
    }
    return composeRefs(compose, (file) => loaded.get(file));
  }

  /** The file as last read, read again when its stamp changed. */
  private async load(path: string, kind: TargetSourceKind, folder: string): Promise<CachedFile | { error: string }> {
    const cached = this.cache.get(path);
    const open = this.options.openText?.(path);
    let source: FileText | { error: string } | undefined = open;
    if (!source) {
      if (cached && !cached.stale && cached.stamp.startsWith('disk:')) return cached; // no event since
      this.counters.reads++;
      source = await readDisk(path);
    }
    if (!source) {
      this.cache.delete(path);
      return { error: '' }; // gone (its deletion event is on its way): no problem to report
    }
    if ('error' in source) return source;
    if (cached && cached.stamp === source.stamp) {
      cached.stale = false;
      return cached;
    }
    this.counters.parses++;
    const entry: CachedFile = { stamp: source.stamp, kind };
    if (kind === 'compose') entry.compose = readCompose(path, source.text);
    else if (kind === 'devcontainer') entry.parsed = readDevcontainer(path, source.text);
    else if (kind === 'github') entry.parsed = readGithubWorkflow(path, source.text);
    else entry.parsed = readAzurePipelines(path, source.text, folder);
    this.cache.set(path, entry);
    return entry;
  }
}
