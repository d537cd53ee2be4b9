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
  /** One run of a suite in a fresh window: its own before/after; counts what passed and failed. */
  const runSuite = async (file) => {
    const result = { passed: 0, failed: 0 };
    const suite = await import(pathToFileURL(join(root, 'test', 'ui', file)).href);
    suite.setupWorkspace?.(workspaceDir, writeFileSync, mkdirSync);
    suiteAfter = suite.after;
    try {
      await suite.before?.({ dir, workspaceDir, home: join(dir, 'home') });
    } catch (error) {
      result.failed++;
      console.log(`  ✖ ${file}: its setup failed: ${String(error?.message ?? error)}`);
      await Promise.resolve()
        .then(() => suiteAfter?.())
        .catch(() => undefined);
      suiteAfter = undefined;
      return result;
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
        const path = join(dir, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
        await page.screenshot({ path }).catch(() => undefined);
        console.log(
          `  ✖ ${name}\n    ${String(error?.message ?? error)
            .split('\n')
            .slice(0, 4)
            .join('\n    ')}\n    screenshot: ${path}`,
        );
        // What the screenshot shows, in words: a CI log is often all there is to read.
        console.log((await describeWindow(page, dir)).map((line) => `    | ${line}`).join('\n'));
      }
    }
    const after = suiteAfter;
    suiteAfter = undefined;
    await Promise.resolve()
      .then(() => after?.({ page }))
      .catch((error) => console.log(`  ${file}: its clean-up failed: ${String(error?.message ?? error)}`));
    await context.close();
    context = undefined;
    return result;
  };
  try {
    for (const file of suites) {
      let result = await runSuite(file);
      if (result.failed > 0) {
        // A suite that fails is run once more, in a fresh window: it fails the run only when it
        // fails again. A pass on the second run is reported as flaky below, with the first run's
        // failure and its description printed above.
        console.log(`  ↻ ${file}: ${result.failed} failed; running the suite once more in a fresh window`);
        result = await runSuite(file);
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

/** The newest Stagecraft output-channel log of the run (code-server keeps one per extension host). */
function newestStagecraftLog(dir) {
  const logs = join(dir, 'user-data', 'logs');
  if (!existsSync(logs)) return undefined;
  let newest;
  for (const stamp of readdirSync(logs))
    for (const host of readdirSync(join(logs, stamp))) {
      const file = join(logs, stamp, host, 'stagecraft.stagecraft', 'Stagecraft.log');
      if (!existsSync(file)) continue;
      const at = statSync(file).mtimeMs;
      if (!newest || at > newest.at) newest = { file, at };
    }
  return newest?.file;
}

/**
 * The window at a failure, in words: the active editor, the CodeLens titles shown, open
 * notifications and quick input, and the end of the Stagecraft output channel's log.
 */
async function describeWindow(page, dir) {
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
  const log = newestStagecraftLog(dir);
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
