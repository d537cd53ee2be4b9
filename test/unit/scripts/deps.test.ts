/**
 * test/scripts/deps.mjs: `npm start` and `npm test` install the npm dependencies themselves when a
 * clone has none or older ones than package-lock.json pins, and leave a matching node_modules alone.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const load = () => import('../../scripts/deps.mjs');

/** A project whose lock pins `left-pad@1.3.0` (and an optional package npm may skip). */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-deps-'));
  const lock = {
    name: 'p',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'p', dependencies: { 'left-pad': '1.3.0' } },
      'node_modules/left-pad': { version: '1.3.0' },
      'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', optional: true },
    },
  };
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
  return root;
}

function install(root: string, version: string): void {
  mkdirSync(join(root, 'node_modules', 'left-pad'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'left-pad', 'package.json'), JSON.stringify({ name: 'left-pad', version }));
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ packages: { 'node_modules/left-pad': { version } } }));
}

test('a clone without node_modules is stale', async () => {
  const { staleReason } = await load();
  const root = project();
  try {
    assert.equal(staleReason(root), 'node_modules is missing');
    mkdirSync(join(root, 'node_modules'));
    assert.equal(staleReason(root), 'node_modules was not installed by npm');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('node_modules matching the lock is current; an optional package npm skipped does not count', async () => {
  const { staleReason } = await load();
  const root = project();
  try {
    install(root, '1.3.0');
    assert.equal(staleReason(root), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an older version than the lock pins, or a package deleted by hand, is stale', async () => {
  const { staleReason } = await load();
  const root = project();
  try {
    install(root, '1.1.0');
    assert.equal(staleReason(root), 'left-pad is 1.1.0, package-lock.json pins 1.3.0');
    install(root, '1.3.0');
    rmSync(join(root, 'node_modules', 'left-pad'), { recursive: true });
    assert.equal(staleReason(root), 'left-pad is missing from node_modules');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("this clone's own node_modules is current (npm test ran npm ci first when it was not)", async () => {
  const { staleReason } = await load();
  assert.equal(staleReason(), undefined);
});

test('ensureDependencies runs npm ci for a fresh project (offline: a local file dependency) and not again after', async () => {
  const { ensureDependencies, staleReason } = await load();
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-deps-'));
  try {
    mkdirSync(join(root, 'local'));
    writeFileSync(join(root, 'local', 'package.json'), JSON.stringify({ name: 'local', version: '1.0.0' }));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', private: true, dependencies: { local: 'file:./local' } }));
    const lock = {
      name: 'p',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'p', version: '1.0.0', dependencies: { local: 'file:./local' } },
        local: { version: '1.0.0' },
        'node_modules/local': { resolved: 'local', link: true },
      },
    };
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
    assert.equal(staleReason(root), 'node_modules is missing');
    assert.equal(ensureDependencies(root), true);
    assert.equal(staleReason(root), undefined);
    assert.ok(JSON.parse(readFileSync(join(root, 'node_modules', '.package-lock.json'), 'utf8')).packages['node_modules/local']);
    assert.equal(ensureDependencies(root), false, 'a second call finds nothing to do');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
