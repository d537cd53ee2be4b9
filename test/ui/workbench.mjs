// Steps the UI suites share (a helper module, not a suite: run-ui.mjs runs only *.ui.mjs).

/** The first element matching `selector` that contains `text`. */
export const row = (page, selector, text) => page.locator(selector).filter({ hasText: text }).first();

/**
 * Runs a command from the palette (F1), as a user does. Right after a page load the extensions'
 * contributions may not be listed yet, and a command whose `when` clause needs the focused editor is
 * listed only while that editor has the focus: so the palette is closed (the focus goes back) and
 * opened again until the command shows. Fails with what the palette listed instead.
 */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const match = rows.filter({ hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await match.waitFor({ timeout: 5_000 });
      break;
    } catch {
      if (attempt === 10) throw new Error(`the palette never listed "${title}"; it listed ${JSON.stringify(await rows.allInnerTexts())}`);
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    }
  }
  await match.click();
}

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

/**
 * Shows the Outline of the active editor with its top-level entries collapsed and waits until every
 * one of `labels` is a row. The folders pane is folded so the Outline has the side bar's room (the
 * list renders visible rows only). An Outline computed before the editor was ready says "The active
 * editor cannot provide outline information" and stays so until it is shown again; and a newer
 * outline of the file expands it again: so, as a user would, fold the Outline, open it again and
 * collapse it, a few times.
 */
export async function showOutline(page, labels) {
  const header = page.locator('.pane-header').filter({ hasText: 'Outline' }).first();
  const folders = page.locator('.pane-header[aria-expanded="true"]').filter({ hasText: 'workspace' });
  const label = (text) => page.locator('.outline-element .monaco-highlighted-label').getByText(text, { exact: true }).first();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  if (await folders.count()) await folders.first().click();
  await header.hover();
  await header.locator('.codicon-collapse-all').click();
  try {
    for (const text of labels) await label(text).waitFor({ timeout: 15_000 });
  } catch (error) {
    const shown = [...(await page.locator('.outline-message').allInnerTexts()), ...(await page.locator('.outline-element').allInnerTexts())];
    throw new Error(`the Outline does not show ${labels.join(', ')}; it shows ${JSON.stringify(shown)} (${error.message.split('\n')[0]})`);
  }
}
