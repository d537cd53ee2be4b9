/** The simple commands a RUN executes, as the rules that read commands see them; mounts by type; the RUN an ONBUILD registers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { cacheMountTargets, commandName, mountTargets, onbuildRun, runCommands, subcommand } from '../../../server/src/analysis/commands';

const runs = (text: string) => parseDockerfile(`FROM alpine\n${text}`).instructions.slice(1);
const summary = (text: string) =>
  runs(text).map((instruction) =>
    runCommands(instruction).map((command) => [
      command.words.map((word) => word.value).join(' '),
      command.precise,
      commandName(command),
      subcommand(command)?.word.value,
    ]),
  );

test('shell form: split at && ; | with assignments, sudo and paths dropped from the command name', () => {
  assert.deepEqual(summary('RUN A=1 sudo apt-get -qq update && apt-get install -y curl; /usr/bin/pip install x | tee\n'), [
    [
      ['apt-get -qq update', true, 'apt-get', 'update'],
      ['apt-get install -y curl', true, 'apt-get', 'install'],
      ['/usr/bin/pip install x', true, 'pip', 'install'],
      ['tee', true, 'tee', undefined],
    ],
  ]);
});

test('JSON form `sh -c "…"` and heredoc bodies are read too, with the imprecise ranges of their text', () => {
  assert.deepEqual(summary('RUN ["sh", "-c", "npm ci && npm run build"]\nRUN <<EOF\nyarn install\nmake all\nEOF\n'), [
    [
      ['npm ci', false, 'npm', 'ci'],
      ['npm run build', false, 'npm', 'run'],
    ],
    [
      ['yarn install', false, 'yarn', 'install'],
      ['make all', false, 'make', 'all'],
    ],
  ]);
});

test("cache mounts' targets: BuildKit reads keys and type=CACHE without case, the target as written", () => {
  const [run] = runs('RUN --mount=type=cache,target=/root/.cache --mount=type=CACHE,Target=/Var/x --mount=type=bind,target=/src go build\n');
  assert.deepEqual(cacheMountTargets(run), ['/root/.cache', '/Var/x']);
  assert.deepEqual(cacheMountTargets(runs('RUN go build\n')[0]), []);
});

const instruction = (text: string) => parseDockerfile(`FROM x\n${text}\n`).stages[0].instructions[1];

test('mountTargets: by type, bind by default, target/dst/destination', () => {
  const run = instruction('RUN --mount=type=cache,target=/a --mount=type=tmpfs,dst=/b --mount=target=/c --mount=type=secret,id=x,destination=/d true');
  assert.deepEqual(mountTargets(run, ['cache', 'tmpfs']), ['/a', '/b']);
  assert.deepEqual(mountTargets(run, ['bind']), ['/c']);
  assert.deepEqual(mountTargets(run, ['secret']), ['/d']);
});

test('onbuildRun: flags, words and heredocs of the trigger; ranges in the file; undefined for other triggers', () => {
  const onbuild = instruction('ONBUILD RUN --mount=type=cache,target=/x apk add curl && echo hi');
  const run = onbuildRun(onbuild)!;
  assert.equal(run.keyword, 'RUN');
  assert.deepEqual(run.keywordRange, { start: { line: 1, character: 8 }, end: { line: 1, character: 11 } });
  assert.deepEqual(
    run.flags.map((f) => [f.name, f.value, f.nameRange.start.character, f.valueRange?.start.character]),
    [['mount', 'type=cache,target=/x', 14, 20]],
  );
  assert.deepEqual(
    runCommands(run).map((c) => c.words.map((w) => w.value).join(' ')),
    ['apk add curl', 'echo hi'],
  );
  assert.equal(onbuildRun(onbuild), run, 'computed once');
  const heredoc = onbuildRun(instruction('ONBUILD RUN <<EOF\npip install x\nEOF'))!;
  assert.deepEqual(
    runCommands(heredoc).map((c) => c.words.map((w) => w.value).join(' ')),
    ['pip install x'],
  );
  const json = onbuildRun(instruction('ONBUILD RUN ["sh", "-c", "npm ci"]'))!;
  assert.equal(json.jsonForm, true);
  assert.deepEqual(
    runCommands(json).map((c) => c.words.map((w) => w.value).join(' ')),
    ['npm ci'],
  );
  assert.equal(onbuildRun(instruction('ONBUILD COPY . /app')), undefined);
  assert.equal(onbuildRun(instruction('RUN true')), undefined);
});
