#!/usr/bin/env node
// A real Docker engine for tests: Debian's docker.io (installed with apt when missing), started on a
// private socket and data root inside the test cache, and local base images made without a registry
// (none is reachable here). `node test/scripts/docker-engine.mjs` prepares it and prints DOCKER_HOST;
// `stopEngine()` stops what `startEngine()` started.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const cache = process.env.STAGECRAFT_CACHE ?? join(homedir(), '.cache', 'stagecraft-test');
const dir = join(cache, 'docker');
export const socket = join(dir, 'docker.sock');
export const dockerHost = `unix://${socket}`;
/** Debian's 20.10 CLI: it builds with BuildKit without the buildx plugin. */
export const dockerCli = '/usr/bin/docker';
export const BUSYBOX = 'local/busybox:1';

const log = (message) => process.stderr.write(`[docker-engine] ${message}\n`);

function aptInstall(packages) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages ${missing.join(', ')}: install them with apt-get as root`);
  log(`apt-get install ${missing.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function docker(args, options = {}) {
  return spawnSync(dockerCli, args, { encoding: 'utf8', ...options, env: { ...process.env, DOCKER_HOST: dockerHost, ...options.env } });
}

function alive() {
  return existsSync(socket) && docker(['version', '--format', '{{.Server.Version}}'], { timeout: 5000 }).status === 0;
}

export async function startEngine() {
  aptInstall(['docker.io', 'busybox-static']);
  mkdirSync(dir, { recursive: true });
  if (alive()) return { started: false };
  rmSync(socket, { force: true });
  const out = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn('/usr/sbin/dockerd', ['-H', dockerHost, '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'dockerd.pid')], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  for (let i = 0; i < 150 && !alive(); i++) await new Promise((resolve) => setTimeout(resolve, 200));
  if (!alive()) throw new Error(`dockerd did not start: see ${join(dir, 'dockerd.log')}`);
  log(`dockerd ${child.pid} on ${dockerHost}`);
  return { started: true };
}

export function stopEngine() {
  const pidfile = join(dir, 'dockerd.pid');
  if (!existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, 'utf8'));
  try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  for (let i = 0; i < 100; i++) {
    try { process.kill(pid, 0); } catch { return; }
    spawnSync('sleep', ['0.1']);
  }
  try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}

/**
 * For test runs that share one engine: `acquireEngine()` starts it (or reuses a running one) and
 * records this process as a user; `releaseEngine()` removes it, and the last user stops the engine
 * only when a test run started it (an engine someone started by hand keeps running).
 */
const usersDir = join(dir, 'users');
const startedByTests = join(dir, 'started-by-tests');

export async function acquireEngine() {
  const result = await startEngine();
  if (result.started) writeFileSync(startedByTests, String(process.pid));
  mkdirSync(usersDir, { recursive: true });
  writeFileSync(join(usersDir, String(process.pid)), '');
  return result;
}

export function releaseEngine() {
  rmSync(join(usersDir, String(process.pid)), { force: true });
  const others = (existsSync(usersDir) ? readdirSync(usersDir) : []).filter((name) => {
    try { process.kill(Number(name), 0); return true; } catch { rmSync(join(usersDir, name), { force: true }); return false; }
  });
  if (others.length) { log(`engine left running for ${others.length} other test run(s)`); return; }
  if (!existsSync(startedByTests)) return;
  stopEngine();
  rmSync(startedByTests, { force: true });
  log('engine stopped');
}

/** local/busybox:1 from Debian's static busybox: a base image for tests, made in a fraction of a second. */
export function ensureBusybox() {
  if (docker(['image', 'inspect', BUSYBOX], { stdio: 'ignore' }).status === 0) return;
  const root = join(dir, 'busybox-root');
  rmSync(root, { recursive: true, force: true });
  for (const sub of ['bin', 'etc', 'tmp', 'root', 'usr/bin', 'sbin', 'usr/sbin']) mkdirSync(join(root, sub), { recursive: true });
  execFileSync('cp', ['/bin/busybox', join(root, 'bin', 'busybox')]);
  execFileSync('chroot', [root, '/bin/busybox', '--install', '-s']);
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  // Fixed paths only: the values are passed as positional arguments, never spliced into the script.
  const imported = spawnSync('bash', ['-c', 'set -o pipefail; tar --numeric-owner -C "$1" -c . | "$2" import -c \'CMD ["/bin/sh"]\' - "$3"', '_', root, dockerCli, BUSYBOX], { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: dockerHost } });
  if (imported.status !== 0) throw new Error(`docker import failed: ${imported.stderr}`);
  log(`${BUSYBOX} created`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const command = process.argv[2] ?? 'start';
  if (command === 'stop') stopEngine();
  else {
    await startEngine();
    ensureBusybox();
    console.log(`DOCKER_HOST=${dockerHost}`);
  }
}
