// A user's build: open examples/busybox-app/Dockerfile, click the "Build (default target)" lens, and
// watch the integrated terminal: the stages BuildKit runs, docker's output, the image's size; then
// the notification and the "built just now · 2 MB" lens. The terminal is screenshotted. Then two
// builds that fail: at a RUN step, and at once on a parse error (VS Code used to call that
// terminal one that "failed to launch"); each ends with Stagecraft's own "Build failed" line.
import { join } from 'node:path';
import { BUSYBOX } from '../scripts/docker-engine.mjs';
import { quickOpen, row, runCommand } from './workbench.mjs';

/** Two Dockerfiles whose builds fail: one at a RUN step, one before any step (a parse error). */
export const setupWorkspace = (dir, writeFileSync, mkdirSync) => {
  mkdirSync(join(dir, 'fails-at-run'), { recursive: true });
  writeFileSync(
    join(dir, 'fails-at-run', 'Dockerfile'),
    `FROM ${BUSYBOX} AS base\nRUN echo preparing\n\nFROM base AS broken\nRUN echo "about to fail" && exit 3\n`,
  );
  mkdirSync(join(dir, 'fails-at-parse'), { recursive: true });
  writeFileSync(join(dir, 'fails-at-parse', 'Dockerfile'), `FROM ${BUSYBOX} AS app\nFOO bar\n`);
};

/** Clicks the default target's Build lens of a Dockerfile and returns the terminal's text once it says how the build ended. */
async function buildAndWaitForEnd(page, file, ended) {
  await quickOpen(page, file);
  const lens = page.locator('.codelens-decoration a').filter({ hasText: 'Build (default target)' }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  await waitForTerminal(page, ended, 180_000);
  // VS Code's own line about the end comes after ours.
  return waitForTerminal(page, /The terminal process terminated with exit code: 1/, 30_000);
}

/** The terminal's visible text, rows joined (xterm wraps long lines into several rows). */
const terminalText = (page) =>
  page
    .locator('.terminal-wrapper .xterm-rows')
    .last()
    .evaluate((rows) => [...rows.children].map((r) => r.textContent).join(''));

async function waitForTerminal(page, pattern, timeout = 120_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await terminalText(page).catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows: ${text.slice(-400)}`);
    await page.waitForTimeout(250);
  }
}

export const tests = [
  [
    'the workbench opens the examples folder',
    async ({ page }) => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await row(page, '.explorer-folders-view .monaco-list-row', 'busybox-app').waitFor({ timeout: 30_000 });
    },
  ],
  [
    'Stagecraft: Build Target… offers the stages, the default target first with what it needs',
    async ({ page, shot }) => {
      await quickOpen(page, 'busybox-app/Dockerfile');
      await page.locator('.codelens-decoration a').filter({ hasText: 'Build (default target)' }).first().waitFor({ timeout: 30_000 });
      // The palette shows the command when the focused editor is a Dockerfile (its `when` clause): focus
      // the editor's first line and wait until the editor has the focus before opening the palette.
      await page
        .locator('.monaco-editor .view-lines')
        .first()
        .click({ position: { x: 4, y: 4 } });
      await page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
      await runCommand(page, 'Stagecraft: Build Target…');
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      await first.filter({ hasText: 'final' }).filter({ hasText: 'default target · needs base, build' }).waitFor({ timeout: 30_000 });
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'needs base · BuildKit builds 2 of 4' }).first().waitFor();
      await shot('build-target-pick');
      await page.keyboard.press('Escape');
    },
  ],
  [
    'clicking "Build (default target)" on the final stage builds it in the terminal and shows its size',
    async ({ page, shot }) => {
      await quickOpen(page, 'busybox-app/Dockerfile');
      const lens = page.locator('.codelens-decoration a').filter({ hasText: 'Build (default target)' }).first();
      await lens.waitFor({ timeout: 30_000 });
      const clicked = Date.now();
      await lens.click();
      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'built workspace/busybox-app:final' }).first();
      await toast.waitFor({ timeout: 180_000 });
      const seconds = ((Date.now() - clicked) / 1000).toFixed(1);
      await waitForTerminal(page, /Stagecraft: built workspace\/busybox-app:final: [\d.]+ MB \(linux\/[a-z0-9_]+, uncompressed, local\)/);
      console.log(`    click to notification: ${seconds} s; ${(await toast.locator('.notification-list-item-message').innerText()).trim()}`);
      // The final stage's lens says when it was built and how big it is.
      await page
        .locator('.codelens-decoration')
        .filter({ hasText: /built (just now|1 min ago) · [\d.]+ MB/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('build-lens');
      // The panel maximized shows the whole build: the plan's header, docker's steps, the size.
      await runCommand(page, 'View: Toggle Maximized Panel');
      await waitForTerminal(page, /\[final 1\/1\] COPY --from=build/, 30_000);
      await shot('build-terminal');
      // Its top: the builder, the stages it runs and skips, and the command as bash would read it.
      await runCommand(page, 'Terminal: Scroll to Top');
      await waitForTerminal(page, /BuildKit runs 3 of 4 stages: base, build, final \(skips test\)/, 30_000);
      await waitForTerminal(page, /\$ env DOCKER_BUILDKIT=1 \/usr\/bin\/docker build -f /, 30_000);
      await shot('build-terminal-top');
      await runCommand(page, 'View: Toggle Maximized Panel');
    },
  ],
  [
    'a build that fails at a RUN step ends with "Build failed: step RUN … at fails-at-run/Dockerfile:5 (exit code 1)"',
    async ({ page, shot }) => {
      const text = await buildAndWaitForEnd(
        page,
        'fails-at-run/Dockerfile',
        /Build failed: step RUN echo "about to fail" && exit 3 at fails-at-run\/Dockerfile:5 \(exit code 1\)/,
      );
      if (/failed to launch/.test(text)) throw new Error(`VS Code says the build failed to launch: ${text.slice(-400)}`);
      await shot('build-failed-terminal');
      await page.locator('.codelens-decoration').filter({ hasText: 'build failed just now at line 5' }).first().waitFor({ timeout: 30_000 });
    },
  ],
  [
    'a build refused at once (a parse error) reads as a failed build, not as a terminal that failed to launch',
    async ({ page }) => {
      const text = await buildAndWaitForEnd(
        page,
        'fails-at-parse/Dockerfile',
        /Build failed at fails-at-parse\/Dockerfile:2 \(exit code 1\): dockerfile parse error: unknown instruction: FOO/,
      );
      if (/failed to launch/.test(text)) throw new Error(`VS Code says the build failed to launch: ${text.slice(-400)}`);
    },
  ],
];
