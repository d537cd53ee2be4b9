/**
 * Which files `stagecraft lint` reads. No argument: every Dockerfile under the current folder, by the
 * names the extension claims in package.json (`Dockerfile`, `Containerfile`, `Dockerfile.*`,
 * `Containerfile.*`, `*.dockerfile`, `*.Dockerfile`, `*.containerfile`; not `*.dockerignore`).
 * A folder argument: the same under it. A file argument: that file, whatever its name. A glob
 * (`*`, `**`, `?`, `{a,b}`): the files it matches, whatever their names.
 *
 * Walks skip `node_modules` and `.git`, do not follow symbolic links to folders, and honour the
 * `.gitignore` files of the walked folders and of their parents up to the repository root (the
 * folder holding `.git`), with the `ignore` package (git's pattern rules). Not read: `.git/info/exclude`
 * and the global excludes file. Paths come one at a time (a generator): 10,000 files cost no more
 * memory than ten.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isDockerfileName } from '../fileNames';

export { isDockerfileName };

const SKIPPED = new Set(['node_modules', '.git']);

interface Matcher {
  base: string;
  ig: Ignore;
}

function gitignoreAt(dir: string): Matcher | undefined {
  const path = join(dir, '.gitignore');
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return undefined;
  try {
    return { base: dir, ig: ignore().add(readFileSync(path, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** The .gitignore files of the folders above `dir`, up to the one holding `.git` (none outside a repository). */
function parentMatchers(dir: string): Matcher[] {
  const chain: string[] = [];
  let current = dirname(dir);
  let at = dir;
  if (existsSync(join(dir, '.git'))) return [];
  while (current !== at) {
    chain.push(current);
    if (existsSync(join(current, '.git'))) {
      return chain
        .reverse()
        .map(gitignoreAt)
        .filter((m): m is Matcher => m !== undefined);
    }
    at = current;
    current = dirname(current);
  }
  return [];
}

const toPosix = (path: string) => (sep === '/' ? path : path.split(sep).join('/'));

function ignored(matchers: readonly Matcher[], path: string, isDir: boolean): boolean {
  let result = false;
  for (const { base, ig } of matchers) {
    const rel = toPosix(relative(base, path)) + (isDir ? '/' : '');
    const test = ig.test(rel);
    if (test.ignored) result = true;
    else if (test.unignored) result = false;
  }
  return result;
}

/**
 * Files under `root` that `accept` takes, in a stable order (names sorted), depth first. `onError`
 * hears about folders that cannot be read; the walk goes on.
 */
export function* walk(root: string, accept: (path: string, name: string) => boolean, onError: (path: string, error: unknown) => void): Generator<string> {
  const stack: { dir: string; matchers: Matcher[] }[] = [{ dir: root, matchers: parentMatchers(root) }];
  while (stack.length) {
    const { dir, matchers: inherited } = stack.pop()!;
    const own = gitignoreAt(dir);
    const matchers = own ? [...inherited, own] : inherited;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      onError(dir, error);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) isFile = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !ignored(matchers, path, true)) subdirs.push(path);
      } else if (isFile && accept(path, entry.name) && !ignored(matchers, path, false)) {
        yield path;
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], matchers });
  }
}

export function isGlob(arg: string): boolean {
  return /[*?{[]/.test(arg);
}

/** A glob as a regular expression over `/`-separated paths: `**` any folders, `*` and `?` within a name, `{a,b}`, `[abc]`. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces) {
      braces--;
      source += ')';
    } else if (c === ',' && braces) source += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The folder a glob's walk starts from: its leading parts without wildcards. */
function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (isGlob(part)) break;
    fixed.push(part);
  }
  return fixed.join('/') || (glob.startsWith('/') ? '/' : '.');
}

export type Target = { kind: 'file'; path: string; explicit: boolean } | { kind: 'missing'; arg: string; message: string };

/**
 * The files the arguments name, one at a time: an argument that names nothing yields a `missing`
 * entry (the caller reports it, exit 2) and the others are still read.
 */
export function* targets(args: readonly string[], cwd: string, onError: (path: string, error: unknown) => void): Generator<Target> {
  const byName = (_path: string, name: string) => isDockerfileName(name);
  if (args.length === 0) {
    let any = false;
    for (const path of walk(cwd, byName, onError)) {
      any = true;
      yield { kind: 'file', path, explicit: false };
    }
    if (!any) yield { kind: 'missing', arg: '.', message: 'no Dockerfile or Containerfile under the current folder' };
    return;
  }
  for (const arg of args) {
    const absolute = resolve(cwd, arg);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (stat?.isFile()) {
      yield { kind: 'file', path: absolute, explicit: true };
      continue;
    }
    if (stat?.isDirectory()) {
      let any = false;
      for (const path of walk(absolute, byName, onError)) {
        any = true;
        yield { kind: 'file', path, explicit: false };
      }
      if (!any) yield { kind: 'missing', arg, message: `no Dockerfile or Containerfile under ${arg}` };
      continue;
    }
    if (!isGlob(arg)) {
      yield { kind: 'missing', arg, message: `${arg}: no such file or folder` };
      continue;
    }
    const pattern = toPosix(arg).replace(/^\.\//, '');
    const base = resolve(cwd, globBase(pattern));
    const regex = globToRegExp(isAbsolute(pattern) ? toPosix(relative(cwd, pattern)) : pattern);
    let any = false;
    if (statSync(base, { throwIfNoEntry: false })?.isDirectory()) {
      for (const path of walk(base, (p) => regex.test(toPosix(relative(cwd, p))), onError)) {
        any = true;
        yield { kind: 'file', path, explicit: false };
      }
    }
    if (!any) yield { kind: 'missing', arg, message: `${arg}: no file matches` };
  }
}
