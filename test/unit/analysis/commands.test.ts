/** The RUN helpers added for the package caches: mounts by type, and the RUN an ONBUILD registers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { mountTargets, onbuildRun, runCommands } from '../../../server/src/analysis/commands';

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
