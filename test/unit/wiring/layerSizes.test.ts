import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HintRefresh } from '../../../server/src/wiring/layerSizes';

test('inlay hints are asked again only from a client that said it supports the refresh', () => {
  let sent = 0;
  const hints = new HintRefresh(() => sent++);
  hints.now();
  assert.equal(sent, 0, 'not before the client said so');
  hints.enable(true);
  hints.now();
  hints.now();
  assert.equal(sent, 2);
  hints.enable(false);
  hints.now();
  assert.equal(sent, 2);
});
