/** `--format junit`: one testsuite per file, failures at --fail-on, escaped XML. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { xmlEscape } from '../../../../server/src/cli/formats/junit';
import { cli, folder, ERROR_AND_WARNING, CLEAN } from '../../../helpers/cli';

const root = folder({ Dockerfile: ERROR_AND_WARNING, 'app/clean.Dockerfile': CLEAN, 'odd, name%.Dockerfile': ERROR_AND_WARNING });

test('--format junit: one testsuite per file, failures for findings at --fail-on, escaped XML', async () => {
  const { code, out } = await cli(['lint', '--format', 'junit', '--fail-on', 'warning'], root);
  assert.equal(code, 1);
  assert.match(out, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="stagecraft" tests="\d+" failures="4" errors="0">/);
  const suites = [...out.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"/g)].map((m) => [m[1], Number(m[3])]);
  assert.deepEqual(
    suites,
    [
      ['Dockerfile', 2],
      ['odd, name%.Dockerfile', 2],
      ['app/clean.Dockerfile', 0],
    ],
    'the files of a folder by name, then its subfolders',
  );
  assert.equal((out.match(/<failure /g) ?? []).length, 4);
  assert.match(out, /<failure type="error" message="COPY --from `later`/);
  assert.equal(xmlEscape('a<b & "c" \'d\'>\u0001'), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
});
