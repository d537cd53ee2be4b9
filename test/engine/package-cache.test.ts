/**
 * package-cache-in-shipped-stage against real BuildKit builds: for each way of running `apt-get update`
 * (plain, a tmpfs or cache mount on the lists or elsewhere, a clean-up after or before), the rule
 * reports the RUN exactly when the built image still holds files in /var/lib/apt/lists. The local
 * Debian image (debootstrap, no registry here) reaches Debian's mirror with `--network host`.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleDiagnostics } from '../../server/src/features/diagnostics';
import { contextOf } from '../helpers/context';
import { engine, type Engine } from './engine';

const MINUTE = 60_000;

let e: Engine;
let base: string;
const temps: string[] = [];
before(async () => {
  e = await engine();
  base = await e.ensureDebianImage();
});
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const CASES: Record<string, string> = {
  plain: 'RUN apt-get update',
  'tmpfs on the lists': 'RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update',
  'cache on /var/cache/apt only': 'RUN --mount=type=cache,target=/var/cache/apt apt-get update',
  'cache on /var/lib/apt': 'RUN --mount=type=cache,target=/var/lib/apt apt-get update',
  'lists removed after': 'RUN apt-get update && rm -rf /var/lib/apt/lists/*',
  'lists removed before': 'RUN rm -rf /var/lib/apt/lists/* && apt-get update',
};

for (const [name, run] of Object.entries(CASES)) {
  test(`apt lists, ${name}: reported exactly when the image keeps them`, { timeout: 30 * MINUTE }, async () => {
    const dockerfile = `FROM ${base}\n${run}\nCMD ["true"]\n`;
    const reported = ruleDiagnostics(contextOf(dockerfile), {}).some((d) => d.code === 'package-cache-in-shipped-stage');
    const dir = mkdtempSync(join(tmpdir(), 'stagecraft-cache-'));
    temps.push(dir);
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    const tag = `local/stagecraft-cache-test:${name.replace(/[^a-z0-9]+/g, '-')}`;
    const built = await e.dockerAsync(['build', '--network', 'host', '-t', tag, dir], { env: { DOCKER_BUILDKIT: '1' } });
    assert.equal(built.status, 0, built.stderr.slice(-2000));
    try {
      const listed = await e.dockerAsync(['run', '--rm', '--network', 'none', tag, 'find', '/var/lib/apt/lists', '-type', 'f', '-name', '*Packages*']);
      assert.equal(listed.status, 0, listed.stderr);
      const files = listed.stdout.split('\n').filter(Boolean).length;
      assert.equal(reported, files > 0, `${files} package lists in the image; the rule ${reported ? 'reports' : 'does not report'} it`);
    } finally {
      await e.dockerAsync(['rmi', tag]);
    }
  });
}
