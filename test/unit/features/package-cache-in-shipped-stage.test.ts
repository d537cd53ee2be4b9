/**
 * package-cache-in-shipped-stage, per package manager: test/fixtures/rules/package-cache-in-shipped-stage/managers/
 * holds `<manager>.bad.Dockerfile` (with `.bad.expected.json`), `<manager>.good.Dockerfile` (near
 * misses: cleaned, avoided, mounted) and `<manager>.bad.fixed.Dockerfile` (the first quick fix of the
 * first finding applied). Then the cache-mount fix, ONBUILD, and cases taken from the scenarios of
 * hadolint's cache rules (DL3009, DL3019, DL3032, DL3036, DL3040, DL3042, DL3060), written anew.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { codeActions } from '../../../server/src/features/codeAction';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { rulesById } from '../../../server/src/features/rules';
import { URI, contextOf, expectJsonAt } from '../../helpers/context';
import { counting } from '../../helpers/counting';

const ID = 'package-cache-in-shipped-stage';
const folder = join(__dirname, '..', '..', 'fixtures', 'rules', ID, 'managers');
const managers = [...new Set(readdirSync(folder).map((name) => name.split('.')[0]))].sort();
const at = (r: Diagnostic['range']) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const mine = (text: string) => ruleDiagnostics(contextOf(text), {}).filter((d) => d.code === ID);
const read = (name: string) => readFileSync(join(folder, name), 'utf8');

function actionsFor(text: string, index = 0): { context: ReturnType<typeof contextOf>; actions: CodeAction[] } {
  const context = contextOf(text);
  const finding = ruleDiagnostics(context, {}).filter((d) => d.code === ID)[index];
  assert.ok(finding, 'no finding');
  const actions = codeActions(context, { textDocument: { uri: URI }, range: finding.range, context: { diagnostics: [finding] } }) as CodeAction[];
  return { context, actions: actions.filter((action) => !action.title.startsWith('Ignore')) };
}

function apply(context: ReturnType<typeof contextOf>, action: CodeAction): string {
  return TextDocument.applyEdits(context.document, action.edit!.changes![URI]);
}

test('every package manager of the table has fixtures', () => {
  assert.deepEqual(managers, ['apk', 'apt', 'cargo', 'dnf', 'gem', 'go', 'npm', 'onbuild', 'pip', 'pipenv', 'pnpm', 'poetry', 'uv', 'yarn', 'zypper']);
});

for (const manager of managers) {
  test(`${manager}: bad, good and fixed`, () => {
    const bad = read(`${manager}.bad.Dockerfile`);
    const found = mine(bad);
    assert.ok(found.length > 0);
    expectJsonAt(
      join(folder, `${manager}.bad.expected.json`),
      found.map((d) => ({ range: at(d.range), message: d.message })),
    );
    assert.deepEqual(
      mine(read(`${manager}.good.Dockerfile`)).map((d) => `${at(d.range)} ${d.message}`),
      [],
    );
    const { context, actions } = actionsFor(bad);
    const after = apply(context, actions[0]);
    assert.equal(after, read(`${manager}.bad.fixed.Dockerfile`), `after "${actions[0].title}"`);
    assert.ok(!mine(after).some((d) => d.message === found[0].message && at(d.range) === at(found[0].range)), 'the fix left the finding');
  });
}

test('the cache-mount fix: a second fix, applied it removes the finding; it mounts every directory left', () => {
  const text = 'FROM golang:1.23\nRUN go build -o /app .\nCMD ["/app"]\n';
  const { context, actions } = actionsFor(text);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Add `go clean -modcache && go clean -cache` to the same RUN', 'Use a cache mount for /go/pkg/mod and /root/.cache/go-build'],
  );
  const after = apply(context, actions[1]);
  assert.equal(
    after,
    'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .\nCMD ["/app"]\n',
  );
  assert.deepEqual(mine(after), []);
  // As a non-root USER, no mount of a home cache (a cache mount is root's); apt's mounts are locked.
  const npm = actionsFor('FROM node:22\nUSER node\nRUN npm ci\nCMD ["node"]\n');
  assert.deepEqual(
    npm.actions.map((a) => a.title),
    ['Add `npm cache clean --force` to the same RUN'],
  );
  const apt = actionsFor('FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCMD ["curl"]\n');
  assert.match(apply(apt.context, apt.actions[1]), /RUN --mount=type=cache,target=\/var\/lib\/apt\/lists,sharing=locked apt-get/);
});

test('heredoc and JSON-form RUNs get the cache-mount fix only; the gem cache, whose place varies, gets no mount', () => {
  const heredoc = actionsFor('FROM alpine:3\nRUN <<EOF\napk add curl\nEOF\nCMD ["curl"]\n');
  assert.deepEqual(
    heredoc.actions.map((a) => a.title),
    ['Use a cache mount for /var/cache/apk'],
  );
  const json = actionsFor('FROM alpine:3\nRUN ["sh", "-c", "apk add curl"]\nCMD ["curl"]\n');
  assert.equal(
    apply(json.context, json.actions[0]),
    'FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk ["sh", "-c", "apk add curl"]\nCMD ["curl"]\n',
  );
  const gem = actionsFor('FROM ruby:3\nRUN gem install rake\nCMD ["rake"]\n');
  assert.deepEqual(
    gem.actions.map((a) => a.title),
    ['Add `rm -rf "$(gem env gemdir)"/cache` to the same RUN'],
  );
});

test('ONBUILD RUN: the quick fixes edit the trigger', () => {
  const { context, actions } = actionsFor('FROM node:22 AS base\nONBUILD RUN npm ci\nFROM base\nCMD ["node"]\n');
  assert.equal(apply(context, actions[0]), 'FROM node:22 AS base\nONBUILD RUN npm ci \\\n    && npm cache clean --force\nFROM base\nCMD ["node"]\n');
  assert.equal(apply(context, actions[1]), 'FROM node:22 AS base\nONBUILD RUN --mount=type=cache,target=/root/.npm npm ci\nFROM base\nCMD ["node"]\n');
});

test('one finding per manager and RUN; only shipped stages; variables move the caches', () => {
  assert.equal(mine('FROM golang:1\nRUN go install a@v1 && go install b@v1\nCMD ["a"]\n').length, 1);
  assert.deepEqual(mine('FROM golang:1 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD ["/app"]\n'), []);
  const moved = mine('FROM golang:1\nENV GOPATH=/work GOCACHE=/tmp/gocache\nRUN go build -o /app .\nCMD ["/app"]\n');
  assert.match(String(moved[0].message), /module cache \(\/work\/pkg\/mod\) and the build cache \(\/tmp\/gocache\)/);
  assert.deepEqual(
    mine('FROM golang:1\nENV GOCACHE=/tmp/gocache\nRUN --mount=type=cache,target=/tmp/gocache go build -o /app . && go clean -modcache\nCMD ["/app"]\n'),
    [],
  );
});

/**
 * The scenarios of hadolint's cache rules, as cases of our own: [Dockerfile, reported?]. Every
 * case gets a CMD in its last stage (this rule only checks images that say what they run).
 * Where we differ from hadolint on purpose, the case says so.
 */
const CASES: [string, boolean][] = [
  // DL3009: apt lists.
  ['FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3', true],
  ['FROM ubuntu:24.04\nRUN apt update && apt install -y python3 && rm -rf /var/lib/apt/lists/*', false],
  ['FROM ubuntu:24.04\nRUN aptitude update && aptitude install -y python3', true],
  ['FROM ubuntu:24.04 AS foo\nRUN apt-get update && apt-get install -y python3\nFROM foo\nRUN true', true],
  ['FROM ubuntu:24.04 AS foo\nRUN apt-get update && apt-get install -y python3\nFROM scratch\nRUN true', false],
  ['FROM ubuntu:24.04\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y python3', false],
  [
    'FROM ubuntu:24.04\nRUN --mount=type=cache,target=/var/cache/apt rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && apt-get install -y python3',
    true,
  ],
  [
    'FROM ubuntu:24.04\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y python3',
    true,
  ],
  [
    'FROM ubuntu:24.04\nONBUILD RUN rm -f /etc/apt/apt.conf.d/docker-clean\nONBUILD RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y python3',
    true,
  ],
  ['FROM ubuntu:24.04\nRUN --mount=type=tmpfs,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt apt-get update', false],
  // DL3019: apk.
  ['FROM alpine:3\nRUN apk add flex=2.6.4-r1', true],
  ['FROM alpine:3\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add -U curl', false],
  ['FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl', false],
  ['FROM alpine:3\nRUN --mount=type=tmpfs,target=/var/cache/foo apk add -U curl', true],
  // DL3032 / DL3040: yum, dnf, microdnf; a clean-up before the install does not count.
  ['FROM centos:7\nRUN yum install -y mariadb && yum clean all', false],
  ['FROM centos:7\nRUN yum clean all && yum install -y mariadb', true],
  ['FROM fedora:41\nRUN dnf in -y mariadb && rm -rf /var/cache/yum/*', false],
  ['FROM fedora:41\nRUN rm -rf /var/cache/libdnf5 && microdnf install -y mariadb', true],
  ['FROM fedora:41\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf -y reinstall mariadb', false],
  ['FROM fedora:41\nRUN dnf -y upgrade-minimal', true],
  ['FROM fedora:41\nRUN dnf install -y mariadb && microdnf clean all', true],
  ['FROM fedora:41\nRUN dnf install -y mariadb && yum clean all', false],
  // DL3036: zypper. `zypper clean` alone keeps the metadata (hadolint accepts it; we do not).
  ['FROM opensuse/leap:15\nRUN zypper install -y mariadb && zypper cc', true],
  ['FROM opensuse/leap:15\nRUN zypper install -y mariadb && zypper clean -a', false],
  ['FROM opensuse/leap:15\nRUN --mount=type=tmpfs,target=/var/cache/zypp zypper install -y mariadb', false],
  // DL3042: pip. pip turns its cache off for any PIP_NO_CACHE_DIR, `0` and `off` included (hadolint reads them as on).
  ['FROM python:3\nRUN pip2 install MySQL_python', true],
  ['FROM python:3\nRUN pip install MySQL_python --no-cache-dir', false],
  ['FROM python:3\nRUN export PIP_NO_CACHE_DIR=yes && pip install MySQL_python', false],
  ['FROM python:3\nENV PIP_NO_CACHE_DIR=0\nRUN pip install MySQL_python', false],
  ['FROM python:3 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six', false],
  ['FROM python:3 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3\nRUN pip install six', true],
  ['FROM python:3\nRUN pipx install software', false],
  // DL3060: yarn.
  ['FROM node:22\nRUN yarn install foo', true],
  ['FROM node:22\nRUN yarn cache clean && yarn install foo', true],
  ['FROM node:22\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install foobar', false],
  ['FROM node:22\nRUN --mount=type=tmpfs,target=/var/lib/foobar yarn install foobar', true],
  ['FROM node:22 AS foo\nRUN yarn install && yarn cache clean\nFROM foo\nRUN true', false],
];

test('the scenarios of hadolint cache rules', () => {
  for (const [text, reported] of CASES) assert.equal(mine(`${text}\nCMD ["x"]\n`).length > 0, reported, text);
});

test('ONBUILD RUN: checked where it runs (stages built FROM it, images built FROM a shipped stage), never in its own layers', () => {
  assert.equal(
    mine('FROM alpine:3 AS foo\nONBUILD RUN apk add curl\nFROM scratch\nCMD ["x"]\n').length,
    1,
    'foo ships: its triggers run in images built FROM it',
  );
  assert.equal(mine('FROM alpine:3 AS base\nONBUILD RUN apk add curl\nFROM alpine:3\nCOPY --from=base / /\nCMD ["x"]\n').length, 0, 'base is only copied from');
  const [finding] = mine('FROM alpine:3 AS base\nONBUILD RUN apk add curl\nFROM base AS app\nCMD ["x"]\n');
  assert.match(String(finding.message), /\(an ONBUILD trigger\) leaves .* in the layer of the stage `app`, built FROM it/);
});

test('linear: a chain of stages built FROM each other, each with ENV and installs', () => {
  const make = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `FROM ${i ? `s${i - 1}` : 'python:3'} AS s${i}\nENV PIP_CACHE_DIR=/c${i}\nRUN pip install x${i}\nONBUILD RUN npm ci`,
    ).join('\n') + '\nCMD ["x"]';
  const reads = (n: number) => {
    const counter = { reads: 0 };
    rulesById.get(ID)!.check({ uri: 'file:///x', model: counting(parseDockerfile(make(n)), counter), env: {} });
    return counter.reads;
  };
  const small = reads(150);
  assert.ok(reads(600) <= small * 4 * 1.5 + 100, `reads grew ${small} -> ${reads(600)}`);
});
