import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LensRefresh } from '../../../server/src/wiring/lensRefresh';

test('documents opened together get one refresh after their first diagnostics, none later', async () => {
  let sent = 0;
  const lenses = new LensRefresh(() => sent++);
  lenses.enable(true);
  lenses.opened('file:///a');
  lenses.opened('file:///b');
  lenses.published('file:///a');
  lenses.published('file:///b');
  await sleep(80);
  assert.equal(sent, 1);
  lenses.published('file:///a'); // a later run: no refresh
  await sleep(80);
  assert.equal(sent, 1);
  lenses.dispose();
});

test('a client without refresh support is never asked', async () => {
  let sent = 0;
  const lenses = new LensRefresh(() => sent++);
  lenses.opened('file:///a');
  lenses.published('file:///a');
  lenses.now();
  lenses.buildResult(() => true);
  await sleep(80);
  assert.equal(sent, 0);
  lenses.dispose();
});

test('settings and build results refresh at once; a closed document is no first run', () => {
  let sent = 0;
  const lenses = new LensRefresh(() => sent++);
  lenses.enable(true);
  lenses.now();
  lenses.buildResult(() => true);
  assert.equal(sent, 2);
  lenses.opened('file:///a');
  lenses.closed('file:///a');
  lenses.published('file:///a');
  lenses.dispose();
});
