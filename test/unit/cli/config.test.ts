/** Settings: --config over .stagecraft.json over .vscode/settings.json, then --build-arg; same checks as the editor's. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadSettings } from '../../../server/src/cli/config';
import { parseJsonc } from '../../../server/src/cli/jsonc';
import { cli, folder, ERROR_AND_WARNING } from '../../helpers/cli';

const VSCODE = `{
  // VS Code's settings.json has comments and trailing commas
  "editor.tabSize": 2,
  "stagecraft.diagnostics.stage-name-casing": "error",
  "stagecraft.diagnostics.unused-stage": "off",
  "stagecraft.diagnostics.root-user-in-shipped-stage": "off",
  "stagecraft.buildArgs": { "BASE": "from-vscode", "ONLY_VSCODE": "1" },
}`;

test('JSONC: comments and trailing commas, strings untouched', () => {
  assert.deepEqual(parseJsonc('{ "a": "// not a comment", /* x */ "b": [1, 2,], }'), { a: '// not a comment', b: [1, 2] });
});

test('precedence: --config > .stagecraft.json > .vscode/settings.json, key by key; --build-arg last', () => {
  const root = folder({
    '.vscode/settings.json': VSCODE,
    '.stagecraft.json': JSON.stringify({ diagnostics: { 'stage-name-casing': 'hint' }, buildArgs: { BASE: 'from-file' } }),
    'ci.json': JSON.stringify({ 'diagnostics.stage-name-casing': 'information', 'buildArgs.BASE': 'from-config' }),
  });
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const vscodeOnly = loadSettings({ cwd: folder({ '.vscode/settings.json': VSCODE }), warn });
  assert.equal(vscodeOnly.settings.diagnostics['stage-name-casing'], 'error');
  assert.deepEqual(vscodeOnly.settings.buildArgs, { BASE: 'from-vscode', ONLY_VSCODE: '1' });

  const withFile = loadSettings({ cwd: root, warn });
  assert.equal(withFile.settings.diagnostics['stage-name-casing'], 'hint');
  assert.equal(withFile.settings.diagnostics['unused-stage'], 'off', 'keys the higher file does not set stay');
  assert.deepEqual(withFile.settings.buildArgs, { BASE: 'from-file', ONLY_VSCODE: '1' });

  const withConfig = loadSettings({ cwd: root, config: 'ci.json', buildArgs: ['EXTRA=x'], warn });
  assert.equal(withConfig.settings.diagnostics['stage-name-casing'], 'information');
  assert.deepEqual(withConfig.settings.buildArgs, { BASE: 'from-config', ONLY_VSCODE: '1', EXTRA: 'x' });
  assert.equal(withConfig.sources.length, 3);

  const withArg = loadSettings({ cwd: root, config: 'ci.json', buildArgs: ['BASE=from-arg'], warn });
  assert.equal(withArg.settings.buildArgs.BASE, 'from-arg');
  assert.deepEqual(warnings, []);
});

test('wrong values fall back to the default with a warning, as in the editor; an unknown rule is named', () => {
  const root = folder({ '.stagecraft.json': JSON.stringify({ diagnostics: { 'stage-name-casing': 'loud', 'no-such-rule': 'off' } }) });
  const warnings: string[] = [];
  const { settings } = loadSettings({ cwd: root, warn: (m) => warnings.push(m) });
  assert.equal(settings.diagnostics['stage-name-casing'], undefined);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings.join('\n'), /no-such-rule: there is no rule/);
  assert.match(warnings.join('\n'), /stage-name-casing: "loud" is not one of off, hint, information, warning, error/);
});

test('the settings change what lint reports and its exit code', async () => {
  const root = folder({
    Dockerfile: ERROR_AND_WARNING,
    '.vscode/settings.json': VSCODE,
    'quiet.json': '{"diagnostics": {"later-stage-reference": "warning", "stage-name-casing": "warning"}}',
  });
  const byVscode = JSON.parse((await cli(['lint', '--format', 'json'], root)).out);
  assert.deepEqual(byVscode.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`).sort(), [
    'later-stage-reference:error',
    'stage-name-casing:error',
  ]);
  const quiet = await cli(['lint', '--format', 'json', '--config', 'quiet.json'], root);
  assert.equal(quiet.code, 0, 'no error left: exit 0 under --fail-on error');
  assert.deepEqual(
    JSON.parse(quiet.out)
      .findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`)
      .sort(),
    ['later-stage-reference:warning', 'stage-name-casing:warning'],
  );
});

test('build args from the config resolve FROM lines, as in the editor', async () => {
  const text = 'ARG BASE=alpine:3.20\nFROM ${BASE}\nCMD ["/app"]\n';
  const root = folder({ Dockerfile: text, 'args.json': '{"buildArgs": {"BASE": "golang:1.22"}}' });
  const without = JSON.parse((await cli(['lint', '--format', 'json'], root)).out).findings.map((f: { rule: string }) => f.rule);
  const withArgs = JSON.parse((await cli(['lint', '--format', 'json', '--config', 'args.json'], root)).out).findings.map((f: { rule: string }) => f.rule);
  const withFlag = JSON.parse((await cli(['lint', '--format', 'json', '--build-arg', 'BASE=golang:1.22'], root)).out).findings.map(
    (f: { rule: string }) => f.rule,
  );
  assert.ok(!without.includes('sdk-image-in-final-stage'), without.join(', '));
  assert.ok(withArgs.includes('sdk-image-in-final-stage'), withArgs.join(', '));
  assert.deepEqual(withFlag, withArgs);
});

test('a missing or broken config file is a usage error (exit 2); a broken settings.json only a warning', async () => {
  const root = folder({ Dockerfile: 'FROM alpine:3.20\n', 'bad.json': '{ "diagnostics": ', '.vscode/settings.json': '{ nope' });
  const missing = await cli(['lint', '--config', 'nope.json'], root);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /\nstagecraft: --config nope\.json: no such file\n$/);
  const broken = await cli(['lint', '--config', 'bad.json'], root);
  assert.equal(broken.code, 2);
  assert.match(broken.err, /bad\.json is not valid JSON/);
  const settings = await cli(['lint'], root);
  assert.equal(settings.code, 0);
  assert.match(settings.err, /^stagecraft: warning: .*settings\.json is not valid JSON.*its settings are not used\n$/);
});
