/** Which target values are literal stage names (checked, completed, renamed) and which are interpolated. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isLiteralTarget } from '../../../server/src/targets/types';

test('a plain name is literal; empty, ${VAR}, ${{ matrix.x }}, backticks and braces are not', () => {
  for (const value of ['test', 'build-stage', 'Final_2', 'a.b']) assert.equal(isLiteralTarget(value), true, value);
  for (const value of ['', '${TARGET}', '$TARGET', '${{ matrix.target }}', '`x`', 'pre{fix}']) assert.equal(isLiteralTarget(value), false, value);
});
