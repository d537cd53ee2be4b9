// A build of a file that needs BuildKit (`RUN --mount`) when the builder nobody chose is the classic
// one (stagecraft.build.builder `auto` with Debian's 20.10 CLI and engine, no DOCKER_BUILDKIT): the
// Build lens asks first, in a modal that names the line and the ways out, and each answer does what
// it says: Cancel and "Set stagecraft.docker.path" run nothing (the latter opens that setting),
// "Install buildx" opens buildx's installation page, "Build with Classic Anyway" runs the classic
// builder, which refuses the line, and the build ends as a failed build at that line.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX } from '../scripts/docker-engine.mjs';
import { quickOpen, row, runCommand } from './workbench.mjs';

const FILE = 'needs-buildkit/Dockerfile';
let settingsFile;
let savedSettings;

export const setupWorkspace = (dir, write, mkdir) => {
  mkdir(join(dir, 'needs-buildkit'), { recursive: true });
  write(
    join(dir, 'needs-buildkit', 'Dockerfile'),
    `FROM ${BUSYBOX} AS app\nRUN --mount=type=tmpfs,target=/scratch echo hello > /scratch/x && cat /scratch/x\n`,
  );
};

/** The run's user settings say `buildkit`; this workspace says `auto`, so the builder is detected. */
export function before({ workspaceDir }) {
  settingsFile = join(workspaceDir, '.vscode', 'settings.json');
  savedSettings = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ ...(savedSettings ? JSON.parse(savedSettings) : {}), 'stagecraft.build.builder': 'auto' }, null, 2));
}

export function after() {
  if (!settingsFile) return;
  if (savedSettings === undefined) rmSync(settingsFile, { force: true });
  else writeFileSync(settingsFile, savedSettings);
  settingsFile = undefined;
}

const dialog = (page) => page.locator('.monaco-dialog-box');

/** Opens the file, clicks its Build lens and waits for the modal; returns it. */
async function clickBuild(page) {
  await quickOpen(page, FILE);
  const lens = page.locator('.codelens-decoration a').filter({ hasText: 'Build (default target)' }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  const box = dialog(page).filter({ hasText: 'needs BuildKit (RUN --mount on line 2)' });
  await box.waitFor({ timeout: 60_000 });
  return box;
}

async function answer(page, box, name) {
  await box.getByRole('button', { name, exact: true }).click();
  await box.waitFor({ state: 'hidden' });
}

/** Every terminal's visible text, rows joined. */
const terminalsText = (page) =>
  page
    .locator('.terminal-wrapper .xterm-rows')
    .evaluateAll((all) => all.map((rows) => [...rows.children].map((r) => r.textContent).join('')).join('\n'))
    .catch(() => '');

async function waitForTerminal(page, pattern, timeout = 180_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await terminalsText(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows: ${text.slice(-600)}`);
    await page.waitForTimeout(250);
  }
}

export const tests = [
  [
    'the workbench opens the examples folder with the needs-buildkit project',
    async ({ page }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await row(page, '.explorer-folders-view .monaco-list-row', 'needs-buildkit').waitFor({ timeout: 30_000 });
    },
  ],
  [
    'Build asks first: the modal names the line, why the classic builder, and the ways out; Cancel runs nothing',
    async ({ page, shot }) => {
      const box = await clickBuild(page);
      await box.filter({ hasText: 'would use the classic builder: docker 20.10' }).waitFor();
      await box.filter({ hasText: 'Install the buildx plugin' }).waitFor();
      for (const name of ['Build with Classic Anyway', 'Install buildx', 'Set stagecraft.docker.path', 'Cancel'])
        await box.getByRole('button', { name, exact: true }).waitFor();
      await shot('needs-buildkit-modal');
      await answer(page, box, 'Cancel');
    },
  ],
  [
    '"Set stagecraft.docker.path" opens that setting and runs nothing',
    async ({ page }) => {
      await answer(page, await clickBuild(page), 'Set stagecraft.docker.path');
      // A machine setting: in this remote window it is listed under the Remote tab, where it opens.
      const settings = page.locator('.settings-editor');
      await settings.waitFor();
      await settings
        .locator('.setting-item-contents')
        .filter({ hasText: 'Docker: Path' })
        .filter({ hasText: 'The docker CLI to run for builds' })
        .first()
        .waitFor();
      // The Settings editor opens as a modal editor: Escape closes it (a first one may only leave the search box).
      for (let i = 0; i < 3 && (await settings.isVisible()); i++) {
        await page.keyboard.press('Escape');
        await settings.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
      }
      if (await settings.isVisible()) await page.locator('.modal-editor-title .codicon-close').first().click();
      await settings.waitFor({ state: 'hidden' });
    },
  ],
  [
    '"Install buildx" opens buildx’s installation page and runs nothing',
    async ({ page }) => {
      const box = await clickBuild(page);
      // No network here: the page opened is answered by a stand-in, so its address stays the one asked for.
      const browser = page.context();
      const standIn = (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>buildx (stand-in)</title>' });
      await browser.route('https://github.com/**', standIn);
      const opened = browser.waitForEvent('page', { timeout: 60_000 }).then(async (popup) => {
        await popup.waitForURL(/github\.com/, { timeout: 30_000 }).catch(() => undefined);
        const url = popup.url();
        await popup.close();
        return url;
      });
      // The workbench may first ask whether to open an external site; its answer opens the page.
      const asked = dialog(page).filter({ hasText: 'github.com/docker/buildx' });
      await answer(page, box, 'Install buildx');
      const first = await Promise.race([opened, asked.waitFor({ timeout: 60_000 }).then(() => 'asked')]);
      let url = first;
      if (first === 'asked') {
        await asked
          .getByRole('button', { name: /^(Open|Open Link)$/ })
          .first()
          .click();
        url = await opened;
      }
      await browser.unroute('https://github.com/**', standIn);
      if (!/github\.com\/docker\/buildx/.test(url)) throw new Error(`opened ${url}`);
      const text = await terminalsText(page);
      if (/needs-buildkit/.test(text)) throw new Error(`a build ran after Cancel, Set or Install: ${text.slice(-400)}`);
    },
  ],
  [
    '"Build with Classic Anyway" runs the classic builder, which refuses line 2: a failed build at that line',
    async ({ page, shot }) => {
      await runCommand(page, 'Terminal: Kill All Terminals'); // the build's terminal then holds its output alone
      await answer(page, await clickBuild(page), 'Build with Classic Anyway');
      await waitForTerminal(page, /Build failed.*needs-buildkit\/Dockerfile:2/);
      // The classic builder refuses at once: the header can scroll out of the panel before it is read
      // (it did in a CI run), so it is read from the top, the panel maximized, as the build suite does.
      await runCommand(page, 'View: Toggle Maximized Panel');
      await runCommand(page, 'Terminal: Scroll to Top');
      try {
        await waitForTerminal(
          page,
          /builder: the classic builder, because docker 20\.10\.\d+ with engine 20\.10\.\d+ uses it without DOCKER_BUILDKIT=1/,
          30_000,
        );
        await waitForTerminal(page, /needs BuildKit, which the classic builder refuses: line 2 RUN --mount/, 30_000);
        await shot('needs-buildkit-classic');
      } finally {
        await runCommand(page, 'View: Toggle Maximized Panel');
      }
    },
  ],
];
