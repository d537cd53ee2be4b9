/** `stagecraft lint`: exit codes and --fail-on, which files it finds, suppressions, the .dockerignore, bad input. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globToRegExp } from '../../../server/src/cli/discover';
import { rulesById } from '../../../server/src/features/rules';
import type { Rule } from '../../../server/src/features/rules/rule';
import { cli, folder, ERROR_AND_WARNING, CLEAN } from '../../helpers/cli';

const json = (out: string) =>
  JSON.parse(out) as { files: number; findings: { file: string; rule: string; severity: string; line: number }[]; errors: { file: string; message: string }[] };

test('exit codes by --fail-on: error (default), warning, info, none', async () => {
  const dir = folder({ Dockerfile: ERROR_AND_WARNING, 'warn/Dockerfile': 'FROM alpine:3.20 AS Build\n', 'info/Dockerfile': CLEAN });
  const cases: [string, string | undefined, number][] = [
    ['Dockerfile', undefined, 1],
    ['Dockerfile', 'none', 0],
    ['warn', undefined, 0],
    ['warn', 'warning', 1],
    ['warn', 'error', 0],
    ['info', 'warning', 0],
    ['info', 'info', 1],
    ['info', 'none', 0],
  ];
  for (const [path, failOn, expected] of cases) {
    const result = await cli(['lint', '--format', 'json', path, ...(failOn ? ['--fail-on', failOn] : [])], dir);
    assert.equal(result.code, expected, `${path} --fail-on ${failOn ?? 'error'}: ${result.out}`);
  }
  const hintsOnly = folder({ Dockerfile: '# stagecraft-ignore-file root-user-in-shipped-stage\nFROM alpine:3.20 AS a\nFROM alpine:3.20\n' });
  const hints = await cli(['lint', '--format', 'json', '--fail-on', 'info'], hintsOnly);
  assert.deepEqual(
    json(hints.out).findings.map((f) => f.severity),
    ['hint'],
  );
  assert.equal(hints.code, 0, 'hints never fail a run');
});

test('with no path: Dockerfiles under the folder, minus .gitignore, node_modules and .git', async () => {
  const dir = folder({
    '.gitignore': 'build/\n*.tmp.Dockerfile\n!keep.tmp.Dockerfile\n',
    Dockerfile: CLEAN,
    'a.tmp.Dockerfile': CLEAN,
    'keep.tmp.Dockerfile': CLEAN,
    'build/Dockerfile': CLEAN,
    'node_modules/pkg/Dockerfile': CLEAN,
    '.git/Dockerfile': CLEAN,
    'svc/Containerfile': CLEAN,
    'svc/.gitignore': 'local/\n',
    'svc/local/Dockerfile': CLEAN,
    'svc/api/Dockerfile.prod': CLEAN,
    'svc/README.md': '# not a Dockerfile',
  });
  const result = await cli(['lint', '--format', 'json', '--fail-on', 'none'], dir);
  assert.equal(result.code, 0, result.err);
  assert.deepEqual(
    [...new Set(json(result.out).findings.map((f) => f.file))],
    ['Dockerfile', 'keep.tmp.Dockerfile', 'svc/Containerfile', 'svc/api/Dockerfile.prod'],
  );
  assert.equal(json(result.out).files, 4);
});

test('.gitignore files above the folder count, up to the repository root', async () => {
  const dir = folder({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'generated/\n', 'app/Dockerfile': CLEAN, 'app/generated/Dockerfile': CLEAN });
  const result = await cli(['lint', '--format', 'json', '--fail-on', 'none'], join(dir, 'app'));
  assert.deepEqual([...new Set(json(result.out).findings.map((f) => f.file))], ['Dockerfile']);
});

test('paths and globs: a file whatever its name, a folder, a glob; ./ and ** work', async () => {
  const dir = folder({ 'docker/web.df': CLEAN, 'docker/api/Dockerfile': CLEAN, 'docker/api/notes.txt': 'x', 'other/Dockerfile': CLEAN });
  const files = async (...args: string[]) => [
    ...new Set(json((await cli(['lint', '--format', 'json', '--fail-on', 'none', ...args], dir)).out).findings.map((f) => f.file)),
  ];
  assert.deepEqual(await files('docker/web.df'), ['docker/web.df']);
  assert.deepEqual(await files('docker'), ['docker/api/Dockerfile']);
  assert.deepEqual(await files('docker/**/*.df', './other/*'), ['docker/web.df', 'other/Dockerfile']);
  assert.deepEqual(await files('**/Dockerfile'), ['docker/api/Dockerfile', 'other/Dockerfile']);
  assert.ok(globToRegExp('{a,b}/?.x').test('b/c.x'));
  assert.ok(!globToRegExp('*.df').test('docker/web.df'), '* stays within one folder');
});

test('suppressions and BuildKit check directives apply as in the editor', async () => {
  const dir = folder({
    'ignored.Dockerfile': 'FROM alpine:3.20 AS base\n# stagecraft-ignore later-stage-reference\nCOPY --from=later /a /a\nFROM alpine:3.20 AS Later\n',
    'skip.Dockerfile': '# check=skip=StageNameCasing\nFROM alpine:3.20 AS Later\n',
    'error.Dockerfile': '# check=error=true\nFROM alpine:3.20 AS Later\n',
  });
  const rules = async (file: string) =>
    json((await cli(['lint', '--format', 'json', file], dir)).out)
      .findings.map((f) => `${f.rule}:${f.severity}`)
      .filter((r) => !r.startsWith('root-user') && !r.startsWith('unused-stage'));
  assert.deepEqual(await rules('ignored.Dockerfile'), ['stage-name-casing:warning']);
  assert.deepEqual(await rules('skip.Dockerfile'), []);
  assert.deepEqual(await rules('error.Dockerfile'), ['stage-name-casing:error']);
});

test('the .dockerignore next to the Dockerfile is read, as the server reads it', async () => {
  const dockerfile = 'FROM node:24-slim\nCOPY . .\nRUN npm ci\n';
  const without = folder({ Dockerfile: dockerfile });
  const withIgnore = folder({ Dockerfile: dockerfile, '.dockerignore': '.git\nnode_modules\n' });
  const specific = folder({ Dockerfile: dockerfile, '.dockerignore': '.git\nnode_modules\n', 'Dockerfile.dockerignore': 'README.md\n' });
  const has = async (dir: string) => json((await cli(['lint', '--format', 'json'], dir)).out).findings.some((f) => f.rule === 'dockerignore');
  assert.equal(await has(without), true);
  assert.equal(await has(withIgnore), false);
  assert.equal(await has(specific), true, '<name>.dockerignore wins over .dockerignore, as in BuildKit');
});

test('bad input: missing paths, empty folders, binary and odd files give clear messages and exit 2; the rest is still linted', async () => {
  const dir = folder({
    Dockerfile: ERROR_AND_WARNING,
    'empty/readme.txt': 'x',
    'bin/Dockerfile.gz': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]),
    'utf16.Dockerfile': Buffer.from('\uFEFFFROM alpine\n', 'utf16le'),
  });
  const missing = await cli(['lint', '--format', 'json', 'nope/Dockerfile', 'Dockerfile'], dir);
  assert.equal(missing.code, 2);
  assert.equal(missing.err, 'stagecraft: nope/Dockerfile: no such file or folder\n');
  assert.equal(json(missing.out).files, 1, 'the other file is still linted');
  const empty = await cli(['lint', 'empty'], dir);
  assert.deepEqual([empty.code, empty.err], [2, 'stagecraft: no Dockerfile or Containerfile under empty\n']);
  const nothing = await cli(['lint', 'x/**/*.df'], dir);
  assert.deepEqual([nothing.code, nothing.err], [2, 'stagecraft: x/**/*.df: no file matches\n']);
  const binary = await cli(['lint', '--format', 'json', 'bin/Dockerfile.gz'], dir);
  assert.equal(binary.code, 2);
  assert.equal(binary.err, 'stagecraft: cannot lint bin/Dockerfile.gz: a binary file (it holds NUL bytes), not a Dockerfile\n');
  assert.deepEqual(json(binary.out).errors, [{ file: 'bin/Dockerfile.gz', message: 'a binary file (it holds NUL bytes), not a Dockerfile' }]);
  const found = await cli(['lint', '--format', 'json', 'bin'], dir);
  assert.deepEqual(
    [found.code, found.err],
    [0, 'stagecraft: skipped bin/Dockerfile.gz: a binary file (it holds NUL bytes), not a Dockerfile\n'],
    'a found binary file is skipped with a note',
  );
  const walked = await cli(['lint', '--format', 'json', '--fail-on', 'none'], dir);
  assert.equal(walked.code, 0, 'a binary file found by the walk does not fail the run');
  assert.match(walked.err, /^stagecraft: skipped bin\/Dockerfile\.gz: a binary file/m);
  const utf16 = await cli(['lint', 'utf16.Dockerfile'], dir);
  assert.equal(utf16.code, 2, 'UTF-16 text holds NUL bytes: reported, not misread');
  assert.match(utf16.out, /^utf16\.Dockerfile\n {2}cannot lint {2}a binary file/, 'the tty report says it once, on stdout');
  assert.equal(utf16.err, '');
  const folderAsConfig = await cli(['lint', '--config', 'empty'], dir);
  assert.equal(folderAsConfig.code, 2);
  assert.match(folderAsConfig.err, /^stagecraft: cannot read .*empty: EISDIR\n$/);
});

test('--output writes the report to a file', async () => {
  const dir = folder({ Dockerfile: ERROR_AND_WARNING });
  const result = await cli(['lint', '--format', 'sarif', '--output', 'out/lint.sarif'], dir);
  assert.equal(result.code, 2, 'the folder out/ does not exist');
  const ok = await cli(['lint', '--format', 'sarif', '--output', 'lint.sarif'], dir);
  assert.deepEqual([ok.code, ok.out], [1, '']);
  assert.equal(JSON.parse(readFileSync(join(dir, 'lint.sarif'), 'utf8')).version, '2.1.0');
});

test('a folder of 2,000 Dockerfiles: every one linted, one at a time', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) files[`s${i % 40}/${i}.Dockerfile`] = i % 2 ? CLEAN : ERROR_AND_WARNING;
  const dir = folder(files);
  const result = await cli(['lint', '--format', 'json'], dir);
  assert.equal(result.code, 1);
  const report = json(result.out);
  assert.equal(report.files, 2000);
  assert.equal(report.findings.filter((f) => f.rule === 'later-stage-reference').length, 1000);
});

test('a rule that throws is named on stderr and makes the exit code 2; the other rules still report', async () => {
  const rule = rulesById.get('stage-name-casing') as Rule;
  const check = rule.check;
  rule.check = () => {
    throw new Error('boom');
  };
  try {
    const dir = folder({ Dockerfile: ERROR_AND_WARNING });
    const result = await cli(['lint', '--format', 'json', '--fail-on', 'none'], dir);
    assert.equal(result.code, 2);
    assert.equal(result.err, 'stagecraft: Dockerfile: rule stage-name-casing failed: boom\n');
    assert.deepEqual(
      json(result.out)
        .findings.map((f) => f.rule)
        .filter((r) => r === 'later-stage-reference' || r === 'stage-name-casing'),
      ['later-stage-reference'],
    );
  } finally {
    rule.check = check;
  }
});
