// What a user sees: Stagecraft installed from its .vsix in VS Code (code-server) in Chromium, a
// Dockerfile from examples/ opened by Quick Open, the language mode, the CodeLenses above each FROM,
// the stage outline, and the server's error in the Problems panel.
import { join } from 'node:path';
import { quickOpen, row, showOutline } from './workbench.mjs';

export const tests = [
  ['the workbench opens the examples folder', async ({ page }) => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await row(page, '.explorer-folders-view .monaco-list-row', 'go-app').waitFor({ timeout: 30_000 });
  }],
  ['a Dockerfile opens in the Dockerfile language mode', async ({ page }) => {
    await quickOpen(page, 'go-app/Dockerfile');
    await page.locator('#status\\.editor\\.mode').filter({ hasText: 'Dockerfile' }).waitFor();
  }],
  ['CodeLenses above each FROM build that stage; the unused test stage says BuildKit skips it', async ({ page, shot }) => {
    for (const text of ['Build (default target `final`)', 'Build target `build`', 'Build target `test`', 'skipped by BuildKit for the default target']) {
      await row(page, '.codelens-decoration', text).waitFor({ timeout: 30_000 });
    }
    await shot('editor');
  }],
  ['the Outline view shows the stages', async ({ page, shot }) => {
    await showOutline(page, ['base', 'build', 'test', 'debug', 'final']);
    await shot('outline');
  }],
  ['Go to Symbol lists the stages', async ({ page }) => {
    await page.keyboard.press('Control+Shift+O');
    for (const stage of ['base', 'build', 'test', 'debug', 'final']) {
      await page.locator('.quick-input-list .monaco-list-row .label-name').getByText(stage, { exact: true }).first().waitFor();
    }
    await page.keyboard.press('Escape');
  }],
  ['the server’s error shows in the Problems panel', async ({ page, shot }) => {
    await quickOpen(page, 'broken/Dockerfile');
    await page.keyboard.press('Control+Shift+M');
    await row(page, '.markers-panel .monaco-list-row', 'no arguments').waitFor({ timeout: 30_000 });
    await row(page, '.markers-panel .monaco-list-row', 'stagecraft').waitFor();
    await shot('problems');
  }],
];

export const setupWorkspace = (workspaceDir, writeFileSync, mkdirSync) => {
  mkdirSync(join(workspaceDir, 'broken'), { recursive: true });
  writeFileSync(join(workspaceDir, 'broken', 'Dockerfile'), 'FROM alpine:3 AS app\nWORKDIR /app\n\nEXPOSE\nCMD ["sh"]\n');
};
