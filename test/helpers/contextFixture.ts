/**
 * A build context made on disk for the context-walk tests and the bench: a large ignored folder
 * (node_modules), a large sent one (assets), `.dockerignore` exceptions nested in excluded folders,
 * a symbolic link pointing out of the context (at a large folder that must not be counted), a link
 * inside, a hard link, and optionally many small files. Every size is fixed, so the totals are known:
 * test/fixtures/context/walk.expected.json holds them.
 */
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DOCKERIGNORE = [
  '# what the context does not send',
  'node_modules',
  'logs/**',
  '!logs/keep/**',
  'docs/*.md',
  '!docs/README.md',
  '**/*.tmp',
  '',
].join('\n');

export interface ContextFixture {
  /** The temp folder holding everything (remove it with `remove`). */
  base: string;
  /** The build context (holds Dockerfile and .dockerignore). */
  context: string;
  /** A folder beside the context that the link `outside` points at. */
  outside: string;
  remove(): void;
}

const bytes = (n: number) => Buffer.alloc(n, 97);

/** `small`: how many 10-byte files go in `many/` (100 per folder). */
export function makeContextFixture(small = 0): ContextFixture {
  const base = mkdtempSync(join(tmpdir(), 'stagecraft-context-'));
  const context = join(base, 'app');
  const outside = join(base, 'outside');
  const write = (rel: string, size: number) => {
    const path = join(context, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes(size));
  };
  mkdirSync(outside, { recursive: true });
  for (let i = 0; i < 20; i++) writeFileSync(join(outside, `big-${i}.bin`), bytes(100_000));
  write('Dockerfile', 40);
  writeFileSync(join(context, '.dockerignore'), DOCKERIGNORE);
  for (let i = 0; i < 50; i++) write(`node_modules/pkg-${i % 5}/file-${i}.js`, 40_000); // 2 MB, excluded
  for (let i = 0; i < 25; i++) write(`assets/img-${i}.png`, 80_000); // 2 MB, sent
  write('assets/icons/a.svg', 1_000);
  write('src/main.go', 3_000);
  write('src/scratch.tmp', 5_000); // excluded by **/*.tmp
  write('src/pkg/util.go', 2_000);
  write('src/pkg/old.tmp', 7_000); // excluded
  write('logs/app.log', 9_000); // excluded (logs/**)
  write('logs/keep/important.log', 600); // sent again (!logs/keep/**)
  write('logs/keep/deep/trace.log', 400); // sent again
  write('docs/guide.md', 4_000); // excluded (docs/*.md)
  write('docs/README.md', 500); // sent again
  write('docs/api/ref.md', 700); // sent: docs/*.md does not reach into docs/api
  symlinkSync('../outside', join(context, 'outside-link')); // counts as the link itself: 10 bytes
  symlinkSync('src/main.go', join(context, 'main-link'));
  linkSync(join(context, 'src', 'main.go'), join(context, 'src', 'main-hardlink.go')); // bytes once
  for (let i = 0; i < small; i++) write(`many/d${Math.floor(i / 100)}/f${i % 100}.txt`, 10);
  return { base, context, outside, remove: () => rmSync(base, { recursive: true, force: true }) };
}
