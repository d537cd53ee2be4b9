/** The command line's surface: help, version, unknown commands and options, bad values (exit 2). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, folder, CLEAN } from '../../helpers/cli';

const root = folder({ Dockerfile: CLEAN });

test('--version prints the version and exits 0', async () => {
  for (const flag of ['--version', '-v']) {
    const result = await cli([flag], root);
    assert.deepEqual(result, { code: 0, out: '9.8.7\n', err: '' });
  }
});

test('--help names every command; no command prints it and exits 2', async () => {
  const help = await cli(['--help'], root);
  assert.equal(help.code, 0);
  for (const command of ['lint', 'plan', 'graph']) assert.match(help.out, new RegExp(`^  ${command} `, 'm'));
  const none = await cli([], root);
  assert.equal(none.code, 2);
  assert.equal(none.out, help.out);
});

test('each command has its own --help, with its options', async () => {
  const expected: Record<string, string[]> = {
    lint: ['--format', '--fail-on', '--config', '--build-arg'],
    plan: ['--target', '--builder', '--json'],
    graph: ['--format dot|mermaid'],
  };
  for (const [command, options] of Object.entries(expected)) {
    const result = await cli([command, '--help'], root);
    assert.equal(result.code, 0, command);
    assert.match(result.out, new RegExp(`^Usage: stagecraft ${command} `));
    for (const option of options) assert.ok(result.out.includes(option), `${command} --help mentions ${option}`);
  }
});

test('usage errors print one line on stderr and exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['frob'], /^stagecraft: unknown command "frob"/],
    [['lint', '--format', 'xml'], /^stagecraft: --format xml: expected one of tty, json, sarif, github, junit\n$/],
    [['lint', '--fail-on', 'fatal'], /^stagecraft: --fail-on fatal: expected one of error, warning, info, none\n$/],
    [['lint', '--bogus'], /^stagecraft: Unknown option '--bogus'/],
    [['lint', '--build-arg', 'NOVALUE'], /^stagecraft: --build-arg NOVALUE: expected NAME=value\n$/],
    [['plan'], /^stagecraft: which Dockerfile\?/],
    [['plan', 'Dockerfile', '--builder', 'kaniko'], /^stagecraft: --builder kaniko: expected one of buildkit, classic\n$/],
    [['plan', 'Dockerfile', 'Dockerfile'], /^stagecraft: plan reads one Dockerfile, got 2\n$/],
    [['graph', 'Dockerfile', '--format', 'svg'], /^stagecraft: --format svg: expected one of dot, mermaid\n$/],
  ];
  for (const [argv, message] of cases) {
    const result = await cli(argv, root);
    assert.equal(result.code, 2, argv.join(' '));
    assert.match(result.err, message, argv.join(' '));
    assert.equal(result.err.split('\n').length, 2, `one line: ${result.err}`);
  }
});
