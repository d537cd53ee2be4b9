import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, graphPage } from '../../../../client/src/graph/html';

test('the webview page: strict CSP with a nonce, no remote resources, the title escaped', () => {
  const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
  const policy = contentSecurityPolicy(cspSource, 'abc123');
  assert.equal(policy, `default-src 'none'; img-src ${cspSource}; style-src 'nonce-abc123'; script-src 'nonce-abc123'; base-uri 'none'; form-action 'none'`);
  const page = graphPage({ cspSource, nonce: 'abc123', scriptUri: `${cspSource}/ext/dist/graph.js`, title: 'Stages: </title><script>alert(1)</script>' });
  assert.doesNotMatch(page, /unsafe-(inline|eval)/);
  assert.doesNotMatch(page, /<script>alert/);
  assert.equal([...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).join(), `<script nonce="abc123" src="${cspSource}/ext/dist/graph.js">`);
  assert.equal([...page.matchAll(/<style\b[^>]*>/g)].map((m) => m[0]).join(), '<style nonce="abc123">');
  const urls = [...page.matchAll(/\b(?:https?:)?\/\/[^\s"')]+/g)].map((m) => m[0]).filter((url) => !url.startsWith(cspSource));
  assert.deepEqual(urls, [], 'no remote resources');
  assert.doesNotMatch(page, / style="/, 'no inline style attributes (the CSP would block them)');
});
