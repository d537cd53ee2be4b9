#!/usr/bin/env node
// The UI suite: packages the extension (.vsix), installs it into a fresh code-server as a user would,
// opens a copy of examples/ in Chromium and runs test/ui/*.ui.mjs in order. Screenshots go to
// .test-results/ui/ (each test's failure, and the named shots the README uses). The local Docker
// engine (docker-engine.mjs) runs the builds the walkthrough's buttons start.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeServerEntry, ensureAll, node24Bin } from './setup.mjs';
import { openBrowser, root, runFolder, startCodeServer, stopOnSignals, workbenchUrl } from './code-server.mjs';
import { dockerCli, dockerHost, ensureBusybox, startEngine, stopEngine } from './docker-engine.mjs';

async function main() {
  ensureAll();
  const { dir, workspaceDir } = runFolder('ui', join(root, 'examples'));
  const vsix = join(dir, 'stagecraft.vsix');
  execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  execFileSync(join(node24Bin, 'node'), [codeServerEntry, '--extensions-dir', join(dir, 'extensions'), '--user-data-dir', join(dir, 'user-data'), '--install-extension', vsix], {
    stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_CACHE_HOME: join(home, '.cache') },
  });

  const suites = readdirSync(join(root, 'test', 'ui')).filter((f) => f.endsWith('.ui.mjs')).sort();
  // Builds from the UI (the walkthrough) run on the local engine: its socket, Debian's CLI (it builds
  // with BuildKit without buildx), and BuildKit as Docker 23+ does by default (the 20.10 CLI does not).
  // The engine is stopped at the end only if this run started it.
  const engine = await startEngine();
  ensureBusybox();
  const stopOwnEngine = async () => { if (engine.started) stopEngine(); };
  // A workspace setting: in a remote window (code-server) VS Code ignores machine-scoped settings from user settings.
  mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(join(workspaceDir, '.vscode', 'settings.json'), JSON.stringify({ 'stagecraft.docker.path': dockerCli }, null, 2));
  const server = await startCodeServer({ dir, env: { DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '1' } });
  let context;
  stopOnSignals(async () => context?.close(), server.stop, stopOwnEngine);
  let passed = 0;
  let failed = 0;
  try {
    for (const file of suites) {
      const suite = await import(pathToFileURL(join(root, 'test', 'ui', file)).href);
      suite.setupWorkspace?.(workspaceDir, writeFileSync, mkdirSync);
      context = await openBrowser(join(dir, file));
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      const shot = (name) => page.screenshot({ path: join(dir, `${name}.png`) });
      await page.goto(workbenchUrl(server.url, { folder: workspaceDir }));
      let broken = false;
      for (const [name, fn] of suite.tests) {
        if (broken) { failed++; console.log(`  ✖ ${name} (not run: an earlier step failed)`); continue; }
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
          console.log(`  ✖ ${name}\n    ${String(error?.message ?? error).split('\n').slice(0, 4).join('\n    ')}\n    screenshot: ${path}`);
        }
      }
      await context.close();
      context = undefined;
    }
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
    await stopOwnEngine();
  }
  console.log(`ui: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => { console.error(`ui: ${error?.stack ?? error}`); process.exit(1); });
