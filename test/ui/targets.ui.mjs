// Targets used outside the Dockerfile, as a user meets them: a Compose file whose target is no
// stage shows the error in the Problems panel, completion at that target offers the Dockerfile's
// stages, and renaming the stage in the Dockerfile (F2) also renames it in the Compose file and in
// devcontainer.json.
import { join } from 'node:path';
import { quickOpen, row } from './workbench.mjs';

const DOCKERFILE =
  'FROM alpine:3 AS base\nRUN echo base\n\nFROM base AS dev\nCMD ["sh"]\n\nFROM base AS test\nRUN echo test\n\nFROM base AS final\nCMD ["sh"]\n';
const COMPOSE = 'services:\n  app:\n    build:\n      context: .\n      target: dev\n  tests:\n    build:\n      context: .\n      target: tset\n';
const DEVCONTAINER = '// the dev stage, with its tools\n{\n  "build": { "dockerfile": "../Dockerfile", "context": "..", "target": "dev" }\n}\n';

/** The active editor's text lines as rendered. */
const lines = (page) => page.locator('.editor-instance .monaco-editor .view-lines').first();

/** Puts the cursor at line `line` (1-based), column `column`, with Go to Line. */
async function goTo(page, line, column) {
  await lines(page).click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

export const tests = [
  [
    'a Compose target that is no stage shows its error in the Problems panel',
    async ({ page, shot }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await quickOpen(page, 'targets-app/compose.yaml');
      await page.keyboard.press('Control+Shift+M');
      await row(page, '.markers-panel .monaco-list-row', '`tset` is not a stage of Dockerfile').waitFor({ timeout: 60_000 });
      await row(page, '.markers-panel .monaco-list-row', 'Did you mean `test`?').waitFor();
      await shot('compose-problem');
    },
  ],
  [
    'completion at the target offers the Dockerfile’s stages (filtered by what is typed)',
    async ({ page, shot }) => {
      await goTo(page, 9, 19); // after `tset`
      await page.keyboard.press('Control+Space');
      // VS Code filters the stages by the word typed: `tset` leaves `test` (stage 2).
      await row(page, '.suggest-widget .monaco-list-row', 'stage 2 · FROM base').filter({ hasText: 'test' }).waitFor({ timeout: 30_000 });
      await shot('compose-completion');
      await page.keyboard.press('Escape');
    },
  ],
  [
    'renaming the stage in the Dockerfile renames it in compose.yaml and devcontainer.json',
    async ({ page, shot }) => {
      await quickOpen(page, 'targets-app/Dockerfile');
      await row(page, '.codelens-decoration', 'target of').waitFor({ timeout: 60_000 });
      await goTo(page, 4, 16); // in `dev` of `FROM base AS dev`
      await page.keyboard.press('F2');
      const input = page.locator('.rename-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill('develop');
      await page.keyboard.press('Enter');
      await lines(page).filter({ hasText: 'FROM base AS develop' }).waitFor();
      await quickOpen(page, 'targets-app/compose.yaml');
      await lines(page).filter({ hasText: 'target: develop' }).waitFor();
      await quickOpen(page, '.devcontainer/devcontainer.json');
      await lines(page).filter({ hasText: '"target": "develop"' }).waitFor();
      await shot('renamed');
    },
  ],
];

export const setupWorkspace = (workspaceDir, writeFileSync, mkdirSync) => {
  const app = join(workspaceDir, 'targets-app');
  mkdirSync(join(app, '.devcontainer'), { recursive: true });
  writeFileSync(join(app, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(app, 'compose.yaml'), COMPOSE);
  writeFileSync(join(app, '.devcontainer', 'devcontainer.json'), DEVCONTAINER);
};
