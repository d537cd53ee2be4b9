/** `--format tty` (the default): grouped by file, excerpts with a caret, colour only when asked for. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { excerpt, useColor } from '../../../../server/src/cli/formats/tty';
import { cli, folder, ERROR_AND_WARNING, CLEAN } from '../../../helpers/cli';

const root = folder({ Dockerfile: ERROR_AND_WARNING, 'app/clean.Dockerfile': CLEAN, 'odd, name%.Dockerfile': ERROR_AND_WARNING });

test('--format tty: grouped by file, line:col, severity, rule and a caret under the range; colour only when asked for', async () => {
  const { out } = await cli(['lint', 'Dockerfile'], root);
  assert.match(out, /^Dockerfile\n {2}1:21 /);
  assert.match(out, /^ {2}2:13 +error +COPY --from `later`.* later-stage-reference\n +2 \| COPY --from=later \/a \/a\n +\| {13}\^{5}\n/m);
  assert.match(out, /\d+ findings \(1 error, 1 warning, 1 info, 1 hint\) in 1 file\n$/);
  assert.ok(!out.includes('\x1b['), 'no colour when stdout is not a terminal');
  const tty = await cli(['lint', 'Dockerfile'], root, { isTTY: true });
  assert.ok(tty.out.includes('\x1b[31merror'), 'errors in red on a terminal');
  const noColor = await cli(['lint', 'Dockerfile'], root, { isTTY: true, env: { NO_COLOR: '1' } });
  assert.ok(!noColor.out.includes('\x1b['), 'NO_COLOR turns colour off');
  assert.equal(useColor(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.deepEqual(excerpt('\tRUN x', 2, 5), [' RUN x', ' ^^^']);
});
