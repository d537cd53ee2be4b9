/** The baseline service: one dockerfile-language-service per server, and the client's capabilities whenever they come. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { baseline, setBaselineCapabilities } from '../../../server/src/baseline/service';

test('one service, made on first use; capabilities given after it exists apply at once', () => {
  const service = baseline();
  assert.equal(baseline(), service);
  const hoverKind = () => (service.computeHover('FROM alpine\n', { line: 0, character: 1 })?.contents as { kind?: string }).kind;
  setBaselineCapabilities({ hover: { contentFormat: ['markdown'] } });
  assert.equal(hoverKind(), 'markdown');
  setBaselineCapabilities({ hover: { contentFormat: ['plaintext'] } });
  assert.equal(hoverKind(), 'plaintext');
});
