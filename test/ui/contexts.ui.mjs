// Where builds go, as a user switches it: a second private engine (B, Debian's dockerd on its own
// socket) is registered as the docker context `stagecraft-ui-b` in code-server's own ~/.docker; the
// status-bar item is clicked, B is picked in the quick pick, the status bar then names it, the
// Build lens of a Dockerfile is clicked, and the image lands on B (`docker --context=… image ls`)
// and not on engine A (DOCKER_HOST, the `default` context). Then the status bar is switched back.
// Engine B, its bridge and the context are removed in `after`, however the suite ended.
import { join } from 'node:path';
import { BUSYBOX } from '../scripts/docker-engine.mjs';
import { startSecondEngine } from '../scripts/second-engine.mjs';
import { quickOpen, row, runCommand } from './workbench.mjs';

const CONTEXT = 'stagecraft-ui-b';
/** The default tag of contexts-app/Dockerfile's default target in the folder `workspace`. */
const TAG = 'workspace/contexts-app:final';

let engineB;

export const setupWorkspace = (dir, writeFileSync, mkdirSync) => {
  mkdirSync(join(dir, 'contexts-app'), { recursive: true });
  writeFileSync(
    join(dir, 'contexts-app', 'Dockerfile'),
    `FROM ${BUSYBOX} AS base\nRUN echo "built on the engine the status bar names" > /where.txt\n\nFROM scratch AS final\nCOPY --from=base /where.txt /where.txt\n`,
  );
};

export async function before({ home }) {
  // The docker CLI the extension host runs reads its contexts from $HOME/.docker (HOME is the run's).
  engineB = await startSecondEngine({ context: CONTEXT, dockerConfig: join(home, '.docker'), bridge: 'stgcu0', address: '172.31.251.1/24' });
  await engineB.copyImage(BUSYBOX); // B has no registry either: its base image comes from A
  await engineB.docker(['image', 'rm', '--force', TAG]); // on A, from an earlier run
}

/**
 * The choice is kept in the workspace's state, which the next suites share: when a step failed
 * before the last one switched back, switch back here (best effort), then stop engine B.
 */
export async function after({ page } = {}) {
  if (!engineB) return;
  if (page) {
    await page.keyboard.press('Escape').catch(() => undefined);
    const back = await statusItem(page)
      .filter({ hasText: CONTEXT })
      .count()
      .catch(() => 0);
    if (back) await choose(page, 'docker’s current').catch(() => undefined);
  }
  await engineB.docker(['image', 'rm', '--force', TAG]);
  await engineB.docker(['context', 'rm', '--force', CONTEXT]);
  await engineB.stop();
  engineB = undefined;
}

/** The tags an engine has: `docker [--context=…] image ls`. */
async function tagsOn(context) {
  const listed = await engineB.docker([...(context ? [`--context=${context}`] : []), 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
  if (listed.code !== 0) throw new Error(`docker image ls on ${context ?? 'A'} failed: ${listed.stderr}`);
  return listed.stdout.split('\n').filter(Boolean);
}

const buildLens = (page) => page.locator('.codelens-decoration a').filter({ hasText: 'Build (default target)' }).first();

const statusItem = (page) =>
  page
    .locator('.statusbar-item')
    .filter({ has: page.locator('.codicon-server-environment') })
    .first();

/** Clicks the status-bar item and picks the quick-pick row holding `text`. */
async function choose(page, text) {
  await statusItem(page).click();
  const pick = page.locator('.quick-input-widget');
  await pick.filter({ hasText: 'Where Stagecraft builds' }).waitFor();
  await pick.locator('.quick-input-list .monaco-list-row').filter({ hasText: text }).first().click();
  await pick.waitFor({ state: 'hidden' });
}

/** The terminal's visible text, rows joined (xterm wraps long lines into several rows). */
const terminalText = (page) =>
  page
    .locator('.terminal-wrapper .xterm-rows')
    .last()
    .evaluate((rows) => [...rows.children].map((r) => r.textContent).join(''));

async function waitForTerminal(page, pattern, timeout = 180_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await terminalText(page).catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows: ${text.slice(-400)}`);
    await page.waitForTimeout(250);
  }
}

export const tests = [
  [
    'a Dockerfile shows where builds go in the status bar: the current context',
    async ({ page }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await row(page, '.explorer-folders-view .monaco-list-row', 'contexts-app').waitFor({ timeout: 30_000 });
      await quickOpen(page, 'contexts-app/Dockerfile');
      await statusItem(page).filter({ hasText: 'current context (local)' }).waitFor({ timeout: 30_000 });
      // The language server is up (on a busy machine its first lenses took a while).
      await buildLens(page).waitFor({ timeout: 120_000 });
    },
  ],
  [
    'clicking the status-bar item lists the docker contexts; picking stagecraft-ui-b makes the status bar name it',
    async ({ page, shot }) => {
      await statusItem(page).click();
      const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      await rows.filter({ hasText: CONTEXT }).first().waitFor({ timeout: 30_000 });
      await rows.filter({ hasText: 'default' }).filter({ hasText: 'docker’s current' }).first().waitFor();
      await shot('contexts-pick');
      await page.keyboard.press('Escape');
      await choose(page, CONTEXT);
      await statusItem(page)
        .filter({ hasText: `${CONTEXT} (local)` })
        .waitFor({ timeout: 30_000 });
      await shot('contexts-status-bar');
    },
  ],
  [
    'clicking Build builds on the chosen engine: the image is on stagecraft-ui-b and not on the default engine',
    async ({ page, shot }) => {
      await buildLens(page).waitFor({ timeout: 60_000 });
      await buildLens(page).click();
      await waitForTerminal(page, new RegExp(`Stagecraft: built ${TAG.replace('/', '\\/')}: `));
      // The header names the context and the command line sends the build there.
      await runCommand(page, 'View: Toggle Maximized Panel');
      await runCommand(page, 'Terminal: Scroll to Top');
      await waitForTerminal(page, new RegExp(`builder: BuildKit, because .*\\(context ${CONTEXT}, engine 20\\.10`), 30_000);
      await waitForTerminal(page, new RegExp(`\\$ .*docker --context=${CONTEXT} build `), 30_000);
      await shot('contexts-build-terminal');
      await runCommand(page, 'View: Toggle Maximized Panel');
      const onB = await tagsOn(CONTEXT);
      if (!onB.includes(TAG)) throw new Error(`engine B lists no ${TAG}: ${JSON.stringify(onB)}`);
      const onA = await tagsOn(undefined);
      if (onA.includes(TAG)) throw new Error(`engine A has ${TAG} too`);
    },
  ],
  [
    'picking docker’s current context again sends builds back to the default engine',
    async ({ page }) => {
      await choose(page, 'docker’s current');
      await statusItem(page).filter({ hasText: 'current context (local)' }).waitFor({ timeout: 30_000 });
    },
  ],
];
