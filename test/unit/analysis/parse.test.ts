import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import type { DockerfileModel, StageBase, StageReference } from '../../../server/src/analysis/model';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'analysis');

function base(b: StageBase): string {
  switch (b.kind) {
    case 'image':
      return `image:${b.image.normalized}`;
    case 'stage':
      return `stage:${b.stageIndex}`;
    case 'scratch':
      return 'scratch';
    case 'unresolved':
      return `unresolved:${b.missingVariables.join(',')}`;
  }
}

function target(t: StageReference['target']): string {
  switch (t.kind) {
    case 'image':
      return `image:${t.image.normalized}`;
    case 'bad-index':
      return `bad-index:${t.index}`;
    default:
      return `${t.kind}:${t.stageIndex}`;
  }
}

const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** A compact, reviewable summary of the model: what the expected JSON files hold. */
export function summarize(model: DockerfileModel) {
  return {
    directives: { escape: model.directives.escape, syntax: model.directives.syntax, check: model.directives.check },
    globalArgs: model.globalArgs.map((a) => ({ name: a.name, defaultValue: a.defaultValue })),
    stages: model.stages.map((s) => ({
      index: s.index,
      name: s.name,
      base: base(s.base),
      platform: s.platform,
      range: at(s.range),
      instructions: s.instructions.map(
        (i) => i.keyword + (i.heredocs.length ? `<<${i.heredocs.map((h) => `${h.delimiter}@${at(h.bodyRange)}${h.terminated ? '' : '!'}`).join(',')}` : ''),
      ),
    })),
    references: model.references.map((r) => ({ kind: r.kind, fromStage: r.fromStage, text: r.text, at: at(r.range), target: target(r.target) })),
    plans: Object.fromEntries(model.plans.map((p) => [model.stages[p.target].name ?? String(p.target), { buildkit: p.buildkit, classic: p.classic }])),
    skippedByDefault: model.skippedByDefault,
    problems: model.problems.map((p) => `${at(p.range)} ${p.message}`),
  };
}

for (const file of readdirSync(fixtures)
  .filter((f) => f.endsWith('.Dockerfile'))
  .sort()) {
  const name = file.replace(/\.Dockerfile$/, '');
  test(`model of ${name}`, () => {
    const summary = JSON.parse(JSON.stringify(summarize(parseDockerfile(readFileSync(join(fixtures, file), 'utf8')))));
    const expectedFile = join(fixtures, `${name}.expected.json`);
    if (process.env.UPDATE_EXPECTED === '1' || !existsSync(expectedFile)) {
      if (process.env.CI) assert.fail(`${expectedFile} is missing`);
      writeFileSync(expectedFile, JSON.stringify(summary, null, 2) + '\n');
    }
    assert.deepEqual(summary, JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
}

test('names match case-insensitively and keep their spelling', () => {
  const model = parseDockerfile(readFileSync(join(fixtures, 'case-insensitive.Dockerfile'), 'utf8'));
  assert.equal(model.stages[0].name, 'Build');
  assert.equal(model.stages[0].key, 'build');
  assert.deepEqual(
    model.references.map((r) => r.target),
    [
      { kind: 'stage', stageIndex: 0 },
      { kind: 'stage', stageIndex: 0 },
    ],
  );
});

test('build args override global ARG defaults in FROM', () => {
  const text = 'ARG VERSION=1.22\nFROM golang:${VERSION}\n';
  assert.equal((parseDockerfile(text).stages[0].base as { image: { normalized: string } }).image.normalized, 'docker.io/library/golang:1.22');
  const overridden = parseDockerfile(text, { buildArgs: { VERSION: '1.24' } }).stages[0].base;
  assert.equal((overridden as { image: { normalized: string } }).image.normalized, 'docker.io/library/golang:1.24');
  const required = parseDockerfile('ARG BASE\nFROM $BASE\n', { buildArgs: { BASE: 'alpine:3' } }).stages[0].base;
  assert.equal(required.kind, 'image');
});

test('per-stage ARG, ENV, EXPOSE, USER, WORKDIR, CMD and ENTRYPOINT facts', () => {
  const model = parseDockerfile(
    [
      'FROM alpine AS app',
      'ARG PORT=8080 DEBUG',
      'ENV A=1 B="two words"',
      'ENV LEGACY value with spaces',
      'EXPOSE ${PORT} 9090/udp',
      'WORKDIR /app',
      'USER app',
      'CMD ["serve"]',
      'ENTRYPOINT /bin/app',
      'COPY ${SRC:-.} /app',
    ].join('\n'),
  );
  const stage = model.stages[0];
  assert.deepEqual(
    stage.args.map((a) => [a.name, a.defaultValue]),
    [
      ['PORT', '8080'],
      ['DEBUG', undefined],
    ],
  );
  assert.deepEqual(
    stage.envs.map((e) => [e.name, e.value]),
    [
      ['A', '1'],
      ['B', 'two words'],
      ['LEGACY', 'value with spaces'],
    ],
  );
  assert.deepEqual(
    stage.exposes.map((w) => w.value),
    ['${PORT}', '9090/udp'],
  );
  assert.equal(stage.user?.value, 'app');
  assert.equal(stage.workdir?.value, '/app');
  assert.equal(stage.cmd?.jsonForm, true);
  assert.equal(stage.entrypoint?.jsonForm, false);
  assert.deepEqual(
    stage.variableUses.map((u) => [u.name, u.modifier]),
    [
      ['PORT', undefined],
      ['SRC', ':-.'],
    ],
  );
  assert.deepEqual(stage.variableUses[0].range, { start: { line: 4, character: 7 }, end: { line: 4, character: 14 } });
});

test('never throws, whatever the input', () => {
  const inputs = [
    '',
    '\n\n',
    '\\',
    '`',
    'FROM',
    'FROM \\',
    'RUN <<',
    'COPY --from= / /',
    'FROM a AS',
    '\uFEFFFROM alpine',
    '\u0000\u0001\u0002',
    'x'.repeat(1_000_000),
    'FROM a\n'.repeat(5000),
    '{"json": true}',
    '["FROM"]',
    'RUN --mount=from=,from /',
    'ARG =x\nFROM ${}',
  ];
  for (const input of inputs) assert.doesNotThrow(() => parseDockerfile(input), JSON.stringify(input.slice(0, 20)));
  assert.equal(parseDockerfile('\uFEFFFROM alpine AS a').stages[0].name, 'a');
});

test('variables used in FROM lines and in the shell of RUN are in the model, with ranges', () => {
  const model = parseDockerfile(
    'ARG TAG=3\nFROM --platform=$BUILDPLATFORM alpine:${TAG} AS a\nRUN echo $VERSION \\\n  && echo "${OTHER:-x}"\nRUN <<EOF\ncurl /v$VERSION\nEOF\nCMD echo $NOT_RUN\n',
  );
  const [stage] = model.stages;
  const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  assert.deepEqual(
    stage.fromVariableUses.map((u) => `${u.name} ${at(u.range)}`),
    ['TAG 1:38-1:44', 'BUILDPLATFORM 1:16-1:30'],
  );
  assert.deepEqual(
    stage.shellVariableUses.map((u) => `${u.name}${u.modifier ?? ''} ${at(u.range)}`),
    ['VERSION 2:9-2:17', 'OTHER:-x 3:11-3:22', 'VERSION 5:7-5:15'],
  );
  assert.deepEqual(stage.variableUses, []);
});

test('variables in JSON-form arguments get ranges inside the quotes; single-quoted ones are literal', () => {
  const model = parseDockerfile(`FROM alpine\nCOPY ["$SRC", "/x"]\nLABEL a='$LITERAL' b="$B"\n`);
  const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  assert.deepEqual(
    model.stages[0].variableUses.map((u) => `${u.name} ${at(u.range)}`),
    ['SRC 1:7-1:11', 'B 2:22-2:24'],
  );
});
