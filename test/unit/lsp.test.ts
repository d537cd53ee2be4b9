import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as library from 'vscode-languageserver';
import * as lsp from '../../server/src/lsp';

test('server/src/lsp.ts passes on vscode-languageserver’s own values, each defined', () => {
  const names = Object.keys(lsp);
  assert.ok(names.includes('DiagnosticSeverity') && names.includes('TextDocuments'), names.join(', '));
  for (const name of names) {
    const value = (lsp as Record<string, unknown>)[name];
    assert.notEqual(value, undefined, name);
    assert.equal(value, (library as Record<string, unknown>)[name], `${name} is the library's`);
  }
});
