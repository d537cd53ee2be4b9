/**
 * Which package-manager caches a RUN leaves in its layer, by the table in packageManagers.ts. A cache
 * directory does not reach the layer when a `--mount=type=cache` or `type=tmpfs` is on it or on a
 * folder above it (a mount covers only what it mounts), when the install avoids it (a flag, or a
 * variable that turns it off), or when a later command of the same RUN removes it.
 */
import type { Instruction, Word } from './model';
import { commandName, mountTargets, runCommands, type SimpleCommand } from './commands';
import { PACKAGE_MANAGERS, type CacheDir, type PackageManager } from './packageManagers';

/** What is known where the RUN runs. */
export interface RunContext {
  /** Values of the table's variables (ENV, and ARG defaults) at the RUN: the stage's and those it is FROM. */
  env: ReadonlyMap<string, string>;
  /** /etc/apt/apt.conf.d/docker-clean was removed by an earlier RUN: apt keeps the .deb files. */
  keepsDebs: boolean;
  /** The home of the user the RUN runs as (`/root` for root), when known. */
  home?: string;
}

/** One install that leaves caches. */
export interface LeftCache {
  manager: PackageManager;
  command: SimpleCommand;
  /** The install's name (`apt-get update`), as written. */
  text: string;
  /** Where the install's name ends (the finding's end; the no-cache flag goes after it). */
  word: Word;
  /** The directories it leaves, each with the path it is at. */
  dirs: { dir: CacheDir; path: string }[];
}

/** `"$HOME/.npm/"`, `~/.npm/*`, `/root/.npm` -> `~/.npm` when `home` is /root; quotes, trailing `/` and globs dropped. */
function normalize(word: string, home: string | undefined): string {
  let path = word.replace(/["']/g, '').replace(/(?:\/\*+|\/)+$/, '');
  path = path.replace(/^(?:\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  if (home && (path === home || path.startsWith(home + '/'))) path = '~' + path.slice(home.length);
  return path;
}

/** The directory's path at this RUN: moved by a variable (`GOPATH=/go` -> /go/pkg/mod), else its first default. */
function placeOf(dir: CacheDir, env: ReadonlyMap<string, string>, home: string | undefined): string[] {
  for (const { name, suffix } of dir.env ?? []) {
    const value = env.get(name);
    if (value && !/\$(?!HOME\b|\{HOME\})/.test(value)) return [normalize(value + (suffix ?? ''), home)];
  }
  return dir.paths;
}

/** Does `outer` (a mount target or a removed path) hold `path`? `~/x` paths also match any home's `x`. */
function holds(outer: string, path: string): boolean {
  if (!outer || outer === '/' || outer === '~') return false;
  if (path === outer || path.startsWith(outer + '/')) return true;
  if (!path.startsWith('~/') || outer.startsWith('~')) return false;
  // `/home/app/.cache` holds `~/.cache/pip`: a home we do not know, matched by the part under it.
  const rest = path.slice(1);
  for (let cut = rest.length; cut > 0; cut = rest.lastIndexOf('/', cut - 1)) if (outer.endsWith(rest.slice(0, cut)) && outer.length > cut) return true;
  return false;
}

/** Does this command remove `path` (or a folder two levels deep or more that holds it, or a part of it)? */
function removes(command: SimpleCommand, path: string, dir: CacheDir, home: string | undefined): boolean {
  if (dir.cleans?.(command)) return true;
  const name = commandName(command);
  if (name !== 'rm' && name !== 'find') return false;
  const list = command.words.map((word) => word.value);
  if (name === 'find' && !list.includes('-delete') && !list.includes('rm')) return false;
  return list.slice(1).some((value) => {
    if (value.startsWith('-')) return false;
    const variable = /^["']?\$\{?([A-Za-z_]\w*)\}?/.exec(value)?.[1];
    if (variable && dir.env?.some((e) => e.name === variable)) return true;
    const removed = normalize(value, home);
    // `rm -rf /var/cache` empties /var/cache/apk; `rm -rf /var` is no clean-up we would suggest.
    const deepEnough = removed.split('/').filter(Boolean).length >= 2;
    return (deepEnough && holds(removed, path)) || removed.startsWith(path + '/');
  });
}

/** Does a RUN remove /etc/apt/apt.conf.d/docker-clean (after which apt keeps what it downloads)? */
export function removesDockerClean(commands: SimpleCommand[]): boolean {
  return commands.some(removesClean);
}

function removesClean(command: SimpleCommand): boolean {
  return commandName(command) === 'rm' && command.words.some((w) => w.value.includes('apt.conf.d/docker-clean'));
}

/** Variables set in the RUN itself (`PIP_NO_CACHE_DIR=1 pip …`, `export UV_NO_CACHE=1 && …`). */
function inlineVariables(instruction: Instruction): Map<string, string> {
  const set = new Map<string, string>();
  for (const word of instruction.args) {
    const m = /^([A-Za-z_]\w*)=(.*)$/.exec(word.value);
    if (m) set.set(m[1], m[2].replace(/^["']|["']$/g, ''));
  }
  return set;
}

/** The installs of a RUN (or of an ONBUILD's RUN, see onbuildRun) that leave caches in its layer, in order. */
export function leftCaches(run: Instruction, context: RunContext): LeftCache[] {
  const commands = runCommands(run);
  if (commands.length === 0) return [];
  // Worked out at the first install found (most RUNs have none; this runs for every RUN of a file on every edit).
  let mounts: string[] | undefined;
  let env: ReadonlyMap<string, string> | undefined;
  let reported: Set<PackageManager> | undefined;
  let keepsDebs = context.keepsDebs;
  const left: LeftCache[] = [];
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index];
    if (!keepsDebs && removesClean(command)) keepsDebs = true;
    for (const manager of PACKAGE_MANAGERS) {
      const install = reported?.has(manager) ? undefined : manager.install(command, keepsDebs);
      if (!install) continue;
      if (manager.noCache && command.words.some((word) => manager.noCache!.test(word.value))) continue;
      const covers = (mounts ??= mountTargets(run, ['cache', 'tmpfs']).map((target) => normalize(target, context.home)));
      if (!env) {
        const inline = inlineVariables(run);
        env = inline.size ? new Map([...context.env, ...inline]) : context.env;
      }
      const at = env;
      const later = commands.slice(index + 1);
      const dirs = install.dirs
        .filter((dir) => !dir.offEnv?.some((name) => at.has(name)))
        .map((dir) => ({ dir, paths: placeOf(dir, at, context.home) }))
        .filter(({ dir, paths }) => !paths.some((path) => covers.some((m) => holds(m, path)) || later.some((c) => removes(c, path, dir, context.home))))
        .map(({ dir, paths }) => ({ dir, path: paths[0] }));
      if (dirs.length === 0) continue;
      (reported ??= new Set()).add(manager); // one finding per manager and RUN: one clean-up or mount handles them all
      const text = command.words
        .slice(0, command.words.indexOf(install.word) + 1)
        .map((word) => word.value)
        .join(' ');
      left.push({ manager, command, text, word: install.word, dirs });
    }
  }
  return left;
}
