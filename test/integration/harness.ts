/**
 * A tiny test runner for the extension host (no test framework needed): `test(name, fn)` registers,
 * `runAll()` runs in order with a time limit each, prints one line per test and a summary line
 * `integration: N passed, N failed`, and rejects when any test failed (exit code 1 for the runners).
 */
import * as vscode from 'vscode';

type TestFn = () => Promise<void> | void;
const tests: { name: string; fn: TestFn; timeoutMs: number }[] = [];

export function test(name: string, fn: TestFn, timeoutMs = 30_000): void {
  tests.push({ name, fn, timeoutMs });
}

export async function runAll(suite: string): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const { name, fn, timeoutMs } of tests) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      passed++;
      console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(
        `  ✖ ${name}\n    ${String((error as Error)?.stack ?? error)
          .split('\n')
          .slice(0, 6)
          .join('\n    ')}`,
      );
    } finally {
      clearTimeout(timer);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  }
  console.log(`${suite}: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} test(s) failed`);
}

/** Resolves when `predicate` holds, polling and listening; rejects with `message` after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, message: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
