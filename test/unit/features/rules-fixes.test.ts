/**
 * Quick fixes beyond the first one that the fixture tests apply: each case gives a text, the rule,
 * the finding's line, the fix title and the text after it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { codeActions } from '../../../server/src/features/codeAction';
import { URI, contextOf } from '../../helpers/context';

function apply(text: string, rule: string, line: number, title: RegExp): string {
  const context = contextOf(text);
  const diagnostic = ruleDiagnostics(context).find((d) => d.code === rule && d.range.start.line === line);
  assert.ok(diagnostic, `no ${rule} finding on line ${line}`);
  const actions = codeActions(context, { textDocument: { uri: URI }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as CodeAction[];
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit?.changes, `no action ${title} among ${actions.map((a) => a.title).join(' | ')}`);
  return TextDocument.applyEdits(context.document, action.edit.changes[URI]);
}

test('copy-from-index on a named stage rewrites its index references to the name', () => {
  const text = 'FROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=0 /a /a\nRUN --mount=from=0,target=/b true\n';
  assert.equal(
    apply(text, 'copy-from-index', 3, /Use the stage name `build`/),
    'FROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /a /a\nRUN --mount=from=build,target=/b true\n',
  );
});

test('stage-name-casing on a capitalised FROM <stage> writes it in lowercase', () => {
  const text = 'FROM alpine:3.20 AS certs\nFROM Certs AS final\n';
  assert.equal(apply(text, 'stage-name-casing', 1, /lowercase/), 'FROM alpine:3.20 AS certs\nFROM certs AS final\n');
});

test('undefined-arg-in-from declares the ARG above the first FROM when no name is close', () => {
  const text = '# syntax=docker/dockerfile:1\nFROM node:22${VARIANT}\n';
  assert.equal(apply(text, 'undefined-arg-in-from', 1, /Declare `ARG VARIANT`/), '# syntax=docker/dockerfile:1\nARG VARIANT\nFROM node:22${VARIANT}\n');
});

test('duplicate-stage-name renames the second stage and only the references that read it', () => {
  const text = 'FROM alpine AS build\nFROM build AS test\nFROM node:22 AS build\nFROM scratch\nCOPY --from=build /a /a\n';
  assert.equal(
    apply(text, 'duplicate-stage-name', 2, /build-2/),
    'FROM alpine AS build\nFROM build AS test\nFROM node:22 AS build-2\nFROM scratch\nCOPY --from=build-2 /a /a\n',
  );
});

test('global-arg-not-redeclared inserts ARG after a FROM that spans lines, with its indentation', () => {
  const text = 'ARG V=1\n  FROM alpine:3.20 \\\n    AS app\n  RUN echo $V\n';
  assert.equal(apply(text, 'global-arg-not-redeclared', 3, /Add `ARG V`/), 'ARG V=1\n  FROM alpine:3.20 \\\n    AS app\n  ARG V\n  RUN echo $V\n');
});

test('undefined-var replaces only the name inside ${…}', () => {
  const text = 'FROM scratch\nENV APP_HOME=/app\nWORKDIR ${APP_HOEM}/bin\n';
  assert.equal(apply(text, 'undefined-var', 2, /Change to `APP_HOME`/), 'FROM scratch\nENV APP_HOME=/app\nWORKDIR ${APP_HOME}/bin\n');
});

test('unknown-stage offers the lower-case spelling BuildKit compares stage names in, whatever the case declared', () => {
  const text = 'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS Build\nFROM scratch\nCOPY --from=biuld /a /a\nFROM Biuld\n';
  const messages = ruleDiagnostics(contextOf(text))
    .filter((d) => d.code === 'unknown-stage')
    .map((d) => d.message);
  assert.deepEqual(
    messages.map((m) => /Did you mean (?:the stage )?`([^`]*)`/.exec(String(m))?.[1]),
    ['build', 'build'],
  );
  assert.equal(
    apply(text, 'unknown-stage', 3, /Change to `build`/),
    'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS Build\nFROM scratch\nCOPY --from=build /a /a\nFROM Biuld\n',
  );
  assert.equal(
    apply(text, 'unknown-stage', 4, /Change to `build`/),
    'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS Build\nFROM scratch\nCOPY --from=biuld /a /a\nFROM build\n',
  );
});
