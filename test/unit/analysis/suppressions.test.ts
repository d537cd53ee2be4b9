/** Suppression comments (`# stagecraft-ignore`, `-file`) and BuildKit's `# check=` options, read from the model. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { buildkitMayRun, buildkitRuns, isSuppressed, readSuppressions } from '../../../server/src/analysis/suppressions';

const TEXT = [
  '# stagecraft-ignore-file unused-stage',
  'FROM alpine AS a',
  '# stagecraft-ignore',
  'RUN x \\',
  '  y',
  '# stagecraft-ignore undefined-var, json-args-recommended',
  'CMD echo $X',
  '',
].join('\n');

test('ignore comments: for the file, for every rule on the next instruction, for the rules named', () => {
  const suppressions = readSuppressions(parseDockerfile(TEXT));
  assert.deepEqual([...suppressions.file], ['unused-stage']);
  assert.deepEqual(
    suppressions.lines.map((line) => [line.startLine, line.endLine, [...line.ids]]),
    [
      [3, 4, ['*']],
      [6, 6, ['undefined-var', 'json-args-recommended']],
    ],
  );
  assert.equal(isSuppressed(suppressions, 'unused-stage', undefined, 1), true);
  assert.equal(isSuppressed(suppressions, 'anything', undefined, 4), true, 'on the continuation line too');
  assert.equal(isSuppressed(suppressions, 'undefined-var', undefined, 6), true);
  assert.equal(isSuppressed(suppressions, 'secrets-in-arg-env', undefined, 6), false);
  assert.equal(isSuppressed(suppressions, 'undefined-var', undefined, 1), false);
});

test('instructionStart: the first line of the instruction a line is in, else the line', () => {
  const suppressions = readSuppressions(parseDockerfile(TEXT));
  assert.equal(suppressions.instructionStart(4), 3);
  assert.equal(suppressions.instructionStart(3), 3);
  assert.equal(suppressions.instructionStart(0), 0);
  assert.equal(suppressions.instructionStart(5), 5);
});

test('# check=skip=… turns off the BuildKit check, and so the rule that mirrors it', () => {
  const suppressions = readSuppressions(parseDockerfile('# check=skip=JSONArgsRecommended\nFROM alpine\nCMD echo\n'));
  assert.equal(buildkitRuns(suppressions, 'JSONArgsRecommended', 2), false);
  assert.equal(buildkitRuns(suppressions, 'StageNameCasing', 2), true);
  assert.equal(isSuppressed(suppressions, 'json-args-recommended', 'JSONArgsRecommended', 2), true);
  assert.equal(isSuppressed(suppressions, 'json-args-recommended', undefined, 2), false, 'a rule without a BuildKit check is not');
});

test('the build arg BUILDKIT_DOCKERFILE_CHECK replaces the file options', () => {
  const model = parseDockerfile('FROM alpine\nCMD echo\n');
  assert.equal(buildkitRuns(readSuppressions(model), 'JSONArgsRecommended', 1), true);
  assert.equal(buildkitRuns(readSuppressions(model, { BUILDKIT_DOCKERFILE_CHECK: 'skip=all' }), 'JSONArgsRecommended', 1), false);
});

test('buildkitMayRun: false only where no line of the file runs the check', () => {
  const cases: [string, string, boolean][] = [
    ['FROM alpine AS a\nCMD echo\n', 'JSONArgsRecommended', true],
    ['FROM alpine AS a\nCMD echo\n', 'InvalidDefinitionDescription', false], // experimental: off unless enabled
    ['# check=experimental=InvalidDefinitionDescription\nFROM alpine AS a\n', 'InvalidDefinitionDescription', true],
    ['# check=experimental=all\nFROM alpine AS a\n', 'InvalidDefinitionDescription', true],
    ['FROM alpine AS a\n# check=experimental=InvalidDefinitionDescription\n# b is\nARG b\n', 'InvalidDefinitionDescription', true],
    ['# check=skip=all\nFROM alpine AS a\n# check=skip=StageNameCasing\nCMD echo\n', 'JSONArgsRecommended', false],
    ['# check=skip=JSONArgsRecommended\nFROM alpine AS a\nCMD echo\n', 'JSONArgsRecommended', false],
    ['FROM alpine AS a\n# check=skip=JSONArgsRecommended\nCMD echo\n', 'JSONArgsRecommended', true], // other lines run it
    ['# check=bogus\nFROM alpine AS a\n', 'JSONArgsRecommended', false], // BuildKit fails before any check
  ];
  for (const [text, check, expected] of cases) {
    const model = parseDockerfile(text);
    const suppressions = readSuppressions(model);
    assert.equal(buildkitMayRun(suppressions, check), expected, `${check} in ${JSON.stringify(text)}`);
    // Never false where some line runs it.
    const runsSomewhere = Array.from({ length: model.lineCount }, (_, line) => buildkitRuns(suppressions, check, line)).some(Boolean);
    if (runsSomewhere) assert.equal(buildkitMayRun(suppressions, check), true, `${check} runs somewhere in ${JSON.stringify(text)}`);
  }
});
