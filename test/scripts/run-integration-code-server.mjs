#!/usr/bin/env node
// Runs test/integration inside a real VS Code here: code-server with the smoke-test driver, the
// workbench opened in Chromium with extensionDevelopmentPath (this clone) and extensionTestsPath (the
// bundled suite). The suite's output comes back through codeAutomationLog, its exit code through
// codeAutomationExit. Everything started here is stopped here.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { ensureAll, ensureAzureCli } from './setup.mjs';
import { acquireEngine, dockerCli, dockerHost, ensureBusybox, releaseEngine } from './docker-engine.mjs';
import { openBrowser, root, runFolder, startCodeServer, stopOnSignals, workbenchUrl } from './code-server.mjs';

const TIME_LIMIT_MS = 10 * 60_000; // a hang guard: the suite includes real builds

export async function bundleSuite(outdir = join(root, 'out', 'integration')) {
  await esbuild.build({
    entryPoints: [join(root, 'test', 'integration', 'index.ts')],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}

async function main() {
  ensureAll();
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `node esbuild.mjs` first');
  const suite = await bundleSuite();
  ensureAzureCli();
  const { dir, workspaceDir } = runFolder('integration', join(root, 'test', 'integration', 'workspace'));
  // Real builds: the local engine (local/busybox:1 made offline) and Debian's 20.10 CLI, which has
  // BuildKit built in; the example project is built by the suite.
  await acquireEngine();
  ensureBusybox();
  cpSync(join(root, 'examples', 'busybox-app'), join(workspaceDir, 'busybox-app'), { recursive: true });
  // stagecraft.docker.path is a machine setting: a remote window (code-server) reads it from the
  // machine's settings, not the user's.
  mkdirSync(join(dir, 'user-data', 'Machine'), { recursive: true });
  writeFileSync(join(dir, 'user-data', 'Machine', 'settings.json'), JSON.stringify({ 'stagecraft.docker.path': dockerCli }, null, 2));
  let server;
  try {
    server = await startCodeServer({ dir, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'], env: { DOCKER_HOST: dockerHost } });
  } catch (error) {
    releaseEngine();
    throw error;
  }
  let context;
  stopOnSignals(
    async () => context?.close(),
    server.stop,
    async () => releaseEngine(),
  );
  try {
    context = await openBrowser(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    // Both bindings must exist before the workbench loads: it looks them up once, at start.
    let resolveExit;
    const exitCode = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      if (type === 'error' && /vsda|open-vsx|gallery|github/i.test(text)) return;
      process.stdout.write(`${text}\n`);
    });
    const aborted = new Promise((resolve) => {
      page.once('crash', () => resolve('the workbench page crashed'));
      page.once('close', () => resolve('the workbench page was closed'));
      server.exited.then(resolve);
    });
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    await page.goto(
      workbenchUrl(server.url, {
        folder: workspaceDir,
        payload: [
          ['extensionDevelopmentPath', remote(root)],
          ['extensionTestsPath', remote(suite)],
          ['skipWelcome', 'true'],
        ],
      }),
      { timeout: 120_000 },
    ); // loading the workbench on a busy machine can take a while
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), TIME_LIMIT_MS);
    });
    const code = await Promise.race([exitCode, timeout, aborted]);
    clearTimeout(timer);
    if (typeof code === 'string') {
      await page.screenshot({ path: join(dir, 'failure.png') }).catch(() => undefined);
      const why = code === 'timeout' ? `the suite did not finish in ${TIME_LIMIT_MS / 1000} s` : code;
      console.log(`integration: ${why} (screenshot: ${join(dir, 'failure.png')}; log: ${join(dir, 'code-server.log')})`);
      console.log('integration: 0 passed, 1 failed');
      return 1;
    }
    return Number(code);
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
    releaseEngine();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`integration: ${error?.stack ?? error}`);
      process.exit(1);
    },
  );
}
