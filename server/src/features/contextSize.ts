/**
 * What the build context sends, where it matters: a hover on a COPY/ADD of the context root or of a
 * folder in it (files and bytes after the `.dockerignore`, the largest folders and files), the
 * build lenses' context line and tooltip, and the quick fix "Add <folder> to .dockerignore" for the
 * largest folders such a COPY sends. The figures come from the context walks (context/cache.ts);
 * nothing here reads the disk. Figures of a walk that stopped early say "at least".
 */
import type { CodeAction, CodeActionParams, Hover, HoverParams } from 'vscode-languageserver';
import { CodeActionKind, MarkupKind } from '../lsp';
import { pathToFileURL } from 'node:url';
import { basename, relative, sep } from 'node:path';
import type { DockerfileModel, Instruction } from '../analysis/model';
import type { ContextSize, ContextState } from '../context/cache';
import { sourceFolder } from '../context/location';
import { largestFolders, type ContextWalk } from '../context/walk';
import { formatBytes } from '../format';
import type { ContextSizeResult } from '../protocol';
import type { FeatureContext } from './context';
import { escapeMarkdown, mergeHover } from './imageHover';
import { instructionAt } from '../analysis/lookup';

/** How long a hover waits for a walk that is still counting before it answers "counting". */
export const HOVER_WAIT_MS = 1_000;
const FOLDERS_SHOWN = 5;
const FILES_SHOWN = 3;
const FIXES_OFFERED = 3;

/** The context folders a COPY/ADD from the build context copies ('' = all of it); empty for any other instruction. */
export function copiedFolders(instruction: Instruction): string[] {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return [];
  if (instruction.stageIndex < 0 || instruction.flags.some((f) => f.name.toLowerCase() === 'from')) return [];
  const folders = instruction.args.slice(0, -1).map((w) => sourceFolder(w.value));
  return [...new Set(folders.filter((f): f is string => f !== undefined))];
}

/** A path for markdown: in a code span unless it holds a backtick, escaped then. */
function code(path: string): string {
  return path.includes('`') ? escapeMarkdown(path) : `\`${path}\``;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** `1,037 files, 2.0 MB`, or `at least …` when the walk stopped early. */
export function formatTotals(files: number, bytes: number, complete: boolean): string {
  return `${complete ? '' : 'at least '}${plural(files, 'file')}, ${formatBytes(bytes)}`;
}

function stopNote(walk: ContextWalk): string {
  switch (walk.stopped) {
    case 'entries':
      return ` (stopped after ${walk.entries.toLocaleString('en-US')} entries)`;
    case 'time':
      return ' (stopped: the walk took too long)';
    case 'cancelled':
      return ' (stopped: files changed while it counted)';
    default:
      return '';
  }
}

/** Where the figures come from: the folder and the ignore file. */
function sourceLine(size: ContextSize): string {
  const ignore = size.ignoreFile.text === undefined ? 'no `.dockerignore`: everything is sent' : `after ${code(basename(size.ignoreFile.path))}`;
  return `${code(size.contextDir)}, ${ignore}`;
}

function largestLines(walk: ContextWalk, folder: string): string[] {
  const lines: string[] = [];
  const folders = largestFolders(walk, folder, FOLDERS_SHOWN).filter((f) => f.bytes > 0);
  if (folders.length) lines.push(`- largest folders: ${folders.map((f) => `${code(f.path)} ${formatBytes(f.bytes)}`).join(' · ')}`);
  const prefix = folder ? `${folder}/` : '';
  const files = walk.largestFiles.filter((f) => f.path.startsWith(prefix)).slice(0, FILES_SHOWN);
  if (files.length) lines.push(`- largest files: ${files.map((f) => `${code(f.path)} ${formatBytes(f.bytes)}`).join(' · ')}`);
  return lines;
}

/** The hover's markdown for a COPY/ADD of `folders` ('' = the whole context). */
export function contextHoverText(state: ContextState, folders: string[], what: string): string {
  if (state.state === 'counting') return `**Build context**: counting files (${state.entries.toLocaleString('en-US')} entries so far); hover again to see it.`;
  const { size } = state;
  const walk = size.walk;
  if (walk.stopped === 'error') return `**Build context** ${code(size.contextDir)} cannot be read: ${escapeMarkdown(walk.error ?? 'unknown error')}.`;
  const lines = [`**Build context** · ${sourceLine(size)}`, ''];
  lines.push(
    `- the context holds **${formatTotals(walk.files, walk.bytes, walk.complete)}**${stopNote(walk)}: the classic builder sends all of it, BuildKit what COPY and ADD name`,
  );
  for (const folder of folders) {
    if (folder === '') {
      lines.push(`- ${what} copies all of it`);
      lines.push(...largestLines(walk, ''));
      continue;
    }
    const totals = walk.folders.get(folder);
    if (!totals) continue; // a file, an excluded folder, or deeper than the walk keeps
    lines.push(`- ${what} copies ${code(`${folder}/`)}: ${formatTotals(totals.files, totals.bytes, walk.complete)}`);
    lines.push(...largestLines(walk, folder));
  }
  if (walk.symlinks) lines.push(`- ${plural(walk.symlinks, 'symbolic link')} counted as links (never followed)`);
  return lines.join('\n');
}

/** One line for the lens and the build terminal: `build context: 1,037 files, 2.0 MB`. */
export function contextLensTitle(state: ContextState): string {
  if (state.state === 'counting') return 'build context: counting…';
  const walk = state.size.walk;
  if (walk.stopped === 'error') return 'build context: cannot be read';
  return `build context: ${formatTotals(walk.files, walk.bytes, walk.complete)}`;
}

/** The lens tooltip: where from, and the largest folders and files (plain text). */
export function contextTooltip(state: ContextState): string | undefined {
  if (state.state !== 'done') return undefined;
  const { size } = state;
  const walk = size.walk;
  if (walk.stopped === 'error') return `${size.contextDir}: ${walk.error}`;
  const ignore = size.ignoreFile.text === undefined ? 'no .dockerignore' : `after ${basename(size.ignoreFile.path)}`;
  const parts = [`Build context ${size.contextDir} (${ignore}): ${formatTotals(walk.files, walk.bytes, walk.complete)}${stopNote(walk)}.`];
  const folders = largestFolders(walk, '', FOLDERS_SHOWN).filter((f) => f.bytes > 0);
  if (folders.length) parts.push(`Largest folders: ${folders.map((f) => `${f.path} ${formatBytes(f.bytes)}`).join(', ')}.`);
  return parts.join(' ');
}

type HoverFeature = (context: FeatureContext, params: HoverParams) => Hover | null | Promise<Hover | null>;

/** Waits for `promise` at most `ms`; undefined when it did not settle in time. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => resolve(undefined),
    );
  });
}

/** Wraps the hover feature: on a COPY/ADD of the context (or a folder in it), the context's figures first. */
export function withContextSize(inner: HoverFeature, waitMs = HOVER_WAIT_MS): HoverFeature {
  return async (context, params) => {
    const handle = context.buildContext;
    const instruction = handle && instructionAt(context.model, params.position.line);
    const folders = instruction ? copiedFolders(instruction) : [];
    if (!handle || !instruction || !folders.length) return inner(context, params);
    const pending = handle.sizes.get(handle.request);
    const size = await within(pending, waitMs);
    const state: ContextState = size ? { state: 'done', size } : (handle.sizes.peek(handle.request) ?? { state: 'counting', entries: 0 });
    const own = await inner(context, params);
    const text = contextHoverText(state, folders, `\`${instruction.keyword}\``);
    const range = { start: instruction.keywordRange.start, end: instruction.keywordRange.end };
    return own ? mergeHover(text, own, own.range ?? range) : { contents: { kind: MarkupKind.Markdown, value: text }, range };
  };
}

/** Context paths the Dockerfile names as COPY/ADD sources (besides the whole context): never offered for ignoring. */
function namedSources(model: DockerfileModel): string[] {
  const named: string[] = [];
  for (const instruction of model.instructions) for (const folder of copiedFolders(instruction)) if (folder) named.push(folder);
  return named;
}

/** A path as a `.dockerignore` line matching exactly it (Go's Match metacharacters escaped). */
function ignoreLine(path: string): string {
  return path.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** On a COPY/ADD of the context (or a folder): "Add <folder> to .dockerignore" for the largest folders it sends. */
export function contextActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const handle = context.buildContext;
  const instruction = handle && instructionAt(context.model, params.range.start.line);
  const folders = instruction ? copiedFolders(instruction) : [];
  if (!handle || !folders.length) return [];
  const state = handle.sizes.peek(handle.request);
  if (state?.state !== 'done' || state.size.walk.stopped === 'error') return [];
  const { size } = state;
  const named = namedSources(context.model);
  const needed = (path: string) => named.some((n) => n === path || n.startsWith(`${path}/`));
  const candidates = folders
    .flatMap((folder) => largestFolders(size.walk, folder, FIXES_OFFERED + named.length))
    .filter((f) => f.bytes > 0 && !needed(f.path))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, FIXES_OFFERED);
  return candidates.map((folder) => ignoreAction(size, folder.path, folder.bytes));
}

function ignoreAction(size: ContextSize, path: string, bytes: number): CodeAction {
  const uri = pathToFileURL(size.ignoreFile.path).href;
  const name = relative(size.contextDir, size.ignoreFile.path).split(sep).join('/') || basename(size.ignoreFile.path);
  const title = `Add ${path} to ${name.startsWith('..') ? basename(size.ignoreFile.path) : name} (${formatBytes(bytes)} not sent)`;
  const line = ignoreLine(path);
  const text = size.ignoreFile.text;
  if (text === undefined) {
    const header = '# Not sent to the builder (see https://docs.docker.com/build/concepts/context/#dockerignore-files)\n';
    const start = { line: 0, character: 0 };
    return {
      title,
      kind: CodeActionKind.QuickFix,
      edit: {
        documentChanges: [
          { kind: 'create', uri, options: { ignoreIfExists: true } },
          { textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: `${header}${line}\n` }] },
        ],
      },
    };
  }
  const lines = text.split(/\r\n|\r|\n/);
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const prefix = text === '' || /[\r\n]$/.test(text) ? '' : '\n';
  return {
    title,
    kind: CodeActionKind.QuickFix,
    edit: { documentChanges: [{ textDocument: { uri, version: null }, edits: [{ range: { start: end, end }, newText: `${prefix}${line}\n` }] }] },
  };
}

/** The `stagecraft/contextSize` answer for a finished walk (the build terminal's header line). */
export function contextSizeResult(size: ContextSize): ContextSizeResult {
  const walk = size.walk;
  const largest = largestFolders(walk, '', FOLDERS_SHOWN).filter((f) => f.bytes > 0);
  const hasIgnore = size.ignoreFile.text !== undefined;
  let summary: string;
  if (walk.stopped === 'error') summary = `build context ${size.contextDir} cannot be read: ${walk.error}`;
  else {
    const details = [hasIgnore ? `after ${basename(size.ignoreFile.path)}` : 'no .dockerignore'];
    if (largest.length) details.push(`largest: ${largest.map((f) => `${f.path} ${formatBytes(f.bytes)}`).join(', ')}`);
    summary = `build context: ${formatTotals(walk.files, walk.bytes, walk.complete)}${stopNote(walk)} (${details.join('; ')})`;
  }
  return {
    context: pathToFileURL(size.contextDir).href,
    ignoreFile: hasIgnore ? pathToFileURL(size.ignoreFile.path).href : undefined,
    files: walk.files,
    bytes: walk.bytes,
    directories: walk.directories,
    complete: walk.complete,
    error: walk.stopped === 'error' ? walk.error : undefined,
    largestFolders: largest,
    summary,
  };
}
