/** Which .dockerignore a build reads: `<Dockerfile>.dockerignore` beside the Dockerfile first, else the context's. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ignoreFileCandidates, readIgnoreFile } from '../../../server/src/context/ignoreFile';

test("the Dockerfile's own ignore file wins over the context's; none reads as the context's, without text", async () => {
  const base = mkdtempSync(join(tmpdir(), 'stagecraft-ignore-'));
  try {
    const context = join(base, 'ctx');
    const docker = join(base, 'docker');
    mkdirSync(context);
    mkdirSync(docker);
    const dockerfile = join(docker, 'app.Dockerfile');
    assert.deepEqual(ignoreFileCandidates(dockerfile, context), [join(docker, 'app.Dockerfile.dockerignore'), join(context, '.dockerignore')]);
    assert.deepEqual(await readIgnoreFile(dockerfile, context), { path: join(context, '.dockerignore'), text: undefined });
    writeFileSync(join(context, '.dockerignore'), 'general\n');
    assert.deepEqual(await readIgnoreFile(dockerfile, context), { path: join(context, '.dockerignore'), text: 'general\n' });
    writeFileSync(join(docker, 'app.Dockerfile.dockerignore'), 'specific\n');
    assert.deepEqual(await readIgnoreFile(dockerfile, context), { path: join(docker, 'app.Dockerfile.dockerignore'), text: 'specific\n' });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
