// Layer sizes after a build: a project (test/fixtures/layers/sample: a RUN that writes 200 kB, two
// COPYs, metadata) is built by clicking its lens; then the bytes each instruction added show beside
// it as inlay hints, the base image's on its FROM and the image's on the target's, and the target's
// stage hover lists them largest first. Screenshots: layer-sizes (the README's), layer-sizes-hover.
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quickOpen, row } from './workbench.mjs';

const sample = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'layers', 'sample');

export const setupWorkspace = (workspaceDir, _writeFileSync, mkdirSync) => {
  mkdirSync(join(workspaceDir, 'layer-sizes'), { recursive: true });
  for (const file of ['Dockerfile', 'data.txt']) copyFileSync(join(sample, file), join(workspaceDir, 'layer-sizes', file));
};

/** The editor's visible lines as the user reads them, inlay hints included (they are text in the line). */
const editorLines = (page) =>
  page
    .locator('.editor-instance .monaco-editor .view-lines')
    .first()
    .evaluate((lines) =>
      [...lines.children]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) =>
          line.textContent
            .replace(/\u00a0/g, ' ')
            .replace(/[\u200a-\u200d\u2060]/g, '')
            .trimEnd(),
        ),
    );

async function waitForLines(page, patterns, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const lines = await editorLines(page).catch(() => []);
    if (patterns.every((pattern) => lines.some((line) => pattern.test(line)))) return lines;
    if (Date.now() > deadline) throw new Error(`the editor never showed ${patterns.join(', ')}; it shows:\n${lines.join('\n')}`);
    await page.waitForTimeout(250);
  }
}

export const tests = [
  [
    'the workbench opens the examples folder with the layer-sizes project',
    async ({ page }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await row(page, '.explorer-folders-view .monaco-list-row', 'layer-sizes').waitFor({ timeout: 30_000 });
    },
  ],
  [
    'after "Build target `final`", each instruction shows the bytes it added, the FROMs the base and the image',
    async ({ page, shot }) => {
      await quickOpen(page, 'layer-sizes/Dockerfile');
      const lens = page.locator('.codelens-decoration a').filter({ hasText: 'Build target `final`' }).first();
      await lens.waitFor({ timeout: 30_000 });
      await lens.click();
      await page.locator('.notifications-toasts .notification-toast').filter({ hasText: ':final' }).first().waitFor({ timeout: 180_000 });
      const lines = await waitForLines(page, [
        /^FROM local\/busybox:1 AS base\s*base [\d.]+ MB$/,
        /^WORKDIR \/app\s*0 B$/,
        /^RUN head -c "\$BLOB" \/dev\/zero > \/app\/blob\s*200 kB$/,
        /^FROM base AS final\s*image [\d.]+ MB$/,
        /^COPY --from=build \/app\/built \/app\/from-build\s*50 kB$/,
        /^COPY data\.txt \/app\/data\.txt\s*3\.0 kB$/,
      ]);
      console.log(`    ${lines.filter((line) => /\d (B|kB|MB)$/.test(line)).join('\n    ')}`);
      await page.keyboard.press('Escape');
      await shot('layer-sizes');
    },
  ],
  [
    'the target’s stage hover sums the layers, the base first and the largest next',
    async ({ page, shot }) => {
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').fill(':10');
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Layers of' }).first();
      await hover.waitFor({ timeout: 30_000 });
      const text = await hover.innerText();
      if (!/base local\/busybox:1 [\d.]+ MB \+ RUN head -c 200 kB \+ COPY --from=build 50 kB \+ COPY 3\.0 kB = [\d.]+ MB/.test(text.replace(/`/g, '')))
        throw new Error(`the hover does not sum the layers: ${text}`);
      await shot('layer-sizes-hover');
      await page.keyboard.press('Escape');
    },
  ],
];
