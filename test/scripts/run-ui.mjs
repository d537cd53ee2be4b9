#!/usr/bin/env node
// The UI suite: packages the extension (.vsix), installs it into a fresh code-server as a user would,
// opens a copy of examples/ in Chromium and runs test/ui/*.ui.mjs in order. Screenshots go to
// .test-results/ui/ (each test's failure, and the named shots the README uses). A suite may export
// `setupWorkspace` (files in the workspace), and `before({ dir, workspaceDir, home })` / `after({ page })`
// for what it starts itself (e.g. a second engine); `after` runs however the suite ended (`page` is
// there unless the run was interrupted).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeServerEntry, ensureAll, node24Bin } from './setup.mjs';
import { acquireEngine, dockerCli, dockerHost, ensureBusybox, releaseEngine } from './docker-engine.mjs';
import { homeEnv, openBrowser, root, runFolder, startCodeServer, stopOnSignals, workbenchUrl } from './code-server.mjs';

async function main() {
  ensureAll();
  const { dir, workspaceDir } = runFolder('ui', join(root, 'examples'));
  const vsix = join(dir, 'stagecraft.vsix');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '--allow-missing-repository',
      '--out',
      vsix,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  execFileSync(
    join(node24Bin, 'node'),
    [codeServerEntry, '--extensions-dir', join(dir, 'extensions'), '--user-data-dir', join(dir, 'user-data'), '--install-extension', vsix],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: homeEnv(home),
    },
  );

  // `node test/scripts/run-ui.mjs walkthrough` runs the suites whose file names contain an argument.
  const wanted = process.argv.slice(2);
  const suites = readdirSync(join(root, 'test', 'ui'))
    .filter((f) => f.endsWith('.ui.mjs') && (wanted.length === 0 || wanted.some((w) => f.includes(w))))
    .sort();
  // Real builds from a click: the local engine and Debian's 20.10 CLI (a machine setting, which a
  // remote window reads from the machine's settings), BuildKit for the plain step output.
  await acquireEngine();
  ensureBusybox();
  mkdirSync(join(dir, 'user-data', 'Machine'), { recursive: true });
  writeFileSync(join(dir, 'user-data', 'Machine', 'settings.json'), JSON.stringify({ 'stagecraft.docker.path': dockerCli }, null, 2));
  let server;
  try {
    server = await startCodeServer({ dir, env: { DOCKER_HOST: dockerHost }, settings: { 'stagecraft.build.builder': 'buildkit' } });
  } catch (error) {
    releaseEngine();
    throw error;
  }
  let context;
  let suiteAfter;
  stopOnSignals(
    async () => context?.close(),
    async () => await suiteAfter?.(),
    server.stop,
    async () => releaseEngine(),
  );
  let passed = 0;
  let failed = 0;
  try {
    for (const file of suites) {
      const suite = await import(pathToFileURL(join(root, 'test', 'ui', file)).href);
      suite.setupWorkspace?.(workspaceDir, writeFileSync, mkdirSync);
      suiteAfter = suite.after;
      try {
        await suite.before?.({ dir, workspaceDir, home: join(dir, 'home') });
      } catch (error) {
        failed++;
        console.log(`  ✖ ${file}: its setup failed: ${String(error?.message ?? error)}`);
        await Promise.resolve()
          .then(() => suiteAfter?.())
          .catch(() => undefined);
        suiteAfter = undefined;
        continue;
      }
      context = await openBrowser(join(dir, file));
      const page = context.pages()[0] ?? (await context.newPage());
      // Waits are for conditions, with room for a busy machine (Quick Open's file search alone took
      // over 20 s while other suites ran); loading the workbench gets more.
      page.setDefaultTimeout(60_000);
      page.setDefaultNavigationTimeout(120_000);
      const shot = (name) => page.screenshot({ path: join(dir, `${name}.png`) });
      await page.goto(workbenchUrl(server.url, { folder: workspaceDir }));
      let broken = false;
      for (const [name, fn] of suite.tests) {
        if (broken) {
          failed++;
          console.log(`  ✖ ${name} (not run: an earlier step failed)`);
          continue;
        }
        const started = Date.now();
        try {
          await fn({ page, shot });
          passed++;
          console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
        } catch (error) {
          failed++;
          broken = true; // later steps build on this one
          const path = join(dir, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
          await page.screenshot({ path }).catch(() => undefined);
          console.log(
            `  ✖ ${name}\n    ${String(error?.message ?? error)
              .split('\n')
              .slice(0, 4)
              .join('\n    ')}\n    screenshot: ${path}`,
          );
        }
      }
      const after = suiteAfter;
      suiteAfter = undefined;
      await Promise.resolve()
        .then(() => after?.({ page }))
        .catch((error) => console.log(`  ${file}: its clean-up failed: ${String(error?.message ?? error)}`));
      await context.close();
      context = undefined;
    }
  } finally {
    await context?.close().catch(() => undefined);
    await Promise.resolve()
      .then(() => suiteAfter?.())
      .catch(() => undefined);
    await server.stop();
    releaseEngine();
  }
  console.log(`ui: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`ui: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
