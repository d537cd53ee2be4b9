import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TargetIndex } from '../../../server/src/targets/index';
import { expectJsonAt } from '../../helpers/context';
import { relativeTo, targetFixtures } from '../../helpers/targets';

const app = join(targetFixtures, 'app');

function copyOfApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-targets-'));
  cpSync(app, dir, { recursive: true });
  return dir;
}

describe('TargetIndex', () => {
  it('finds every build in the fixture workspace, resolved as Compose, Dev Containers and CI do', async () => {
    const index = new TargetIndex();
    index.setFolders([app]);
    expectJsonAt(join(targetFixtures, 'app.expected.json'), relativeTo(app, await index.all()));
  });

  it('answers per Dockerfile and per file, a broken file reported and the rest kept', async () => {
    const index = new TargetIndex();
    index.setFolders([app]);
    const main = await index.refsFor(join(app, 'Dockerfile'));
    assert.deepEqual(
      main.map((ref) => ref.target ?? '(default)').sort(),
      ['${TARGET:-prod}', '(default)', '(default)', 'build', 'dev', 'dev', 'dev', 'prod', 'prod', 'test', 'test', 'test', 'tset'].sort(),
    );
    const api = await index.refsFor(join(app, 'services/api/docker/Api.Dockerfile'));
    assert.deepEqual(api.map((ref) => ref.kind).sort(), ['azure', 'compose', 'github']);
    // The worker's target is written in the file it extends: that file knows it too.
    const base = await index.inFile(join(app, 'common/base-compose.yml'));
    assert.deepEqual(
      base.refs.map((ref) => ref.label),
      ['Compose service `worker`'],
    );
    const broken = await index.inFile(join(app, 'broken/compose.yml'));
    assert.equal(broken.refs.length, 0);
    assert.match(broken.problems[0].message, /^compose\.yml is not valid YAML: /);
    assert.equal(broken.problems[0].range.start.line, 2);
  });

  it('never reads what it skips (vendor folders) and knows the kind of each file', () => {
    const index = new TargetIndex();
    index.setFolders([app]);
    assert.equal(index.kindOf(join(app, 'compose.yaml')), 'compose');
    assert.equal(index.kindOf(join(app, '.devcontainer/python/devcontainer.json')), 'devcontainer');
    assert.equal(index.kindOf(join(app, '.github/workflows/ci.yml')), 'github');
    assert.equal(index.kindOf(join(app, 'azure-pipelines.yml')), 'azure');
    assert.equal(index.kindOf(join(app, 'Dockerfile')), undefined);
    assert.equal(index.kindOf('/elsewhere/compose.yaml'), undefined);
  });

  it('reads a file again only after an event and a new modification time', async () => {
    const dir = copyOfApp();
    try {
      const counters = { reads: 0, parses: 0, walks: 0 };
      const index = new TargetIndex({ counters });
      index.setFolders([dir]);
      await index.all();
      assert.deepEqual(counters, { reads: 8, parses: 8, walks: 1 });
      await index.all();
      await index.refsFor(join(dir, 'Dockerfile'));
      assert.deepEqual(counters, { reads: 8, parses: 8, walks: 1 }, 'answered from the cache');

      const compose = join(dir, 'compose.yaml');
      index.fileChanged(compose); // an event, same modification time: read, not parsed
      await index.all();
      assert.deepEqual(counters, { reads: 9, parses: 8, walks: 1 });

      writeFileSync(compose, 'services:\n  only:\n    build:\n      context: .\n      target: test\n');
      utimesSync(compose, new Date(), new Date(Date.now() + 5000));
      index.fileChanged(compose);
      const refs = await index.refsFor(join(dir, 'Dockerfile'));
      assert.deepEqual(counters, { reads: 10, parses: 9, walks: 1 });
      assert.equal(
        refs
          .filter((ref) => ref.kind === 'compose')
          .map((ref) => ref.label)
          .join(),
        'Compose service `only`,Compose service `ops`',
      );

      const added = join(dir, 'services/api/compose.yml');
      writeFileSync(added, 'services:\n  api2:\n    build:\n      dockerfile: docker/Api.Dockerfile\n');
      index.fileChanged(added);
      assert.ok((await index.refsFor(join(dir, 'services/api/docker/Api.Dockerfile'))).some((ref) => ref.label === 'Compose service `api2`'));
      unlinkSync(added);
      index.fileChanged(added, true);
      assert.ok(!(await index.refsFor(join(dir, 'services/api/docker/Api.Dockerfile'))).some((ref) => ref.label === 'Compose service `api2`'));
      assert.equal(counters.walks, 1, 'events update the list without a new walk');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes an open file’s unsaved text over the disk', async () => {
    let version = 1;
    let text = 'services:\n  edited:\n    build:\n      target: dev\n';
    const composePath = join(app, 'compose.yaml');
    const index = new TargetIndex({ openText: (path) => (path === composePath ? { text, stamp: `open:${version}` } : undefined) });
    index.setFolders([app]);
    assert.deepEqual(
      (await index.inFile(composePath)).refs.map((ref) => ref.label),
      ['Compose service `edited`'],
    );
    text = 'services:\n  edited: [\n';
    version = 2;
    index.documentChanged(composePath);
    const after = await index.inFile(composePath);
    assert.equal(after.refs.length, 0);
    assert.equal(after.problems.length > 0, true);
  });

  it('reports a file it cannot read and keeps the others', async () => {
    const dir = copyOfApp();
    try {
      const compose = join(dir, 'compose.yaml');
      rmSync(compose);
      // A file over 1 MB is reported, not read.
      writeFileSync(join(dir, 'docker-compose.yml'), `# ${'x'.repeat(1024 * 1024 + 1)}\n`);
      const index = new TargetIndex();
      index.setFolders([dir]);
      const all = await index.all();
      const big = all.problems.filter((p) => p.file === join(dir, 'docker-compose.yml'));
      assert.deepEqual(
        big.map((p) => p.message),
        ['docker-compose.yml is larger than 1 MB: not read for targets'],
      );
      assert.ok(all.refs.some((ref) => ref.kind === 'devcontainer'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers at once with what it knew, refreshes behind, and says when it found something new', async () => {
    const dir = copyOfApp();
    try {
      let changes = 0;
      const index = new TargetIndex({ onChange: () => changes++ });
      index.setFolders([dir]);
      assert.equal(index.knownFor(join(dir, 'Dockerfile')), undefined, 'nothing known before the first refresh ends');
      await index.all();
      assert.equal(changes, 1);
      assert.equal(index.knownFor(join(dir, 'Dockerfile'))?.length, 13);
      index.fileChanged(join(dir, 'compose.yaml')); // same text: no change to tell
      await index.all();
      assert.equal(changes, 1);
      rmSync(join(dir, 'compose.yaml'));
      index.fileChanged(join(dir, 'compose.yaml'), true);
      assert.equal(index.knownFor(join(dir, 'Dockerfile'))?.length, 13, 'the last answer until the refresh ends');
      await index.all();
      assert.equal(changes, 2);
      assert.equal(index.knownFor(join(dir, 'Dockerfile'))?.length, 7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
