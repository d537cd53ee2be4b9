// The stage graph as a user sees it: examples/skeleton/Dockerfile (base / build / test / final) opened,
// "Show Stage Graph" from the editor title, the target and the builder switched, which stages are
// built or skipped, a click and the Enter key revealing a stage in the editor, the state kept when the
// panel is hidden, and the graph following an edit. The webview is an iframe inside an iframe: reached with frameLocator.

const graphFrame = (page) => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
const node = (page, id) => graphFrame(page).locator(`[data-node="${id}"]`);

/** Waits until each stage node (s0…) has exactly these state classes. */
async function expectStates(page, expected) {
  for (const [id, state] of Object.entries(expected)) {
    const locator = node(page, id);
    await locator
      .and(graphFrame(page).locator(`.${state}`))
      .waitFor({ timeout: 15_000 })
      .catch(async () => {
        throw new Error(`${id} is not ${state}: class="${await locator.getAttribute('class').catch(() => '?')}"`);
      });
    await locator
      .locator('.state')
      .filter({ hasText: state === 'after-target' ? 'not built' : state })
      .waitFor();
  }
}

async function expectCursor(page, line) {
  await page
    .locator('#status\\.editor\\.selection')
    .filter({ hasText: `Ln ${line}, Col 1` })
    .waitFor();
}

export const tests = [
  [
    'the skeleton Dockerfile opens with its CodeLenses',
    async ({ page }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('skeleton/Dockerfile');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Dockerfile' }).filter({ hasText: 'skeleton' }).first().click();
      await page.locator('.tabs-container .tab.active').filter({ hasText: 'Dockerfile' }).waitFor();
      await page.locator('.codelens-decoration').filter({ hasText: 'Build target test' }).first().waitFor({ timeout: 30_000 });
    },
  ],
  [
    'the editor title button opens the stage graph beside the editor',
    async ({ page }) => {
      await page.locator('.editor-actions .action-label[aria-label^="Show Stage Graph"]').first().click();
      await page.locator('.tabs-container .tab').filter({ hasText: 'Stages: Dockerfile' }).waitFor();
      for (const id of ['s0', 's1', 's2', 's3', 'i:docker.io/library/busybox:1.36']) await node(page, id).waitFor();
      await graphFrame(page).locator('[data-edge="s1->s3"]').waitFor();
      await graphFrame(page).locator('.edge-label').filter({ hasText: 'COPY --from' }).waitFor();
    },
  ],
  [
    'BuildKit for the default target: base, build and final built, test greyed as skipped',
    async ({ page, shot }) => {
      await graphFrame(page).locator('#builder-buildkit:checked').waitFor();
      await expectStates(page, { s0: 'built', s1: 'built', s2: 'skipped', s3: 'built' });
      await node(page, 's3').and(graphFrame(page).locator('.target.default')).waitFor();
      await graphFrame(page).locator('#summary').filter({ hasText: 'BuildKit builds 3 of 4 stages for final' }).waitFor();
      await graphFrame(page).locator('body[data-csp-violations="0"]').waitFor();
      await shot('stage-graph');
    },
  ],
  [
    'the classic builder builds every stage up to the target, test included',
    async ({ page }) => {
      await graphFrame(page).getByText('Classic builder').click();
      await expectStates(page, { s0: 'built', s1: 'built', s2: 'built', s3: 'built' });
      await graphFrame(page).locator('#summary').filter({ hasText: 'BuildKit would skip test' }).waitFor();
    },
  ],
  [
    'target test: the classic builder still builds build; BuildKit skips it; final is after the target',
    async ({ page }) => {
      await graphFrame(page).locator('#target').selectOption({ label: 'test' });
      await expectStates(page, { s0: 'built', s1: 'built', s2: 'built', s3: 'after-target' });
      await node(page, 's2').and(graphFrame(page).locator('.target')).waitFor();
      await graphFrame(page).getByText('BuildKit', { exact: true }).click();
      await expectStates(page, { s0: 'built', s1: 'skipped', s2: 'built', s3: 'after-target' });
    },
  ],
  [
    'clicking a node moves the editor cursor to that stage; Tab and Enter do the same from the keyboard',
    async ({ page }) => {
      await node(page, 's1').click();
      await expectCursor(page, 12);
      await graphFrame(page).locator('#summary').click(); // the webview gets the keyboard
      await node(page, 's0').focus();
      await page.keyboard.press('Tab'); // the base stage's build button
      await page.keyboard.press('Tab'); // the build stage
      await page.keyboard.press('Tab'); // its build button
      await page.keyboard.press('Tab'); // the test stage
      await graphFrame(page).locator('[data-node="s2"]:focus').waitFor();
      await page.keyboard.press('Enter');
      await expectCursor(page, 15);
    },
  ],
  [
    'hidden behind another tab and shown again, the graph keeps its target and builder',
    async ({ page }) => {
      await graphFrame(page).locator('body[data-restored="false"]').waitFor();
      await graphFrame(page).getByText('Classic builder').click();
      await expectStates(page, { s1: 'built', s3: 'after-target' });
      const graphTab = page.locator('.tabs-container .tab').filter({ hasText: 'Stages: Dockerfile' });
      await graphTab.click();
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('skeleton/app.sh');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'app.sh' }).filter({ hasText: 'skeleton' }).first().click();
      await page.locator('.tabs-container .tab.active').filter({ hasText: 'app.sh' }).waitFor();
      await graphTab.click();
      await graphFrame(page).locator('body[data-restored="true"]').waitFor();
      await graphFrame(page).locator('#builder-classic:checked').waitFor();
      await graphFrame(page).locator('#target option:checked').filter({ hasText: 'test' }).waitFor({ state: 'attached' });
      await expectStates(page, { s0: 'built', s1: 'built', s2: 'built', s3: 'after-target' });
    },
  ],
  [
    'the graph follows an edit: final copying from test makes BuildKit build test',
    async ({ page }) => {
      await graphFrame(page).getByText('BuildKit', { exact: true }).click();
      await graphFrame(page).locator('#target').selectOption({ label: 'final (default)' });
      await expectStates(page, { s2: 'skipped', s3: 'built' });
      // Type at the end of the file, as a user would, once the editor has the focus (keys sent before
      // that land elsewhere).
      const typed = page.locator('.monaco-editor .view-lines').filter({ hasText: 'COPY --from=test /src/app.sh /tested' });
      // The Dockerfile is in the first editor group (the graph beside it): Ctrl+1 focuses that group's editor.
      await page.locator('.tabs-container .tab').filter({ hasText: 'Dockerfile' }).first().click();
      await page.keyboard.press('Control+1');
      await page.locator('.monaco-editor.focused .view-lines').filter({ hasText: 'FROM' }).first().waitFor();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('COPY --from=test /src/app.sh /tested');
      await page.keyboard.press('Escape');
      await typed.first().waitFor();
      await expectStates(page, { s0: 'built', s1: 'built', s2: 'built', s3: 'built' });
      await graphFrame(page).locator('[data-edge="s2->s3"]').waitFor();
    },
  ],
];
