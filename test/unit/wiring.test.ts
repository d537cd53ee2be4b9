/**
 * The server answers `initialize` without loading the baseline library (dockerfile-language-service,
 * dockerfile-ast, dockerfile-utils): it loads on first use.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startServer } from '../../server/src/wiring';
import { baseline, setBaselineCapabilities } from '../../server/src/features/context';

const loaded = () => Object.keys(require.cache).filter((path) => /[\\/]node_modules[\\/]dockerfile-(language-service|ast|utils)[\\/]/.test(path));

test('the server module loads without the baseline library, which loads on first use', () => {
  assert.equal(typeof startServer, 'function');
  assert.deepEqual(loaded(), []);
  setBaselineCapabilities({ hover: { contentFormat: ['plaintext'] } });
  assert.deepEqual(loaded(), [], 'capabilities are kept until the service exists');
  const hover = baseline().computeHover('FROM alpine\n', { line: 0, character: 1 });
  assert.ok(loaded().length > 0);
  // The capabilities given before it existed apply: plain text, not markdown.
  assert.equal((hover?.contents as { kind?: string }).kind, 'plaintext');
});
