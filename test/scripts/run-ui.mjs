#!/usr/bin/env node
// The UI suite: packages the extension (.vsix), installs it into a fresh code-server as a user would,
// opens a copy of examples/ in Chromium and runs test/ui/*.ui.mjs in order. Screenshots go to
// .test-results/ui/ (each test's failure, and the named shots the README uses). A suite may export
// `setupWorkspace` (files in the workspace), and `before({ dir, workspaceDir, home })` / `after({ page })`
// for what it starts itself (e.g. a second engine); `after` runs however the suite ended (`page` is
// there unless the run was interrupted).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
  const flaky = [];
  /**
   * One run of a suite in a fresh window (`attempt` 2: a browser profile of its own, so nothing of the
   * first run's window comes back): its own before/after; counts what passed and failed.
   */
  const runSuite = async (file, attempt) => {
    const result = { passed: 0, failed: 0 };
    /** The suite's `after` (with the page, when there is one), then its window closes: however the run ended. */
    const cleanUp = async (page) => {
      const after = suiteAfter;
      suiteAfter = undefined;
      await Promise.resolve()
        .then(() => after?.(page ? { page } : undefined))
        .catch((error) => console.log(`  ${file}: its clean-up failed: ${String(error?.message ?? error)}`));
      await context?.close().catch(() => undefined);
      context = undefined;
      return result;
    };
    const suite = await import(pathToFileURL(join(root, 'test', 'ui', file)).href);
    suite.setupWorkspace?.(workspaceDir, writeFileSync, mkdirSync);
    suiteAfter = suite.after;
    try {
      await suite.before?.({ dir, workspaceDir, home: join(dir, 'home') });
    } catch (error) {
      result.failed++;
      console.log(`  ✖ ${file}: its setup failed: ${String(error?.message ?? error)}`);
      return cleanUp(undefined);
    }
    const logsBefore = stagecraftLogs(dir);
    let page;
    try {
      context = await openBrowser(join(dir, attempt > 1 ? `${file}.retry` : file));
      page = context.pages()[0] ?? (await context.newPage());
      // Waits are for conditions, with room for a busy machine (Quick Open's file search alone took
      // over 20 s while other suites ran); loading the workbench gets more.
      page.setDefaultTimeout(60_000);
      page.setDefaultNavigationTimeout(120_000);
      await page.goto(workbenchUrl(server.url, { folder: workspaceDir }));
    } catch (error) {
      // The workbench did not load: a failure of the suite (run again like any other), not of the run.
      result.failed++;
      console.log(`  ✖ ${file}: the workbench did not load: ${String(error?.message ?? error).split('\n')[0]}`);
      return cleanUp(page);
    }
    const shot = (name) => page.screenshot({ path: join(dir, `${name}.png`) });
    let broken = false;
    for (const [name, fn] of suite.tests) {
      if (broken) {
        result.failed++;
        console.log(`  ✖ ${name} (not run: an earlier step failed)`);
        continue;
      }
      const started = Date.now();
      try {
        await fn({ page, shot });
        result.passed++;
        console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        result.failed++;
        broken = true; // later steps build on this one
        const path = join(dir, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}${attempt > 1 ? '-again' : ''}.png`);
        await page.screenshot({ path }).catch(() => undefined);
        console.log(
          `  ✖ ${name}\n    ${String(error?.message ?? error)
            .split('\n')
            .slice(0, 4)
            .join('\n    ')}\n    screenshot: ${path}`,
        );
        // What the screenshot shows, in words: a CI log is often all there is to read.
        const description = await describeWindow(page, dir, logsBefore).catch((problem) => [
          `(the window could not be described: ${problem?.message ?? problem})`,
        ]);
        console.log(description.map((line) => `    | ${line}`).join('\n'));
      }
    }
    return cleanUp(page);
  };
  try {
    for (const file of suites) {
      let result = await runSuite(file, 1);
      if (result.failed > 0) {
        // A suite that fails is run once more, in a fresh window: it fails the run only when it
        // fails again. A pass on the second run is reported as flaky below, with the first run's
        // failure and its description printed above.
        console.log(`  ↻ ${file}: ${result.failed} failed; running the suite once more in a fresh window`);
        result = await runSuite(file, 2);
        if (result.failed === 0) flaky.push(file);
      }
      passed += result.passed;
      failed += result.failed;
    }
  } finally {
    await context?.close().catch(() => undefined);
    await Promise.resolve()
      .then(() => suiteAfter?.())
      .catch(() => undefined);
    await server.stop();
    releaseEngine();
  }
  if (flaky.length) console.log(`ui: flaky (failed once, passed when run again): ${flaky.join(', ')}`);
  console.log(`ui: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

/** Every Stagecraft output-channel log of the run (code-server keeps one per extension host) and when it was written. */
function stagecraftLogs(dir) {
  const logs = join(dir, 'user-data', 'logs');
  const found = new Map();
  if (!existsSync(logs)) return found;
  for (const stamp of readdirSync(logs, { withFileTypes: true }).filter((entry) => entry.isDirectory()))
    for (const host of readdirSync(join(logs, stamp.name), { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
      const file = join(logs, stamp.name, host.name, 'stagecraft.stagecraft', 'Stagecraft.log');
      if (existsSync(file)) found.set(file, statSync(file).mtimeMs);
    }
  return found;
}

/**
 * The log of this window's extension host: one that appeared since the window opened (code-server
 * keeps earlier windows' hosts for a while, and they may still write), else the newest.
 */
function windowLog(dir, before) {
  const now = [...stagecraftLogs(dir)];
  const fresh = now.filter(([file]) => !before.has(file));
  const newest = (entries) => entries.sort((a, b) => b[1] - a[1])[0]?.[0];
  return newest(fresh) ?? newest(now);
}

/**
 * The window at a failure, in words: the active editor, the CodeLens titles shown, open
 * notifications and quick input, and the end of the Stagecraft output channel's log.
 */
async function describeWindow(page, dir, logsBefore) {
  const texts = (selector) =>
    page
      .locator(selector)
      .allTextContents()
      .catch(() => []);
  const lines = [];
  lines.push(`active editor: ${(await texts('.tabs-container .tab.active .label-name')).join(', ') || '(none)'}`);
  lines.push(`lenses: ${(await texts('.codelens-decoration')).map((t) => JSON.stringify(t)).join(', ') || '(none)'}`);
  const notes = await texts('.notification-toast .notification-list-item-message');
  if (notes.length) lines.push(`notifications: ${notes.join(' / ')}`);
  const input = await texts('.quick-input-widget:visible .quick-input-title');
  if (input.length) lines.push(`quick input open: ${input.join(' / ')}`);
  const log = windowLog(dir, logsBefore);
  const tail = log ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-20) : [];
  lines.push(tail.length && tail[0] ? 'Stagecraft output, last lines:' : 'Stagecraft output: empty');
  if (tail[0]) lines.push(...tail.map((line) => `  ${line.slice(0, 300)}`));
  return lines;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`ui: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
