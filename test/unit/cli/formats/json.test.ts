/** `--format json`: the findings with files, 1-based positions and rules. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, folder, ERROR_AND_WARNING, CLEAN } from '../../../helpers/cli';

const root = folder({ Dockerfile: ERROR_AND_WARNING, 'app/clean.Dockerfile': CLEAN, 'odd, name%.Dockerfile': ERROR_AND_WARNING });

test('--format json: every finding with its file, 1-based position and rule', async () => {
  const { code, out } = await cli(['lint', '--format', 'json', 'Dockerfile'], root);
  assert.equal(code, 1);
  const json = JSON.parse(out);
  assert.equal(json.files, 1);
  assert.deepEqual(
    json.findings.find((f: { rule: string }) => f.rule === 'stage-name-casing'),
    {
      file: 'Dockerfile',
      line: 3,
      column: 21,
      endLine: 3,
      endColumn: 26,
      severity: 'warning',
      rule: 'stage-name-casing',
      message: json.findings.find((f: { rule: string }) => f.rule === 'stage-name-casing').message,
    },
  );
  assert.deepEqual({ error: json.summary.error, warning: json.summary.warning, failing: json.summary.failing }, { error: 1, warning: 1, failing: 1 });
});
