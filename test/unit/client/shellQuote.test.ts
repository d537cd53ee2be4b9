import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnquotableError, commandLine, quoteArg, shellKind } from '../../../client/src/shellQuote';
import { buildArgs } from '../../../client/src/dockerArgs';

/** Text a shell must pass on literally; any of them, read as code, would create the canary file. */
export const HOSTILE = [
  'plain',
  'two words',
  '',
  ' ',
  "it's",
  '"double"',
  'a\\b',
  'trailing\\',
  '\\"',
  "''",
  '\'"\'"',
  '; touch CANARY',
  '&& touch CANARY',
  '| touch CANARY',
  '$(touch CANARY)',
  '`touch CANARY`',
  '${IFS}touch${IFS}CANARY',
  'line\ntouch CANARY',
  'cr\rtouch CANARY',
  '$HOME',
  '~',
  '*',
  '?',
  '[a]',
  '{a,b}',
  '!!',
  '!-1',
  '#comment',
  '%PATH%',
  '^',
  '<in',
  '>out',
  '(sub)',
  'a\tb',
  'ünïcödé ✓',
  '--flag=$(touch CANARY)',
  "'; touch CANARY; '",
  '"; touch CANARY; "',
  '\\$(touch CANARY)',
  "$'\\x41'",
  '‘smart’ quotes',
  '-e',
  '--',
  '=',
  'x=$(touch CANARY)',
];

test('shellKind reads the shell from its path', () => {
  assert.equal(shellKind('/bin/bash'), 'posix');
  assert.equal(shellKind('/usr/bin/zsh'), 'posix');
  assert.equal(shellKind('/usr/bin/fish'), 'fish');
  assert.equal(shellKind('C:\\Program Files\\PowerShell\\7\\pwsh.exe'), 'pwsh');
  assert.equal(shellKind('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'), 'pwsh');
  assert.equal(shellKind('C:\\Windows\\System32\\cmd.exe'), 'cmd');
  assert.equal(shellKind(undefined, 'linux'), 'posix');
});

test('quoting per shell', () => {
  assert.equal(quoteArg('build', 'posix'), 'build');
  assert.equal(quoteArg("it's $(x)", 'posix'), `'it'\\''s $(x)'`);
  assert.equal(quoteArg('', 'posix'), "''");
  assert.equal(quoteArg("it's \\ $x", 'fish'), `'it\\'s \\\\ $x'`);
  assert.equal(quoteArg("it's $x", 'pwsh'), `'it''s $x'`);
  assert.equal(quoteArg('‘x’', 'pwsh'), `'‘‘x’’'`);
  assert.equal(quoteArg('-e', 'pwsh'), `'-e'`);
  assert.equal(quoteArg('a b', 'cmd'), '^"a b^"');
  assert.equal(quoteArg('%PATH% & calc', 'cmd'), '^"^%PATH^% ^& calc^"');
  assert.equal(quoteArg('say "hi"\\', 'cmd'), '^"say \\^"hi\\^"\\\\^"');
  assert.throws(() => quoteArg('a\nb', 'cmd'), UnquotableError);
  assert.throws(() => quoteArg('a\0b', 'posix'), UnquotableError);
});

test('command lines set the builder environment the way each shell does', () => {
  const args = ['build', '--target', 'final', '-t', 'app:final', '/w/my app'];
  assert.equal(commandLine('docker', args, 'posix', { DOCKER_BUILDKIT: '1' }), "env DOCKER_BUILDKIT=1 docker build --target final -t app:final '/w/my app'");
  assert.equal(commandLine('docker', args, 'fish', { DOCKER_BUILDKIT: '0' }), "env DOCKER_BUILDKIT=0 docker build --target final -t app:final '/w/my app'");
  assert.equal(
    commandLine('C:\\Program Files\\Docker\\docker.exe', args, 'pwsh', { DOCKER_BUILDKIT: '1' }),
    "$env:DOCKER_BUILDKIT = 1; & 'C:\\Program Files\\Docker\\docker.exe' build '--target' final '-t' app:final '/w/my app'",
  );
  assert.equal(
    commandLine('docker', args, 'cmd', { DOCKER_BUILDKIT: '1' }),
    'set "DOCKER_BUILDKIT=1" && docker build --target final -t app:final ^"/w/my app^"',
  );
  assert.equal(commandLine('docker', ['version'], 'posix'), 'docker version');
  assert.throws(() => commandLine('docker', [], 'posix', { 'A;B': '1' }), UnquotableError);
});

/** Shells on this machine to run the lines in (bash and sh always; zsh, fish, pwsh when installed). */
function shells(): { name: string; path: string; kind: 'posix' | 'fish' | 'pwsh' }[] {
  const found = [];
  for (const [name, kind] of [
    ['bash', 'posix'],
    ['sh', 'posix'],
    ['dash', 'posix'],
    ['zsh', 'posix'],
    ['fish', 'fish'],
    ['pwsh', 'pwsh'],
  ] as const) {
    for (const dir of ['/bin', '/usr/bin', '/usr/local/bin']) {
      if (existsSync(join(dir, name))) {
        found.push({ name, path: join(dir, name), kind });
        break;
      }
    }
  }
  return found;
}

test('every hostile argument survives a real shell unchanged and runs nothing (canary file)', () => {
  const available = shells();
  assert.ok(available.some((s) => s.name === 'bash') && available.some((s) => s.name === 'sh'), 'bash and sh are needed for this test');
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-quote-'));
  const home = mkdtempSync(join(tmpdir(), 'stagecraft-home-')); // fish writes its config into HOME
  try {
    // The program prints its argv as JSON: a line is right only when every argument arrives whole.
    const printer = join(dir, 'argv.js');
    writeFileSync(printer, 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    const hostile = HOSTILE.filter((h) => !h.includes('\r')); // a CR is carried, but some shells' read loops strip it; checked below for bash
    const ran: string[] = [];
    for (const shell of available) {
      const line = commandLine(process.execPath, [printer, ...hostile], shell.kind);
      const args =
        shell.kind === 'pwsh' ? ['-NoProfile', '-NonInteractive', '-Command', line] : shell.kind === 'fish' ? ['--no-config', '-c', line] : ['-c', line];
      const result = spawnSync(shell.path, args, {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local') },
      });
      assert.equal(result.status, 0, `${shell.name}: ${result.stderr}`);
      assert.deepEqual(JSON.parse(result.stdout), hostile, `${shell.name} changed an argument`);
      assert.deepEqual(readdirSync(dir).sort(), ['argv.js'], `${shell.name} ran something: ${readdirSync(dir)}`);
      ran.push(shell.name);
    }
    // bash reads a CR inside quotes literally too.
    const cr = spawnSync('bash', ['-c', commandLine(process.execPath, [printer, 'cr\rtouch CANARY'], 'posix')], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(cr.stdout), ['cr\rtouch CANARY']);
    assert.ok(!existsSync(join(dir, 'CANARY')));
    console.log(`# shells run: ${ran.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});

test('a whole docker build line with hostile paths and build args, run in bash, passes them as arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-quote-'));
  try {
    const printer = join(dir, 'argv.js');
    writeFileSync(printer, 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    const args = buildArgs({
      dockerfile: join(dir, "it's $(touch CANARY)", 'Dockerfile'),
      target: 'final',
      tag: 'app:final',
      context: join(dir, 'a b; touch CANARY'),
      buildArgs: { MSG: 'hello `touch CANARY` world', NL: 'x\ntouch CANARY' },
      extraArgs: ['--label', 'note=$(touch CANARY)'],
    });
    for (const shell of ['bash', 'sh']) {
      const result = spawnSync(shell, ['-c', commandLine(process.execPath, [printer, ...args], 'posix', { DOCKER_BUILDKIT: '1' })], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), args);
      assert.ok(!existsSync(join(dir, 'CANARY')), `${shell} created the canary`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
