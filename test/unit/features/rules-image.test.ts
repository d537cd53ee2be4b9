/** Edge cases of the image-size and security rules that the fixture pairs do not show. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { codeActions } from '../../../server/src/features/codeAction';
import { looksSecret } from '../../../server/src/features/rules/secrets-in-arg-env';
import { parsePlatform } from '../../../server/src/features/rules/platform-flag';
import { URI, contextOf } from '../../helpers/context';

/** The text after the first quick fix of the first finding of rule `id`. */
function fixed(id: string, text: string): string {
  const context = contextOf(text);
  const first = ruleDiagnostics(context, {}).find((d) => d.code === id);
  assert.ok(first, `no ${id} finding`);
  const actions = codeActions(context, { textDocument: { uri: URI }, range: first.range, context: { diagnostics: [first] } }) as CodeAction[];
  return TextDocument.applyEdits(context.document, actions[0].edit!.changes![URI]);
}

const codes = (text: string) => ruleDiagnostics(contextOf(text), {}).map((d) => d.code);

test('package cache: the apt cleanup after a trailing `;` is a new command, not `; &&`', () => {
  assert.equal(
    fixed('package-cache-in-shipped-stage', 'FROM debian:12\nRUN set -eux; apt-get update; \\\n  apt-get install -y curl;\nCMD ["curl"]\n'),
    'FROM debian:12\nRUN set -eux; apt-get update; \\\n  apt-get install -y curl; \\\n    rm -rf /var/lib/apt/lists/*\nCMD ["curl"]\n',
  );
  assert.equal(
    fixed('package-cache-in-shipped-stage', 'FROM alpine:3\nRUN apk add curl\nCMD ["curl"]\n'),
    'FROM alpine:3\nRUN apk add --no-cache curl\nCMD ["curl"]\n',
  );
});

test('package cache: apt-get dist-clean, apk --no-network and PIP_NO_CACHE_DIR=0 count as handled', () => {
  assert.deepEqual(codes('FROM debian:13\nRUN apt-get update; apt-get install -y x; apt-get dist-clean\nUSER 1\nCMD ["x"]\n'), []);
  assert.deepEqual(codes('FROM alpine:3\nRUN apk add --no-network --virtual .deps x\nUSER 1\nCMD ["x"]\n'), []);
  assert.deepEqual(codes('FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=0\nRUN pip install x\nUSER 1\nCMD ["x"]\n'), []);
  assert.deepEqual(codes('FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install x\nUSER 1\nCMD ["x"]\n'), []);
  assert.deepEqual(codes('FROM python:3.12-slim\nRUN pip install x\nUSER 1\nCMD ["x"]\n'), ['package-cache-in-shipped-stage']);
});

test('SDK base: a variable in the tag is kept by the quick fix', () => {
  assert.equal(
    fixed('sdk-image-in-final-stage', 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}\nUSER node\nCMD ["node", "app.js"]\n'),
    'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-slim\nUSER node\nCMD ["node", "app.js"]\n',
  );
});

test('root user: distroless gets its :nonroot variant, node images USER node', () => {
  assert.equal(
    fixed('root-user-in-shipped-stage', 'FROM gcr.io/distroless/static-debian12:debug\nENTRYPOINT ["/app"]\n'),
    'FROM gcr.io/distroless/static-debian12:debug-nonroot\nENTRYPOINT ["/app"]\n',
  );
  assert.equal(fixed('root-user-in-shipped-stage', 'FROM node:22-slim\nCMD ["node", "app.js"]\n'), 'FROM node:22-slim\nUSER node\nCMD ["node", "app.js"]\n');
});

test('secret names follow BuildKit: a whole word of the name, unless a word is PUBLIC, FILE or VERSION', () => {
  for (const name of ['GITHUB_TOKEN', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'API_KEY', 'apikey', 'AUTH', 'passwd', 'GPG_KEY', 'AUTH_URL', 'SSH_KEY_PATH'])
    assert.ok(looksSecret(name), name);
  for (const name of ['KEYBOARD', 'TOKENIZER', 'MONKEY', 'PUBLIC_KEY', 'DB_PASSWORD_FILE', 'secret_File', 'AUTH_MODULE_VERSION', 'public_token'])
    assert.ok(!looksSecret(name), name);
});

test('JSON form fix only when no shell is needed', () => {
  assert.equal(fixed('json-args-recommended', 'FROM alpine:3\nUSER 1\nCMD app --flag=1 /data\n'), 'FROM alpine:3\nUSER 1\nCMD ["app", "--flag=1", "/data"]\n');
  const context = contextOf('FROM alpine:3\nUSER 1\nCMD app "$HOME" | tee log\n');
  const [finding] = ruleDiagnostics(context, {}).filter((d) => d.code === 'json-args-recommended');
  const actions = codeActions(context, { textDocument: { uri: URI }, range: finding.range, context: { diagnostics: [finding] } }) as CodeAction[];
  assert.ok(!actions.some((a) => a.title.startsWith('Use the JSON form')), JSON.stringify(actions.map((a) => a.title)));
});

test('dockerignore: only when the whole context is copied; an incomplete file gets the missing patterns appended', () => {
  const env = (text?: string) => ({ dockerignore: { contextUri: 'file:///work', uri: 'file:///work/.dockerignore', text } });
  const run = (dockerfile: string, text?: string) => {
    const context = { ...contextOf(dockerfile), env: env(text) };
    return { context, found: ruleDiagnostics(context, env(text)).filter((d) => d.code === 'dockerignore') };
  };
  assert.deepEqual(run('FROM node:22-slim\nCOPY package.json server.js ./\nRUN npm ci\n').found, [], 'BuildKit sends only the named paths');
  assert.deepEqual(run('FROM node:22-slim\nCOPY . .\n', '*\n!src\n').found, [], 'an allow-list excludes everything else');
  assert.deepEqual(run('FROM node:22-slim\nCOPY . .\n', '.git/\n/node_modules\n').found, []);
  assert.deepEqual(run('FROM node:22-slim\nCOPY node_modules ./node_modules\nCOPY . .\n', '.git\n').found, [], 'node_modules is copied on purpose');
  const { context, found } = run('FROM rust:1.80 AS build\nCOPY . .\nRUN cargo build --release\n', '# mine\n.git\n!.git\nnode_modules');
  assert.equal(found.length, 1);
  assert.match(String(found[0].message), /\.dockerignore does not exclude `\.git` \(the repository history\), `target` \(Cargo's build output\)/);
  const [fix] = codeActions(context, { textDocument: { uri: URI }, range: found[0].range, context: { diagnostics: [found[0]] } }) as CodeAction[];
  assert.equal(fix.title, 'Add .git, target to .dockerignore');
  const [change] = fix.edit!.documentChanges as { textDocument: { uri: string }; edits: { newText: string; range: unknown }[] }[];
  assert.equal(change.textDocument.uri, 'file:///work/.dockerignore');
  assert.deepEqual(change.edits, [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 12 } }, newText: '\n.git\ntarget\n' }]);
});

test('COPY . . before install: the fix reorders only a RUN that only installs, right after the COPY', () => {
  assert.equal(
    fixed('copy-all-before-install', 'FROM golang:1.22 AS build\nCOPY --link . /src\nRUN go mod download\nRUN go build ./...\n'),
    'FROM golang:1.22 AS build\nCOPY --link go.mod go.sum /src/\nRUN go mod download\nCOPY --link . /src\nRUN go build ./...\n',
  );
  const offered = (text: string) => {
    const context = contextOf(text);
    const [finding] = ruleDiagnostics(context, {}).filter((d) => d.code === 'copy-all-before-install');
    assert.ok(finding, text);
    return (codeActions(context, { textDocument: { uri: URI }, range: finding.range, context: { diagnostics: [finding] } }) as CodeAction[]).some((a) =>
      a.title.includes('first, install'),
    );
  };
  assert.equal(offered('FROM golang:1.22\nCOPY . .\nRUN go mod download && go build -o /app .\n'), false, 'the RUN also builds');
  assert.equal(offered('FROM node:22\nCOPY . .\nRUN echo hi\nRUN npm ci\n'), false, 'another step in between');
  assert.equal(offered('FROM python:3.12\nCOPY . .\nRUN pip install -r requirements/dev.txt\n'), false, 'a requirements file in a folder');
  assert.equal(offered('FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n'), true);
});

test('root user: only images whose default user is known to be root are reported without a USER', () => {
  assert.deepEqual(codes('FROM myorg/app-base:1\nCMD ["app"]\n'), [], 'an image of unknown default user');
  assert.deepEqual(codes('FROM debian:12-slim\nCMD ["app"]\n'), ['root-user-in-shipped-stage']);
  assert.deepEqual(codes('FROM myorg/app-base:1\nUSER root\nCMD ["app"]\n'), ['root-user-in-shipped-stage']);
});

test('secrets: the secret-mount fix drops one name of a multi-name ARG and mounts it on every RUN that uses it', () => {
  assert.equal(
    fixed(
      'secrets-in-arg-env',
      'FROM alpine:3\nARG VERSION GITHUB_TOKEN\nRUN curl -H "Authorization: token $GITHUB_TOKEN" x\nRUN <<EOF\ngh auth status --token ${GITHUB_TOKEN}\nEOF\n',
    ),
    'FROM alpine:3\nARG VERSION\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN curl -H "Authorization: token $GITHUB_TOKEN" x\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN <<EOF\ngh auth status --token ${GITHUB_TOKEN}\nEOF\n',
  );
  const secretFix = (text: string) => {
    const context = contextOf(text);
    const finding = ruleDiagnostics(context, {}).find((d) => d.code === 'secrets-in-arg-env');
    assert.ok(finding, text);
    return (codeActions(context, { textDocument: { uri: URI }, range: finding.range, context: { diagnostics: [finding] } }) as CodeAction[]).some((a) =>
      a.title.startsWith('Pass it as a secret mount'),
    );
  };
  assert.deepEqual(
    ruleDiagnostics(contextOf('ARG NPM_TOKEN\nFROM alpine:3\nRUN echo $NPM_TOKEN\n'), {}).filter((d) => d.code === 'secrets-in-arg-env'),
    [],
    'a global ARG: BuildKit does not check it',
  );
  assert.equal(secretFix('FROM alpine:3\nARG NPM_TOKEN=abc\nRUN echo $NPM_TOKEN\n'), false, 'a default value is in the Dockerfile itself');
  assert.equal(secretFix('FROM alpine:3\nARG NPM_TOKEN\nENV TOKEN=$NPM_TOKEN\n'), false, 'used by ENV: a mount would not reach it');
  assert.equal(secretFix('FROM alpine:3 AS a\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nFROM a\nRUN echo $NPM_TOKEN\n'), false, 'a later stage may inherit it');
  assert.equal(secretFix('FROM alpine:3\nARG NPM_TOKEN\nRUN true\n'), false, 'nothing uses it');
  assert.equal(secretFix('FROM alpine:3\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\n'), true);
});

test('platforms are read as containerd reads them (aliases, bare OS or architecture, invalid ones)', () => {
  assert.deepEqual(parsePlatform('linux/x86_64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('LINUX/ARM64/v8'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('aarch64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('windows'), { os: 'windows', architecture: 'amd64' });
  assert.equal(parsePlatform('linux/'), undefined);
  assert.equal(parsePlatform('banana'), undefined);
  const found = (text: string) =>
    ruleDiagnostics(contextOf(text), {})
      .filter((d) => d.code === 'from-platform-flag-const-disallowed')
      .map((d) => d.message);
  assert.deepEqual(found('FROM --platform=linux/x86_64 alpine AS app\n'), ['FROM --platform flag should not use constant value "linux/x86_64"']);
  assert.deepEqual(found('FROM --platform=linux/x86_64 alpine AS app-amd64\n'), [], 'the name has the normalized architecture');
  assert.deepEqual(found('FROM --platform=banana alpine\n'), [], 'not a platform: BuildKit fails later, no check');
  // An architecture named like an object property is just a name (issue #21).
  assert.deepEqual(parsePlatform('linux/constructor'), { os: 'linux', architecture: 'constructor' });
  assert.equal(parsePlatform('toString'), undefined);
});

test("redundant TARGETPLATFORM: only when the value is TARGETPLATFORM's", () => {
  const found = (text: string) => ruleDiagnostics(contextOf(text), {}).filter((d) => d.code === 'redundant-target-platform').length;
  assert.equal(found('FROM --platform=${TARGETPLATFORM} alpine\n'), 1);
  assert.equal(found('FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine\n'), 1);
  assert.equal(found('FROM --platform=${TARGETPLATFORM}/x alpine\n'), 0);
  assert.equal(found('FROM --platform=$BUILDPLATFORM alpine\n'), 0);
});

test('JSON args: reported as BuildKit does, `exec` included, and only before a SHELL', () => {
  const lines = (text: string) =>
    ruleDiagnostics(contextOf(text), {})
      .filter((d) => d.code === 'json-args-recommended')
      .map((d) => d.range.start.line);
  assert.deepEqual(lines('FROM alpine:3\nCMD exec app\n'), [1], 'BuildKit does not look at what the shell runs');
  assert.deepEqual(lines('FROM alpine:3\nCMD app\nSHELL ["/bin/ash", "-c"]\nENTRYPOINT app\n'), [1], 'the SHELL counts from where it is');
});
