/** One file linted as the server would lint it: reading it (or why not), and findings with 1-based positions. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { lintFile, readDockerfile, toFinding } from '../../../server/src/cli/lintFile';
import { defaultSettings } from '../../../server/src/settings';
import { ERROR_AND_WARNING, folder } from '../../helpers/cli';

const root = folder({
  Dockerfile: ERROR_AND_WARNING,
  'bom.Dockerfile': '\uFEFFFROM alpine\n',
  'binary.Dockerfile': Buffer.from([0x46, 0x52, 0x00, 0x4d]),
  'sub/x': 'x',
});

test('readDockerfile: the text without a byte order mark, or why it cannot be linted', () => {
  assert.deepEqual(readDockerfile(join(root, 'bom.Dockerfile')), { text: 'FROM alpine\n' });
  assert.deepEqual(readDockerfile(join(root, 'missing')), { error: 'no such file' });
  assert.deepEqual(readDockerfile(join(root, 'sub')), { error: 'not a file' });
  assert.deepEqual(readDockerfile(join(root, 'binary.Dockerfile')), { error: 'a binary file (it holds NUL bytes), not a Dockerfile', binary: true });
});

test('toFinding: 1-based line and column, the level by LSP severity, the code as the rule', () => {
  const range = { start: { line: 0, character: 4 }, end: { line: 2, character: 0 } };
  assert.deepEqual(toFinding({ range, severity: DiagnosticSeverity.Hint, code: 'unused-stage', message: 'm' }), {
    line: 1,
    column: 5,
    endLine: 3,
    endColumn: 1,
    severity: 'hint',
    rule: 'unused-stage',
    message: 'm',
  });
  assert.equal(toFinding({ range, severity: DiagnosticSeverity.Information, code: 'x', message: 'm' }).severity, 'info');
  assert.equal(toFinding({ range, code: 'x', message: 'm' }).severity, 'error', 'no severity is an error, as in LSP');
});

test('lintFile: the findings of a file; a file that cannot be read is an outcome, not a throw', async () => {
  const outcome = await lintFile(join(root, 'Dockerfile'), defaultSettings);
  assert.ok(outcome.ok);
  assert.ok(outcome.findings.some((finding) => finding.rule === 'later-stage-reference' && finding.line === 2 && finding.severity === 'error'));
  assert.deepEqual(outcome.ruleErrors, []);
  const missing = await lintFile(join(root, 'missing'), defaultSettings);
  assert.equal(missing.ok, false);
  assert.equal(!missing.ok && missing.error, 'no such file');
});
