import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OpenWaits } from '../../../server/src/wiring/openWaits';

test('a request for an open document does not wait', async () => {
  const waits = new OpenWaits(() => true, 10_000);
  assert.equal(await waits.wait('file:///a'), true);
});

test('a request waits for the didOpen of its document, and every waiting request goes on', async () => {
  const open = new Set<string>();
  const waits = new OpenWaits((uri) => open.has(uri), 10_000);
  const first = waits.wait('file:///a');
  const second = waits.wait('file:///a');
  open.add('file:///a');
  waits.opened('file:///a');
  assert.deepEqual(await Promise.all([first, second]), [true, true]);
});

test('a wait ends at the timeout with false; an open after it changes nothing', async () => {
  const waits = new OpenWaits(() => false, 5);
  assert.equal(await waits.wait('file:///a'), false);
  waits.opened('file:///a');
});
