// The project's own npm dependencies, for `npm start` and `npm test` on a fresh clone: when
// node_modules is missing or does not hold what package-lock.json pins, `npm ci` installs it first,
// with one line saying why. Only Node's built-ins are imported here (nothing else exists yet).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const readPackages = (path) => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')).packages ?? {};
  } catch {
    return undefined;
  }
};

/**
 * Why node_modules does not match package-lock.json, or undefined when it does: every package the
 * lock pins (optional ones only when npm installed them: esbuild's other platforms never are) is
 * on disk at the pinned version. Packages beyond the lock are left alone.
 */
export function staleReason(root = projectRoot) {
  const locked = readPackages(join(root, 'package-lock.json'));
  if (!locked) return 'package-lock.json cannot be read';
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  const installed = readPackages(join(root, 'node_modules', '.package-lock.json'));
  if (!installed) return 'node_modules was not installed by npm';
  for (const [path, entry] of Object.entries(locked)) {
    if (!path.startsWith('node_modules/') || entry.link) continue;
    const have = Object.hasOwn(installed, path) ? installed[path] : undefined;
    if (!have) {
      if (entry.optional) continue;
      return `${path.slice('node_modules/'.length)} is not installed`;
    }
    if (have.version !== entry.version) return `${path.slice('node_modules/'.length)} is ${have.version}, package-lock.json pins ${entry.version}`;
    if (!existsSync(join(root, path, 'package.json'))) return `${path.slice('node_modules/'.length)} is missing from node_modules`;
  }
  return undefined;
}

/** Runs `npm ci` when node_modules does not match package-lock.json; throws when npm fails. */
export function ensureDependencies(root = projectRoot) {
  const reason = staleReason(root);
  if (!reason) return false;
  process.stdout.write(`[setup] ${reason}: running npm ci\n`);
  // The npm that started us (npm start / npm test) when there is one, else npm on PATH.
  const npm = process.env.npm_execpath;
  const [command, args] = npm && /\.[cm]?js$/.test(npm) ? [process.execPath, [npm, 'ci']] : ['npm', ['ci']];
  const result = spawnSync(command, [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`npm ci could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`npm ci failed (exit ${result.status}); see its output above`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureDependencies();
