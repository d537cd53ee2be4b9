/**
 * StageReader on its own: instructions handed to it one at a time in file order (as parse.ts does),
 * then what it says about global ARGs, stages, their declarations and their references.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { StageReader } from '../../../server/src/analysis/stageReader';
import type { DockerfileModel, Instruction } from '../../../server/src/analysis/model';

/** Feeds `instructions` to a new reader as parse.ts's loop does, and finishes it. */
function readAll(instructions: readonly Instruction[], buildArgs: Record<string, string> = {}, previous?: DockerfileModel): StageReader {
  const reader = new StageReader('\\', buildArgs, previous);
  for (const instruction of instructions) {
    const current = reader.current;
    if (instruction.keyword === 'FROM') reader.startStage(instruction);
    else if (!current) {
      if (instruction.keyword === 'ARG') reader.globalArg(instruction);
    } else current.instructions.push(instruction);
  }
  reader.finish();
  reader.trimLists();
  reader.resolveReferences();
  return reader;
}

const read = (text: string, buildArgs: Record<string, string> = {}) => readAll(parseDockerfile(text).instructions, buildArgs);

test('global ARGs give FROM its value; a build arg overrides the default; a missing one leaves the base unresolved', () => {
  const text = 'ARG BASE=alpine\nARG TAG=3.20\nARG NONE\nFROM ${BASE}:${TAG} AS build\nFROM ${NONE} AS other\n';
  const reader = read(text);
  assert.deepEqual(
    reader.globalArgs.map((arg) => [arg.name, arg.defaultValue]),
    [
      ['BASE', 'alpine'],
      ['TAG', '3.20'],
      ['NONE', undefined],
    ],
  );
  const base = reader.stages[0].base;
  assert.equal(base.kind === 'image' && base.image.normalized, 'docker.io/library/alpine:3.20');
  assert.deepEqual(reader.stages[1].base, { kind: 'unresolved', text: '${NONE}', missingVariables: ['NONE'] });

  const overridden = read(text, { TAG: '3.19', NONE: 'busybox' });
  const over = overridden.stages[0].base;
  assert.equal(over.kind === 'image' && over.image.normalized, 'docker.io/library/alpine:3.19');
  const other = overridden.stages[1].base;
  assert.equal(other.kind === 'image' && other.image.normalized, 'docker.io/library/busybox:latest');
});

test('FROM an earlier stage (any case) is a stage base with a from reference; scratch is scratch; a later name is an image', () => {
  const reader = read('FROM alpine AS Base\nFROM base AS app\nFROM scratch\nFROM later\nFROM alpine AS later\n');
  assert.deepEqual(reader.stages[1].base, { kind: 'stage', stageIndex: 0 });
  assert.deepEqual(reader.stages[2].base, { kind: 'scratch' });
  assert.equal(reader.stages[3].base.kind, 'image', 'FROM only sees stages above it');
  assert.deepEqual(
    reader.references.map((ref) => [ref.kind, ref.fromStage, ref.text, ref.target]),
    [['from', 1, 'base', { kind: 'stage', stageIndex: 0 }]],
  );
  assert.deepEqual(
    reader.stages.map((stage) => [stage.index, stage.name, stage.key]),
    [
      [0, 'Base', 'base'],
      [1, 'app', 'app'],
      [2, undefined, undefined],
      [3, undefined, undefined],
      [4, 'later', 'later'],
    ],
  );
});

test('--from and mount from= resolve once every stage is known: earlier stage, later stage, bad index, image; sorted by position', () => {
  const reader = read(
    [
      'ARG SRC=build',
      'FROM alpine AS build',
      'COPY --from=0 /a /a',
      'FROM alpine AS app',
      'COPY --from=${SRC} /out /out',
      'RUN --mount=type=cache,target=/c --mount=type=bind,from=tools,source=/t,target=/t make',
      'ADD --from=nginx:1.27 /etc/nginx /etc/nginx',
      'COPY --from=1 /x /x',
      'FROM alpine AS tools',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    reader.references.map((ref) => [ref.kind, ref.fromStage, ref.text, ref.range.start.line, ref.target.kind]),
    [
      ['copy', 0, '0', 2, 'bad-index'],
      ['copy', 1, '${SRC}', 4, 'stage'],
      ['mount', 1, 'tools', 5, 'later-stage'],
      ['add', 1, 'nginx:1.27', 6, 'image'],
      ['copy', 1, '1', 7, 'bad-index'],
    ],
  );
  assert.deepEqual(reader.references[1].target, { kind: 'stage', stageIndex: 0 });
  const mount = reader.references[2];
  assert.deepEqual(mount.range, { start: { line: 5, character: 56 }, end: { line: 5, character: 61 } }, 'the range covers `tools` only');
});

test('a name used twice: a reference picks the last earlier stage of that name', () => {
  const reader = read('FROM alpine AS dup\nFROM alpine AS dup\nFROM alpine\nCOPY --from=dup /a /a\n');
  assert.deepEqual(reader.references[0].target, { kind: 'stage', stageIndex: 1 });
});

test("each stage's declarations: ARG, ENV, EXPOSE, USER, WORKDIR, CMD, ENTRYPOINT; RUN's variables are the shell's", () => {
  const text = [
    'FROM alpine',
    'ARG VERSION=1',
    'ENV APP=/app PATH=$APP/bin:$PATH',
    'EXPOSE 80 443/tcp',
    'USER nobody',
    'WORKDIR /srv',
    'WORKDIR $APP',
    'RUN echo $VERSION',
    'RUN <<EOF',
    'echo $HOME',
    'EOF',
    'CMD ["serve"]',
    'ENTRYPOINT ["tini", "--"]',
    '',
  ].join('\n');
  const [stage] = read(text).stages;
  assert.deepEqual(
    stage.args.map((arg) => [arg.name, arg.defaultValue]),
    [['VERSION', '1']],
  );
  assert.deepEqual(
    stage.envs.map((env) => env.name),
    ['APP', 'PATH'],
  );
  assert.deepEqual(
    stage.exposes.map((word) => word.value),
    ['80', '443/tcp'],
  );
  assert.equal(stage.user?.value, 'nobody');
  assert.equal(stage.workdir?.value, '$APP', 'the last WORKDIR');
  assert.equal(stage.cmd?.keyword, 'CMD');
  assert.equal(stage.entrypoint?.keyword, 'ENTRYPOINT');
  assert.deepEqual(
    stage.variableUses.map((use) => use.name),
    ['APP', 'PATH', 'APP'],
  );
  assert.deepEqual(
    stage.shellVariableUses.map((use) => [use.name, use.range.start.line]),
    [
      ['VERSION', 7],
      ['HOME', 9],
    ],
  );
  assert.equal(stage.instructions.length, 11, 'the FROM and every instruction after it');
});

test("FROM's variables are the stage's fromVariableUses, image and --platform both", () => {
  const [stage] = read('ARG IMG=alpine\nFROM --platform=$BUILDPLATFORM ${IMG} AS a\n').stages;
  assert.deepEqual(
    stage.fromVariableUses.map((use) => use.name),
    ['IMG', 'BUILDPLATFORM'],
  );
  assert.equal(stage.platform, '$BUILDPLATFORM');
});

test("given the last parse, a stage with the same instruction objects keeps its lists; its references follow today's ARGs", () => {
  const text = 'ARG SRC=one\nFROM alpine AS one\nFROM alpine AS two\nFROM alpine\nENV A=1\nCOPY --from=${SRC} /a /a\n';
  const previous = parseDockerfile(text);
  const reader = readAll(previous.instructions, { SRC: 'two' }, previous);
  assert.equal(reader.stages[2].envs, previous.stages[2].envs, 'the same array, not a copy');
  assert.deepEqual(reader.references.at(-1)!.target, { kind: 'stage', stageIndex: 1 }, 'resolved again with SRC=two');
  assert.deepEqual(previous.references.at(-1)!.target, { kind: 'stage', stageIndex: 0 });
});

test('instructions before the first FROM other than ARG belong to no stage; no FROM at all makes no stage', () => {
  const reader = read('LABEL a=b\nARG X=1\n');
  assert.equal(reader.current, undefined);
  assert.deepEqual(reader.stages, []);
  assert.deepEqual(
    reader.globalArgs.map((arg) => arg.name),
    ['X'],
  );
});
