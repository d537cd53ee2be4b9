#!/usr/bin/env node
// A real Docker engine for tests: Debian's docker.io (installed with apt when missing), started on a
// private socket and data root inside the test cache, and local base images made without a registry
// (none is reachable here). `node test/scripts/docker-engine.mjs` prepares it and prints DOCKER_HOST;
// `stopEngine()` stops what `startEngine()` started. ensureDebianImage / ensureGoSdkImage make bigger
// base images (debootstrap, apt) once and cache them as tarballs in `imageCache`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
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
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function docker(args, options = {}) {
  return spawnSync(dockerCli, args, { encoding: 'utf8', ...options, env: { ...process.env, DOCKER_HOST: dockerHost, ...options.env } });
}

function alive() {
  return existsSync(socket) && docker(['version', '--format', '{{.Server.Version}}'], { timeout: 5000 }).status === 0;
}

/** How long a starting dockerd may take to answer: on a busy 2-core machine it took 20-50 s. */
const START_LIMIT_MS = 180_000;

const running = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The dockerd of the pidfile while its process lives (starting or answering), else undefined. */
function startingPid() {
  const pidfile = join(dir, 'dockerd.pid');
  if (!existsSync(pidfile)) return undefined;
  const pid = Number(readFileSync(pidfile, 'utf8'));
  return Number.isInteger(pid) && pid > 0 && running(pid) ? pid : undefined;
}

/** Waits until the engine answers, while `pid` lives; true when it answers. */
async function answers(pid) {
  const deadline = Date.now() + START_LIMIT_MS;
  while (Date.now() < deadline) {
    if (alive()) return true;
    if (!running(pid)) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return alive();
}

export async function startEngine() {
  aptInstall(['docker.io', 'busybox-static']);
  mkdirSync(dir, { recursive: true });
  if (alive()) return { started: false };
  // Another test run may be starting the engine right now: wait for that one, never start a second
  // dockerd on the same data root (or delete its socket).
  const other = startingPid();
  if (other !== undefined) {
    log(`waiting for dockerd ${other} to answer`);
    if (await answers(other)) return { started: false };
    if (running(other)) throw new Error(`dockerd ${other} did not answer within ${START_LIMIT_MS / 1000} s: see ${join(dir, 'dockerd.log')}`);
  }
  rmSync(socket, { force: true });
  const out = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    '/usr/sbin/dockerd',
    ['-H', dockerHost, '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'dockerd.pid')],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  if (!(await answers(child.pid))) {
    const tail = readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-6).join('\n');
    throw new Error(
      `dockerd did not start (${running(child.pid) ? `no answer within ${START_LIMIT_MS / 1000} s` : 'it exited'}); the end of ${join(dir, 'dockerd.log')}:\n${tail}`,
    );
  }
  log(`dockerd ${child.pid} on ${dockerHost}`);
  return { started: true };
}

export function stopEngine() {
  const pidfile = join(dir, 'dockerd.pid');
  if (!existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    spawnSync('sleep', ['0.1']);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
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
    try {
      process.kill(Number(name), 0);
      return true;
    } catch {
      rmSync(join(usersDir, name), { force: true });
      return false;
    }
  });
  if (others.length) {
    log(`engine left running for ${others.length} other test run(s)`);
    return;
  }
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
  const imported = spawnSync(
    'bash',
    ['-c', 'set -o pipefail; tar --numeric-owner -C "$1" -c . | "$2" import -c \'CMD ["/bin/sh"]\' - "$3"', '_', root, dockerCli, BUSYBOX],
    { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: dockerHost } },
  );
  if (imported.status !== 0) throw new Error(`docker import failed: ${imported.stderr}`);
  log(`${BUSYBOX} created`);
}

/**
 * Runs the docker CLI without blocking the event loop (builds take minutes): an argument list, never a
 * shell. Resolves with the exit status and what it printed; `DOCKER_BUILDKIT=1` unless `env` says otherwise.
 */
export function dockerAsync(args, options = {}) {
  return runAsync(dockerCli, args, { ...options, env: { DOCKER_BUILDKIT: '1', DOCKER_HOST: dockerHost, ...options.env } });
}

function runAsync(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => resolve({ status: 127, stdout, stderr: stderr + String(error) }));
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

async function must(command, args, options) {
  const result = command === dockerCli ? await dockerAsync(args, options) : await runAsync(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${(result.stdout + result.stderr).slice(-4000)}`);
  return result;
}

/** Made images are cached here as tarballs, so a fresh engine gets them back in seconds. */
export const imageCache = join(cache, 'docker-images');
export const DEBIAN = 'local/debian:bookworm';
const debianMirror = 'http://deb.debian.org/debian';

/** Like aptInstall, but waits for the dpkg lock (other jobs on this machine may be installing). */
async function aptInstallWaiting(packages) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages ${missing.join(', ')}: install them with apt-get as root`);
  log(`apt-get install ${missing.join(' ')}`);
  const wait = ['-o', 'DPkg::Lock::Timeout=600'];
  await must('apt-get', [...wait, 'update', '-qq']);
  await must('apt-get', [...wait, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

const madeFrom = 'org.stagecraft.test.dockerfile-sha256';
const imageExists = async (tag) => (await dockerAsync(['image', 'inspect', '--format', '{{.Id}}', tag])).status === 0;
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * local/debian:bookworm: `debootstrap --variant=minbase` from Debian's mirror into a temporary rootfs,
 * apt lists removed, imported as an image. The rootfs tarball is cached in `imageCache`; with it, this
 * is one `docker import` of a file. Does nothing when the engine already has the image.
 */
export async function ensureDebianImage() {
  if (await imageExists(DEBIAN)) return DEBIAN;
  const started = Date.now();
  mkdirSync(imageCache, { recursive: true });
  const tarball = join(imageCache, 'debian-bookworm-minbase-rootfs.tar');
  if (!existsSync(tarball)) {
    await aptInstallWaiting(['debootstrap']);
    const rootfs = mkdtempSync(join(tmpdir(), 'stagecraft-debian-'));
    try {
      log(`debootstrap --variant=minbase bookworm (from ${debianMirror})`);
      await must('debootstrap', ['--variant=minbase', 'bookworm', rootfs, debianMirror]);
      // Package lists go stale and are 40 MB: images run `apt-get update` before installing.
      for (const sub of ['var/lib/apt/lists', 'var/cache/apt', 'var/log']) {
        rmSync(join(rootfs, sub), { recursive: true, force: true });
        mkdirSync(join(rootfs, sub), { recursive: true });
      }
      mkdirSync(join(rootfs, 'var/lib/apt/lists/partial'), { recursive: true });
      mkdirSync(join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
      // The engine mounts its own; the host's should not travel in a cached tarball.
      for (const file of ['etc/resolv.conf', 'etc/hostname']) rmSync(join(rootfs, file), { force: true });
      const partial = `${tarball}.${process.pid}.partial`;
      await must('tar', ['--numeric-owner', '-C', rootfs, '-cf', partial, '.']);
      renameSync(partial, tarball);
    } finally {
      rmSync(rootfs, { recursive: true, force: true });
    }
  }
  await must(dockerCli, ['import', '-c', 'CMD ["/bin/bash"]', tarball, DEBIAN]);
  log(`${DEBIAN} ready in ${seconds(started)}`);
  return DEBIAN;
}

/**
 * An image made by a Dockerfile on local/debian:bookworm (apt reaches Debian's mirror with
 * `--network host`), tagged `tag`. `docker save`d into `imageCache` under a name that includes a hash
 * of the Dockerfile, and `docker load`ed from there next time. Does nothing when the image exists.
 */
export async function ensureDebianDerivedImage(tag, dockerfile) {
  const hash = createHash('sha256').update(tag).update('\0').update(dockerfile).digest('hex').slice(0, 12);
  // The image carries the hash of its Dockerfile as a label: one made from an older Dockerfile is remade.
  const current = async () => (await dockerAsync(['image', 'inspect', '--format', `{{index .Config.Labels "${madeFrom}"}}`, tag])).stdout.trim() === hash;
  if (await current()) return tag;
  const started = Date.now();
  mkdirSync(imageCache, { recursive: true });
  const prefix = `${tag.replace(/[^\w.-]+/g, '_')}-`;
  const saved = join(imageCache, `${prefix}${hash}.tar`);
  if (existsSync(saved)) {
    await must(dockerCli, ['load', '-i', saved]);
    if (await current()) {
      log(`${tag} loaded from ${saved} in ${seconds(started)}`);
      return tag;
    }
  }
  await ensureDebianImage();
  const building = Date.now();
  const context = mkdtempSync(join(tmpdir(), 'stagecraft-image-'));
  try {
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    log(`building ${tag} on ${DEBIAN}`);
    await must(dockerCli, ['build', '--network', 'host', '--progress', 'plain', '--label', `${madeFrom}=${hash}`, '-t', tag, context]);
    const partial = `${saved}.${process.pid}.partial`;
    await must(dockerCli, ['save', '-o', partial, tag]);
    renameSync(partial, saved);
    // Tarballs of this tag made from an older Dockerfile are stale.
    for (const name of readdirSync(imageCache)) {
      if (name.startsWith(prefix) && /^[0-9a-f]{12}\.tar$/.test(name.slice(prefix.length)) && join(imageCache, name) !== saved)
        rmSync(join(imageCache, name), { force: true });
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  log(`${tag} built and saved in ${seconds(building)}`);
  return tag;
}

/**
 * A Go SDK image for the private test engine, tagged with the name a Go template's `FROM` resolves to
 * (e.g. `golang:1.24-alpine`). It is NOT the official image: no registry is reachable here, so it is a
 * Debian-based stand-in (Debian's golang-go, Go 1.19) with the official image's layout where templates
 * rely on it (GOPATH=/go, so the `/go/pkg/mod` cache mounts are the module cache) and CGO_ENABLED=0
 * (there is no C compiler in it). It exists only inside the test engine on its private socket.
 */
export function ensureGoSdkImage(tag = 'golang:1.24-alpine') {
  return ensureDebianDerivedImage(
    tag,
    [
      '# A Debian-based stand-in for the official golang image, only for the private test engine.',
      `FROM ${DEBIAN}`,
      'RUN apt-get update \\',
      ' && apt-get install -y --no-install-recommends golang-go ca-certificates \\',
      ' && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin',
      'ENV GOPATH=/go PATH=/go/bin:/usr/lib/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin CGO_ENABLED=0',
      'RUN mkdir -p /go/src /go/bin && chmod -R 1777 /go',
      'WORKDIR /go',
      '',
    ].join('\n'),
  );
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
