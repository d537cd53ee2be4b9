/** The simple commands a RUN executes, as the rules that read commands see them. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { cacheMountTargets, commandName, runCommands, subcommand } from '../../../server/src/analysis/commands';

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
