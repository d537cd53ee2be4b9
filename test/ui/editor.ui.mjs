// What a user sees: Stagecraft installed from its .vsix in VS Code (code-server) in Chromium, a
// Dockerfile from examples/ opened by Quick Open, the language mode, the CodeLenses above each FROM,
// the stage outline, the server's error in the Problems panel, and every snippet prefix typed as a
// user types it into an empty Dockerfile.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quickOpen, row, showOutline } from './workbench.mjs';

const PREFIXES = Object.values(JSON.parse(readFileSync(new URL('../../snippets/dockerfile.code-snippets', import.meta.url), 'utf8'))).map((s) => s.prefix);

/** The suggest widget's row whose label is exactly `label`. */
const suggestion = (page, label) => page.locator('.suggest-widget .monaco-list-row .label-name').getByText(label, { exact: true }).first();

export const tests = [
  [
    'the workbench opens the examples folder',
    async ({ page }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await row(page, '.explorer-folders-view .monaco-list-row', 'go-app').waitFor({ timeout: 30_000 });
    },
  ],
  [
    'a Dockerfile opens in the Dockerfile language mode',
    async ({ page }) => {
      await quickOpen(page, 'go-app/Dockerfile');
      await page.locator('#status\\.editor\\.mode').filter({ hasText: 'Dockerfile' }).waitFor();
    },
  ],
  [
    'CodeLenses above each FROM build that stage; the unused test stage says BuildKit skips it',
    async ({ page, shot }) => {
      for (const text of ['Build (default target)', 'Build target build', 'Build target test', 'skipped by BuildKit for the default target']) {
        await row(page, '.codelens-decoration', text).waitFor({ timeout: 30_000 });
      }
      await shot('editor');
    },
  ],
  [
    'the Outline view shows the stages',
    async ({ page, shot }) => {
      await showOutline(page, ['base', 'build', 'test', 'debug', 'final']);
      await shot('outline');
    },
  ],
  [
    'Go to Symbol lists the stages',
    async ({ page }) => {
      await page.keyboard.press('Control+Shift+O');
      for (const stage of ['base', 'build', 'test', 'debug', 'final']) {
        await page.locator('.quick-input-list .monaco-list-row .label-name').getByText(stage, { exact: true }).first().waitFor();
      }
      await page.keyboard.press('Escape');
    },
  ],
  [
    'the server’s error shows in the Problems panel',
    async ({ page, shot }) => {
      await quickOpen(page, 'broken/Dockerfile');
      await page.keyboard.press('Control+Shift+M');
      await row(page, '.markers-panel .monaco-list-row', 'EXPOSE requires at least one argument').waitFor({ timeout: 30_000 });
      await row(page, '.markers-panel .monaco-list-row', 'stagecraft').waitFor();
      await shot('problems');
    },
  ],
  [
    'every snippet prefix, typed key by key into an empty Dockerfile, keeps its template in the list',
    async ({ page }) => {
      await quickOpen(page, 'empty/Dockerfile');
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
      for (const prefix of PREFIXES) {
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        // As a user types: one key at a time (the `-` used to close the list: a server trigger character).
        await page.keyboard.type(prefix, { delay: 60 });
        try {
          await suggestion(page, prefix).waitFor({ timeout: 5_000 });
        } catch {
          throw new Error(`typing ${prefix} does not offer the snippet ${prefix}`);
        }
        await page.keyboard.press('Escape');
      }
      // Flags still complete as typed without `-` as a trigger: `--f` after COPY offers `--from`.
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      // The two FROM lines go in at once (typed, Enter would accept an open suggestion), COPY key by key.
      await page.keyboard.insertText('FROM alpine AS a\nFROM alpine\n');
      await page.locator('.monaco-editor.focused .view-lines').filter({ hasText: 'FROM alpine AS a' }).first().waitFor();
      await page.keyboard.type('COPY --f', { delay: 60 });
      await page
        .locator('.suggest-widget .monaco-list-row .label-name')
        .filter({ hasText: /^--from/ })
        .first()
        .waitFor({ timeout: 5_000 });
      await page.keyboard.press('Escape');
      // The first template, accepted with Enter, writes its stages.
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type('ms-go', { delay: 60 });
      await suggestion(page, 'ms-go').waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.editor-instance .view-lines').filter({ hasText: 'AS build' }).filter({ hasText: 'COPY --from=build' }).first().waitFor();
      await page.keyboard.press('Escape');
    },
  ],
];

export const setupWorkspace = (workspaceDir, writeFileSync, mkdirSync) => {
  mkdirSync(join(workspaceDir, 'broken'), { recursive: true });
  writeFileSync(join(workspaceDir, 'broken', 'Dockerfile'), 'FROM alpine:3 AS app\nWORKDIR /app\n\nEXPOSE\nCMD ["sh"]\n');
  mkdirSync(join(workspaceDir, 'empty'), { recursive: true });
  writeFileSync(join(workspaceDir, 'empty', 'Dockerfile'), '');
};
