/**
 * What the .vsix holds: only the bundles (the client, the server and the two libraries the server
 * loads on first use, the graph's script) and the assets the installed extension reads
 * (`vsce ls`, the same file list `vsce package` uses). No sources, tests, source maps or node_modules.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('the package lists only the bundles and the assets the extension needs', () => {
  const out = execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = out
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .sort();
  const allowed = [
    /^package\.json$/,
    /^README\.md$/,
    /^LICENSE$/,
    /^dist\/(extension|server|baseline|yaml|graph)\.js$/,
    /^syntaxes\/[\w.-]+\.json$/,
    /^snippets\/[\w.-]+\.code-snippets$/,
    /^docs\/rules\/[\w-]+\.md$/,
    /^docs\/ci\/(github-actions|azure-pipelines)\.yml$/,
    /^docs\/images\/[\w.-]+\.png$/,
    /^media\/walkthrough\/[\w.-]+\.svg$/,
    /^media\/example\/(Dockerfile|app\.sh|test\.sh)$/,
  ];
  const unexpected = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
  assert.deepEqual(unexpected, [], 'files in the package that the extension does not need');
  for (const needed of [
    'package.json',
    'dist/extension.js',
    'dist/server.js',
    'dist/baseline.js',
    'dist/yaml.js',
    'snippets/dockerfile.code-snippets',
    'docs/ci/github-actions.yml',
    'docs/ci/azure-pipelines.yml',
  ])
    assert.ok(files.includes(needed), `${needed} is missing from the package: ${files.join(', ')}`);
  assert.ok(
    files.some((file) => file.startsWith('docs/rules/')),
    'the rule pages the diagnostics link to',
  );
});
