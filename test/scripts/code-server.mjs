// Starts code-server (VS Code's server and workbench) for tests and `npm start`: on 127.0.0.1 and a
// free port, with HOME/XDG_* and user settings isolated in a run folder, detached in its own process
// group so that stop() ends it and everything it spawned. Also opens Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium as chromiumPath, codeServerEntry, node24Bin } from './setup.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const userSettings = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'terminal.integrated.gpuAcceleration': 'off',
  'editor.hover.delay': 100,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh run folder under .test-results/<name>/, with a copy of `workspace` when given. */
/** The environment of a code-server process whose home, settings, data and caches live under `home`. */
export const homeEnv = (home) => ({
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_DATA_HOME: join(home, '.local', 'share'),
  XDG_CACHE_HOME: join(home, '.cache'),
});

export function runFolder(name, workspace) {
  const dir = join(root, '.test-results', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let workspaceDir;
  if (workspace) {
    workspaceDir = join(dir, 'workspace');
    cpSync(workspace, workspaceDir, { recursive: true });
  }
  return { dir, workspaceDir };
}

export async function startCodeServer({ dir, extraArgs = [], env = {}, settings = {}, port }) {
  port ??= await freePort();
  const home = join(dir, 'home');
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  for (const d of [home, join(userData, 'User'), extensions]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...userSettings, ...settings }, null, 2));
  const config = join(dir, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const log = openSync(join(dir, 'code-server.log'), 'a');
  const child = spawn(
    join(node24Bin, 'node'),
    [
      codeServerEntry,
      '--config',
      config,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      ...extraArgs,
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...homeEnv(home), PATH: `${process.env.PATH}`, ...env },
    },
  );
  let exited = false;
  // Resolves with a message when code-server ends: runners race it against the suite, so a crash
  // fails the run at once instead of after the time limit.
  const exitedPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve(`code-server exited (${signal ?? `code ${code}`})`);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited at start: see ${join(dir, 'code-server.log')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz in 60 s: see ${join(dir, 'code-server.log')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, pid: child.pid, stop, exited: exitedPromise };
}

/** Chromium (Debian's) through playwright-core, with its profile and HOME inside the run folder. */
export async function openBrowser(dir) {
  const { chromium } = await import('playwright-core');
  const home = join(dir, 'browser-home');
  mkdirSync(home, { recursive: true });
  return chromium.launchPersistentContext(join(dir, 'browser-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** `/?folder=...&payload=...` for the workbench. */
export function workbenchUrl(url, { folder, payload }) {
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  if (payload) params.set('payload', JSON.stringify(payload));
  return `${url}/?${params}`;
}

/** Stops everything on SIGINT/SIGTERM too. */
export function stopOnSignals(...stops) {
  const handler = async () => {
    for (const stop of stops) await stop().catch(() => undefined);
    process.exit(130);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
