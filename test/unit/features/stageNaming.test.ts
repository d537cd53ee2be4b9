/** Naming a stage (the "Name this stage" refactoring and the copy-from-index fix): a free name, and the edits. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { freeName, freeStageName, nameStageEdits } from '../../../server/src/features/stageNaming';

const apply = (text: string, edits: { range: import('vscode-languageserver').Range; newText: string }[]) =>
  TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text), edits);

test('freeName skips names of stages and of images the file uses, whatever the case', () => {
  const model = parseDockerfile('FROM alpine AS Build\nFROM build-2\nCOPY --from=build-3 /a /a\nFROM stage-1\n');
  assert.equal(freeName(model, 'build'), 'build-4');
  assert.equal(freeName(model, 'test'), 'test');
  assert.equal(freeStageName(model, 1), 'stage-1-2', 'stage-1 is an image a FROM uses');
  assert.equal(freeStageName(model, 2), 'stage-2');
});

test('an unnamed stage gets `AS stage-N`, and every --from=N and from=N that means it takes the name', () => {
  const text = 'FROM golang:1.22\nRUN go build\nFROM alpine\nCOPY --from=0 /out /out\nRUN --mount=type=bind,from=0,target=/src true\nCOPY --from=1 /x /x\n';
  const { name, edits } = nameStageEdits(parseDockerfile(text), 0);
  assert.equal(name, 'stage-0');
  assert.equal(
    apply(text, edits),
    'FROM golang:1.22 AS stage-0\nRUN go build\nFROM alpine\nCOPY --from=stage-0 /out /out\nRUN --mount=type=bind,from=stage-0,target=/src true\nCOPY --from=1 /x /x\n',
  );
});

test('a named stage keeps its name; only the index references change', () => {
  const text = 'FROM alpine AS base\nFROM scratch\nCOPY --from=0 / /\nCOPY --from=base / /\n';
  const { name, edits } = nameStageEdits(parseDockerfile(text), 0);
  assert.equal(name, 'base');
  assert.equal(apply(text, edits), 'FROM alpine AS base\nFROM scratch\nCOPY --from=base / /\nCOPY --from=base / /\n');
});
