// Steps the UI suites share (a helper module, not a suite: run-ui.mjs runs only *.ui.mjs).

/** The first element matching `selector` that contains `text`. */
export const row = (page, selector, text) => page.locator(selector).filter({ hasText: text }).first();

/** Opens `folder/file` with Quick Open and waits until it is the active editor. */
export async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  const [folder, file] = name.split('/');
  // Recently opened files are listed first: pick the row of this folder, not the first match.
  const match = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: file }).filter({ hasText: folder }).first();
  await match.click();
  await page.locator('.tabs-container .tab.active').filter({ hasText: file }).waitFor();
  await page.locator('.breadcrumbs-control').filter({ hasText: folder }).first().waitFor();
}
