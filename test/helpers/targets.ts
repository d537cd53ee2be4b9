/** Test helpers for the targets index: the fixture workspaces and paths in them written relative. */
import { join } from 'node:path';

export const targetFixtures = join(__dirname, '..', 'fixtures', 'targets');

/** `value` with every absolute path under `root` written as `<ws>/…` (for JSON expectations). */
export function relativeTo<T>(root: string, value: T): T {
  return JSON.parse(JSON.stringify(value).split(root).join('<ws>'));
}
