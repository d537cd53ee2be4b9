// The "Get started with multi-stage builds" walkthrough, as a user goes through it: opened from the
// command palette, then steps 1-4 by their buttons on the example (base / build / test / final) against
// the local Docker engine, each step checked off in the walkthrough. The runner gives code-server the
// engine's DOCKER_HOST and stagecraft.docker.path; the workspace settings below make the example's base
// image the engine's local busybox (no registry is reachable here).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, docker } from '../scripts/docker-engine.mjs';
import { runCommand, showOutline } from './workbench.mjs';

// Build's tag setting is `${workspaceFolderBasename}/${dockerfilePath}:${stage}`; the UI runner's folder
// is `workspace`, and the walkthrough writes its example into `stagecraft-example`.
const IMAGES = ['workspace/stagecraft-example:final', 'workspace/stagecraft-example:test'];
const removeImages = () => docker(['image', 'rm', ...IMAGES], { stdio: 'ignore' });

const step = (page, id) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);

/** Selects a step (expands its text and buttons) unless it is already selected. */
async function open(page, id) {
  const header = step(page, id);
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await page.locator(`button.getting-started-step.expanded[data-step-id$="#${id}"]`).waitFor();
}

/** Clicks a step's button by its label (exact, so the step header that contains the label is not matched). */
const press = (page, label) => page.getByRole('button', { name: label, exact: true }).click();

/** The step is checked off: the walkthrough marks the step and shows its check icon. */
async function done(page, id, timeout) {
  await page.locator(`button.getting-started-step[aria-checked="true"][data-step-id$="#${id}"] .codicon-getting-started-step-checked`).waitFor({ timeout });
}

const toast = (page, pattern) => page.locator('.notifications-toasts .notification-toast').filter({ hasText: pattern }).first();

export const tests = [
  [
    'the workbench opens; no image of the example is left from an earlier run',
    async ({ page }) => {
      removeImages();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: 'skeleton' }).first().waitFor({ timeout: 30_000 });
    },
  ],
  [
    '"Stagecraft: Get Started with Multi-Stage Builds" opens the walkthrough with its seven steps',
    async ({ page, shot }) => {
      await runCommand(page, 'Stagecraft: Get Started with Multi-Stage Builds');
      await page.locator('.gettingStartedContainer').filter({ hasText: 'Get started with multi-stage builds' }).waitFor({ timeout: 30_000 });
      for (const id of ['create', 'read', 'build', 'sizes', 'classic', 'run', 'acr']) await step(page, id).waitFor();
      await shot('walkthrough-open');
    },
  ],
  [
    'step 1: "Open the example" writes base / build / test / final into the workspace, opens it, and the step is done',
    async ({ page }) => {
      await open(page, 'create');
      await press(page, 'Open the example');
      await page.locator('.tabs-container .tab').filter({ hasText: 'Dockerfile' }).first().waitFor();
      await page.locator('.breadcrumbs-control').filter({ hasText: 'stagecraft-example' }).first().waitFor();
      await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: 'stagecraft-example' }).first().waitFor();
      await done(page, 'create');
    },
  ],
  [
    'step 2: "Explain my Dockerfile" says what the default target needs and that BuildKit skips test; CodeLens and Outline agree',
    async ({ page, shot }) => {
      await open(page, 'read');
      await press(page, 'Explain my Dockerfile');
      await toast(page, 'BuildKit builds 3 of 4 stages and skips test').waitFor({ timeout: 30_000 });
      await page.locator('.codelens-decoration').filter({ hasText: 'skipped by BuildKit for the default target' }).first().waitFor({ timeout: 30_000 });
      // The Outline (focused by the command), one row per stage.
      await showOutline(page, ['base', 'build', 'test', 'final']);
      await done(page, 'read');
      await shot('walkthrough-read');
    },
  ],
  [
    'after a window reload, "Explain my Dockerfile" leaves the Dockerfile as the active editor with its lenses and Outline',
    async ({ page }) => {
      // What "Developer: Reload Window" does in a browser: the page loads again.
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The walkthrough comes back with the window; open it again if this VS Code did not restore it.
      if (!(await page.locator('.gettingStartedContainer').count())) await runCommand(page, 'Stagecraft: Get Started with Multi-Stage Builds');
      // VS Code does not always restore the Dockerfile's editor: close it, so the walkthrough must
      // remember its Dockerfile itself (the workspace holds a dozen, and no "Which Dockerfile?" may come).
      const dockerfileTabs = page.locator('.tabs-container .tab').filter({ hasText: 'Dockerfile' });
      for (let open = await dockerfileTabs.count(); open > 0; open--) {
        const tab = dockerfileTabs.first();
        await tab.hover();
        await tab.locator('.tab-actions .action-label').first().click();
        await page.waitForFunction(
          (n) => [...document.querySelectorAll('.tabs-container .tab')].filter((t) => t.textContent.includes('Dockerfile')).length < n,
          open,
        );
      }
      await open(page, 'read');
      await press(page, 'Explain my Dockerfile');
      await toast(page, 'BuildKit builds 3 of 4 stages and skips test').waitFor({ timeout: 30_000 });
      await page.locator('.editor-group-container.active .tab.active').filter({ hasText: 'Dockerfile' }).waitFor();
      // The reopened Dockerfile has its lenses (its editor's first request may overtake its didOpen).
      await page.locator('.codelens-decoration').filter({ hasText: 'skipped by BuildKit for the default target' }).first().waitFor({ timeout: 30_000 });
      await showOutline(page, ['base', 'build', 'test', 'final']);
    },
  ],
  [
    'step 3: the test target builds (its tests run), then the default target; the step is done',
    async ({ page, shot }) => {
      const failure = toast(page, /failed|not found|not running/);
      await open(page, 'build');
      await press(page, 'Build the test target');
      // The task's terminal ends with VS Code's line once docker has exited.
      await page
        .locator('.terminal-wrapper .xterm-rows')
        .filter({ hasText: 'Terminal will be reused by tasks' })
        .first()
        .or(failure)
        .first()
        .waitFor({ timeout: 300_000 });
      if (await failure.isVisible()) throw new Error(`the test build failed: ${await failure.innerText()}`);
      await open(page, 'build');
      await press(page, 'Build the default target');
      const checked = page.locator('button.getting-started-step[aria-checked="true"][data-step-id$="#build"] .codicon-getting-started-step-checked');
      await checked.or(failure).first().waitFor({ timeout: 300_000 });
      if (await failure.isVisible()) throw new Error(`the default build failed: ${await failure.innerText()}`);
      for (const image of IMAGES) if (docker(['image', 'inspect', image], { stdio: 'ignore' }).status !== 0) throw new Error(`${image} was not built`);
      await shot('walkthrough-build');
    },
  ],
  [
    'step 4: "Compare image sizes" measures the final image against its base image; the step is done',
    async ({ page, shot }) => {
      await open(page, 'sizes');
      await press(page, 'Compare image sizes');
      const report = toast(page, 'Uncompressed local sizes');
      await report.waitFor({ timeout: 60_000 });
      const text = await report.innerText();
      const pattern = new RegExp(
        `final workspace/stagecraft-example:final: [\\d.]+ MB; base image ${BUSYBOX.replace(/[.:/]/g, '\\$&')} \\(base, final\\): [\\d.]+ MB \\((\\d+% (smaller|larger)|the same size)\\)`,
      );
      if (!pattern.test(text)) throw new Error(`unexpected size report: ${text}`);
      await done(page, 'sizes');
      // Steps 1-4 done, 5-7 not yet.
      for (const id of ['classic', 'run', 'acr']) {
        if ((await step(page, id).getAttribute('aria-checked')) === 'true') throw new Error(`step ${id} is checked without being done`);
      }
      await shot('walkthrough-sizes');
    },
  ],
  [
    'step 6: "Run the image" runs it with PORT=18080 and -P; "Clean up" removes its container and the images built; the step is done',
    async ({ page }) => {
      await open(page, 'run');
      await press(page, 'Run the image');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      if ((await input.inputValue()) !== '18080') throw new Error(`port prefilled: ${await input.inputValue()}`);
      await input.press('Enter');
      await input.waitFor({ state: 'hidden' });
      const ran = toast(page, /container [0-9a-f]{12} (runs|ran) workspace\/stagecraft-example:final with PORT=18080/);
      await ran.waitFor({ timeout: 60_000 });
      const labelled = () => docker(['ps', '-aq', '--filter', 'label=stagecraft.walkthrough=1']).stdout.trim();
      if (!labelled()) throw new Error('no container labelled stagecraft.walkthrough=1');
      await open(page, 'run');
      await press(page, 'Clean up');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.filter({ hasText: 'workspace/stagecraft-example:final' }).waitFor();
      await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
      await done(page, 'run', 60_000);
      if (labelled()) throw new Error(`containers left: ${labelled()}`);
      for (const image of IMAGES) if (docker(['image', 'inspect', image], { stdio: 'ignore' }).status === 0) throw new Error(`${image} is still there`);
    },
  ],
  [
    'the walkthrough alone shows steps 1-4 done and the picture of the selected step',
    async ({ page, shot }) => {
      // Close the Dockerfile (its group goes), then hide the side bar and the panel with the title bar's layout buttons.
      const tab = page.locator('.tabs-container .tab').filter({ hasText: 'Dockerfile' }).first();
      await tab.hover();
      await tab.locator('.tab-actions .action-label').first().click();
      await tab.waitFor({ state: 'detached' });
      await page.locator('.action-item .action-label[aria-label^="Toggle Primary Side Bar"]').first().click();
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      await page.locator('.action-item .action-label[aria-label^="Toggle Panel"]').first().click();
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
      await open(page, 'sizes');
      await page.locator('.getting-started-media').first().waitFor();
      for (const id of ['create', 'read', 'build', 'sizes']) await done(page, id);
      await shot('walkthrough');
    },
  ],
  [
    'without docker, "check Docker" says docker is not found and what to do',
    async ({ page }) => {
      const file = join(workspaceDir, '.vscode', 'settings.json');
      const settings = readFileSync(file, 'utf8');
      writeSettings({ ...JSON.parse(settings), 'stagecraft.docker.path': join(workspaceDir, 'no-docker-here') });
      try {
        await open(page, 'build');
        const message = toast(page, 'docker not found');
        // The settings file is read by VS Code's file watcher: click again until the change has arrived.
        for (let attempt = 1; ; attempt++) {
          await page.locator('.getting-started-step.expanded').getByText('check Docker', { exact: true }).click();
          try {
            await message.waitFor({ timeout: 5_000 });
            break;
          } catch (error) {
            if (attempt === 10) throw error;
          }
        }
        const text = await message.innerText();
        if (!/no-docker-here" could not be started\. Install Docker/.test(text)) throw new Error(`unexpected message: ${text}`);
      } finally {
        writeFileSync(file, settings);
      }
    },
  ],
  [
    'the images the walkthrough built are removed',
    async () => {
      removeImages();
      for (const image of IMAGES) if (docker(['image', 'inspect', image], { stdio: 'ignore' }).status === 0) throw new Error(`${image} is still there`);
    },
  ],
];

let workspaceDir;
const writeSettings = (settings) => writeFileSync(join(workspaceDir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));

/** Adds the example's build arg to the workspace settings (the runner's stagecraft.docker.path stays). */
export const setupWorkspace = (dir) => {
  workspaceDir = dir;
  const file = join(dir, '.vscode', 'settings.json');
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  const settings = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeSettings({ ...settings, 'stagecraft.buildArgs': { BASE_IMAGE: BUSYBOX } });
};
