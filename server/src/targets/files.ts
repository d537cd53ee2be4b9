/**
 * Which files the targets index reads, by their path in a workspace folder, and the walk that finds
 * them (bounded, skipping dependency and build-output folders). Globs for the client's watchers are
 * in protocol.ts (TARGET_FILE_GLOBS) and name the same files.
 */
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { TargetSourceKind } from './types';

/**
 * Whether `pathOrUri` may name a targets file: every kind's name ends in .yml, .yaml or .json. A test
 * without path conversions, for loops over every open document (a Dockerfile never passes it).
 */
export function mayBeTargetsFile(pathOrUri: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(pathOrUri);
}

/** The kind of targets file at `path` in workspace folder `folder`; undefined when it is none. */
export function kindOf(path: string, folder: string): TargetSourceKind | undefined {
  const name = basename(path);
  const rel = relative(folder, path).split(sep).join('/');
  if (rel.startsWith('../')) return undefined;
  if (/^(docker-)?compose[^/]*\.ya?ml$/i.test(name)) return 'compose';
  if (/(^|\/)\.devcontainer\/([^/]+\/)?devcontainer\.json$/.test(rel) || rel === '.devcontainer.json') return 'devcontainer';
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/i.test(rel)) return 'github';
  if (/azure-pipelines[^/]*\.ya?ml$/i.test(name) || /(^|\/)\.azure-pipelines\/[^/]+\.ya?ml$/i.test(rel)) return 'azure';
  return undefined;
}

/** Folders the walk never enters: dependencies, VCS data, build output. */
const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', 'vendor', 'dist', 'out', 'target', '__pycache__', '.venv', 'venv', '.terraform']);
/** Dot-folders the walk enters (others are tool caches). */
const DOT_FOLDERS = new Set(['.devcontainer', '.github', '.azure-pipelines']);
const MAX_DEPTH = 8;
const MAX_ENTRIES = 50_000;

/** The targets files under `folder`, found by a bounded walk (depth and entry count); `seen` counts entries read. */
export async function findTargetFiles(folder: string, seen = { entries: 0 }): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || seen.entries > MAX_ENTRIES) return;
    let list;
    try {
      list = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: skipped
    }
    seen.entries += list.length;
    const subfolders: string[] = [];
    for (const entry of list) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIP.has(entry.name) || (entry.name.startsWith('.') && !DOT_FOLDERS.has(entry.name))) continue;
        subfolders.push(path);
      } else if (entry.isFile() && kindOf(path, folder)) found.push(path);
    }
    for (const sub of subfolders) await walk(sub, depth + 1);
  };
  await walk(folder, 0);
  return found.sort();
}

/** The workspace folder holding `path` (the innermost one), if any. */
export function folderOf(path: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const folder of folders) {
    if ((path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep)) && (!best || folder.length > best.length)) best = folder;
  }
  return best;
}
