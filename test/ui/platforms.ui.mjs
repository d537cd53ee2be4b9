// Platforms, as a user picks them: Stagecraft: Build Target for Platforms… on a Dockerfile, the
// target, then two platforms: refused before anything runs (no buildx builder here). Then one,
// linux/amd64: the build's terminal says it was picked for this target, and the size names it.
// The target's Build lens then builds with the same platform (remembered), and its lens says
// `built just now · 3 B · linux/amd64`. Forget Platforms Picked for a Target… clears the pick: the
// next build asks for no platform (the size still names the engine's own).
import { join } from 'node:path';
import { BUSYBOX } from '../scripts/docker-engine.mjs';
import { quickOpen, row, runCommand } from './workbench.mjs';

const FILE = 'platforms-app/Dockerfile';
const TAG = 'workspace/platforms-app:final';

export const setupWorkspace = (dir, writeFileSync, mkdirSync) => {
  mkdirSync(join(dir, 'platforms-app'), { recursive: true });
  writeFileSync(
    join(dir, 'platforms-app', 'Dockerfile'),
    `FROM ${BUSYBOX} AS base\nRUN echo hi > /hi.txt\n\nFROM scratch AS final\nCOPY --from=base /hi.txt /hi.txt\n`,
  );
};

const buildLens = (page) => page.locator('.codelens-decoration a').filter({ hasText: 'Build (default target)' }).first();
const rows = (page) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
const toast = (page, text) => page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();

/** The terminal's visible text, rows joined (xterm wraps long lines into several rows). */
const terminalText = (page) =>
  page
    .locator('.terminal-wrapper .xterm-rows')
    .last()
    .evaluate((all) => [...all.children].map((r) => r.textContent).join(''))
    .catch(() => '');

async function waitForTerminal(page, pattern, timeout = 180_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await terminalText(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows: ${text.slice(-400)}`);
    await page.waitForTimeout(250);
  }
}

/** Runs a command from the palette with the Dockerfile's editor focused (the commands' `when` clause). */
async function commandOnFile(page, title) {
  await quickOpen(page, FILE);
  // A click in the editor's empty area below the text gives it the focus, wherever it is scrolled.
  await page
    .locator('.editor-instance .monaco-editor .overflow-guard')
    .first()
    .click({ position: { x: 300, y: 300 } });
  await page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
  await runCommand(page, title);
}

/** Build Target for Platforms…: the default target, then exactly `platforms` checked, then OK. */
async function pickPlatforms(page, platforms) {
  await commandOnFile(page, 'Stagecraft: Build Target for Platforms…');
  await rows(page).first().filter({ hasText: 'default target' }).waitFor();
  await rows(page).first().click();
  await page.locator('.quick-input-widget').filter({ hasText: 'Platforms to build for' }).waitFor();
  for (const name of ['linux/amd64', 'linux/arm64', 'linux/386']) {
    const item = rows(page).filter({ hasText: name }).first();
    const checked = (await item.getAttribute('aria-checked')) === 'true';
    if (checked !== platforms.includes(name)) await item.click();
    await page
      .locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="${platforms.includes(name)}"]`)
      .filter({ hasText: name })
      .first()
      .waitFor();
  }
  await page.keyboard.press('Enter');
}

/** After a build: the top of its terminal (the header), the panel maximized while it is read (and shot). */
async function terminalHeader(page, pattern, shot) {
  await runCommand(page, 'View: Toggle Maximized Panel');
  await runCommand(page, 'Terminal: Scroll to Top');
  try {
    const text = await waitForTerminal(page, pattern, 30_000);
    await shot?.();
    return text;
  } finally {
    await runCommand(page, 'View: Toggle Maximized Panel');
  }
}

/** Each build starts in a fresh terminal, so the text read is this build's. */
const killTerminals = (page) => runCommand(page, 'Terminal: Kill All Terminals');

const builtWith = (platform) =>
  new RegExp(`Stagecraft: built ${TAG.replace('/', '\\/')}: [\\d.]+ B \\(${platform.replace('/', '\\/')}, uncompressed, local\\)`);

export const tests = [
  [
    'the workbench opens the examples folder with the platforms project',
    async ({ page }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await row(page, '.explorer-folders-view .monaco-list-row', 'platforms-app').waitFor({ timeout: 30_000 });
      await quickOpen(page, FILE);
      await buildLens(page).waitFor({ timeout: 120_000 });
    },
  ],
  [
    'two platforms without a multi-platform buildx builder: refused with the reason, nothing runs',
    async ({ page }) => {
      await pickPlatforms(page, ['linux/amd64', 'linux/arm64']);
      await toast(page, 'building for 2 platforms at once needs a buildx builder with a multi-platform driver').waitFor();
      if (/platforms-app/.test(await terminalText(page))) throw new Error('a build ran');
    },
  ],
  [
    'one platform picked: the header says it was picked for this target, and the size names it',
    async ({ page, shot }) => {
      await pickPlatforms(page, ['linux/amd64']);
      await waitForTerminal(page, builtWith('linux/amd64'));
      await terminalHeader(page, /platform: linux\/amd64, picked for this target/, () => shot('platforms-terminal'));
      await killTerminals(page);
    },
  ],
  [
    "the target's Build lens builds with the remembered platform, and its lens names it",
    async ({ page, shot }) => {
      await quickOpen(page, FILE);
      await buildLens(page).click();
      await waitForTerminal(page, builtWith('linux/amd64'));
      await terminalHeader(page, /platform: linux\/amd64, picked for this target.*\$ .*--platform linux\/amd64/);
      await page
        .locator('.codelens-decoration')
        .filter({ hasText: /built (just now|1 min ago) · \d+ B · linux\/amd64/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('platforms-lens');
      await killTerminals(page);
    },
  ],
  [
    'Forget Platforms Picked for a Target… clears the pick: the next build asks for no platform',
    async ({ page }) => {
      await commandOnFile(page, 'Stagecraft: Forget Platforms Picked for a Target…');
      await rows(page).first().filter({ hasText: 'default target' }).waitFor();
      await rows(page).first().click();
      await toast(page, 'builds of target final of Dockerfile no longer ask for linux/amd64').waitFor();
      await quickOpen(page, FILE);
      await buildLens(page).click();
      await waitForTerminal(page, builtWith('linux/amd64')); // the engine's own platform, as it reports it
      const header = await terminalHeader(page, /builder: BuildKit, because/);
      if (/platform: |--platform/.test(header)) throw new Error(`the build still asks for a platform: ${header.slice(0, 600)}`);
      await killTerminals(page);
    },
  ],
];
