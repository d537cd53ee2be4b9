/**
 * The built `stagecraft` command (dist/cli.js, made by the build suite before this one) as a user
 * runs it: through its shebang, in a child process; its `plan --json` against the server's own
 * `stagecraft/buildPlan` answer; and from the `npm pack` tarball, unpacked in a temporary folder.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = join(__dirname, '..', '..');
const cliPath = join(root, 'dist', 'cli.js');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
let work: string;

before(() => {
  assert.ok(existsSync(cliPath), 'dist/cli.js is missing: run `node esbuild.mjs` first');
  work = mkdtempSync(join(tmpdir(), 'stagecraft-cli-e2e-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

function runCli(args: string[], cwd: string, file = cliPath) {
  const result = spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '' } });
  if (result.error) throw result.error;
  return { code: result.status, out: result.stdout, err: result.stderr };
}

test('dist/cli.js is executable, has a node shebang, and prints the package version', () => {
  accessSync(cliPath, constants.X_OK);
  assert.ok(readFileSync(cliPath, 'utf8').startsWith('#!/usr/bin/env node\n'));
  assert.deepEqual(runCli(['--version'], root), { code: 0, out: `${version}\n`, err: '' });
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(manifest.bin.stagecraft, './dist/cli.js');
});

test('lint in a child process: findings on stdout, exit 1; clean under --fail-on none', () => {
  const dir = join(work, 'lint');
  mkdirSync(dir);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20 AS base\nCOPY --from=later /a /a\nFROM alpine:3.20 AS later\n');
  const result = runCli(['lint', '--format', 'github'], dir);
  assert.equal(result.code, 1, result.err);
  assert.match(result.out, /^::error file=Dockerfile,line=2,col=13,endLine=2,endColumn=18,title=stagecraft later-stage-reference::/m);
  assert.equal(runCli(['lint', '--fail-on', 'none'], dir).code, 0);
  const bad = runCli(['lint', 'missing.Dockerfile'], dir);
  assert.deepEqual([bad.code, bad.err], [2, 'stagecraft: missing.Dockerfile: no such file or folder\n']);
});

test("plan --json is the server's stagecraft/buildPlan answer for the same file and target", async () => {
  const file = join(root, 'examples', 'go-app', 'Dockerfile');
  const cliPlan = JSON.parse(runCli(['plan', file, '--target', 'test', '--json'], root).out);
  const child = fork(join(root, 'dist', 'server.js'), ['--stdio'], { silent: true });
  child.stderr!.resume();
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest(() => null);
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification('initialized', {});
    const uri = pathToFileURL(file).href;
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: readFileSync(file, 'utf8') },
    });
    const serverPlan = await connection.sendRequest('stagecraft/buildPlan', { uri, target: 'test' });
    assert.equal(cliPlan.target, 2);
    assert.deepEqual(cliPlan, serverPlan);
  } finally {
    connection.dispose();
    child.kill();
  }
});

test('graph prints the stage graph as dot and mermaid', () => {
  const file = join(root, 'examples', 'go-app', 'Dockerfile');
  const dot = runCli(['graph', file], root);
  assert.equal(dot.code, 0, dot.err);
  assert.match(dot.out, /^digraph stages \{\n/);
  assert.match(dot.out, /s1 -> s4 \[label="COPY --from", style=dashed\];/);
  const mermaid = runCli(['graph', file, '--format', 'mermaid'], root);
  assert.match(mermaid.out, /^flowchart LR\n/);
  assert.match(mermaid.out, /s1 -\.->\|"COPY --from"\| s4/);
});

test('the npm pack tarball holds the command, the server and the rule pages, and both run from there', async () => {
  const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }))[0];
  const paths: string[] = listing.files.map((f: { path: string }) => f.path);
  for (const needed of ['package.json', 'dist/cli.js', 'dist/server.js', 'dist/baseline.js', 'dist/yaml.js', 'docs/rules/unknown-stage.md', 'docs/cli.md'])
    assert.ok(paths.includes(needed), `${needed} in ${paths.join(', ')}`);
  assert.deepEqual(
    paths.filter((p) => !/^(package\.json|README\.md|LICENSE|dist\/(cli|server|baseline|yaml)\.js|docs\/cli\.md|docs\/rules\/[\w-]+\.md)$/.test(p)),
    [],
    'nothing else (no tests, sources or maps)',
  );

  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' }))[0];
  execFileSync('tar', ['-xzf', join(packDir, packed.filename), '-C', packDir]);
  const packaged = join(packDir, 'package', 'dist', 'cli.js');
  assert.deepEqual(runCli(['--version'], packDir, packaged), { code: 0, out: `${version}\n`, err: '' });
  const dir = join(work, 'from-pack');
  mkdirSync(dir);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20 AS Build\n');
  const sarif = runCli(['lint', '--format', 'sarif'], dir, packaged);
  assert.equal(sarif.code, 0, sarif.err);
  const rule = JSON.parse(sarif.out).runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'stage-name-casing');
  const page = fileURLToPath(rule.helpUri);
  assert.equal(page, join(packDir, 'package', 'docs', 'rules', 'stage-name-casing.md'), 'rule links point into the installed package');
  assert.ok(existsSync(page));

  // The server from the tarball: a keyword hover comes from the baseline library, which it loads
  // from dist/baseline.js beside it on that first use.
  // Spawned as its bin runs (fork would pass on this process's --import tsx).
  const server = spawn(process.execPath, [join(packDir, 'package', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onRequest(() => null);
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\nWORKDIR /app\n' },
    });
    const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
    assert.match(JSON.stringify(hover), /WORKDIR/);
  } finally {
    connection.dispose();
    server.kill();
  }
});

test('a folder of 10,000 Dockerfiles: all linted, exit 1, no crash', () => {
  const dir = join(work, 'many');
  for (let i = 0; i < 10_000; i++) {
    const sub = join(dir, `d${i % 100}`);
    if (i < 100) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${i}.Dockerfile`), i === 9_999 ? 'FROM a AS b\nCOPY --from=c / /\nFROM a AS c\n' : 'FROM alpine:3.20\n');
  }
  const result = runCli(['lint', '--format', 'json'], dir);
  assert.equal(result.code, 1, result.err);
  const report = JSON.parse(result.out);
  assert.equal(report.files, 10_000);
  assert.deepEqual(
    report.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`),
    ['d99/9999.Dockerfile later-stage-reference'],
  );
});
