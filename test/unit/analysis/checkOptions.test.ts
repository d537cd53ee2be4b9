/** BuildKit's check options: parsing as linter.ParseLintOptions does, merging, experimental checks. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { contextOf } from '../../helpers/context';
import { buildkitRuns, readSuppressions } from '../../../server/src/analysis/suppressions';
import {
  checkRuns,
  fileCheckOptions,
  instructionCheckOptions,
  parseCheckOptions,
  mergeCheckOptions,
  NO_OPTIONS,
} from '../../../server/src/analysis/checkOptions';

test('parseCheckOptions reads skip, experimental and error, and rejects what BuildKit rejects', () => {
  const options = parseCheckOptions(' skip = A, B ;error=1;experimental=all')!;
  assert.deepEqual([...options.skip], ['A', 'B']);
  assert.equal(options.error, true);
  assert.equal(options.experimentalAll, true);
  assert.equal(parseCheckOptions('skip'), undefined, 'no = is an error');
  assert.equal(parseCheckOptions('error=yes'), undefined, 'not a Go bool');
  assert.equal(parseCheckOptions('skp=A'), undefined, 'unknown key');
  assert.equal(parseCheckOptions(''), NO_OPTIONS);
});

test('skip names are case-sensitive, as BuildKit compares them', () => {
  assert.equal(checkRuns(parseCheckOptions('skip=fromascasing')!, 'FromAsCasing'), true);
  assert.equal(checkRuns(parseCheckOptions('skip=FromAsCasing')!, 'FromAsCasing'), false);
});

test('experimental checks run only when enabled, and skip=all does not turn them off', () => {
  assert.equal(checkRuns(NO_OPTIONS, 'InvalidDefinitionDescription'), false);
  assert.equal(checkRuns(parseCheckOptions('skip=all;experimental=InvalidDefinitionDescription')!, 'InvalidDefinitionDescription'), true);
  assert.equal(checkRuns(parseCheckOptions('experimental=all')!, 'InvalidDefinitionDescription'), true);
});

test("an instruction's comments add to the file's options; error stays the file's", () => {
  const merged = mergeCheckOptions(parseCheckOptions('skip=A;error=true')!, parseCheckOptions('skip=B;error=false')!);
  assert.deepEqual([...merged.skip].sort(), ['A', 'B']);
  assert.equal(merged.error, true);
});

test('BUILDKIT_DOCKERFILE_CHECK replaces the directive, even when empty', () => {
  const model = parseDockerfile('# check=skip=all\nFROM scratch\n');
  assert.equal(fileCheckOptions(model)!.skipAll, true);
  assert.equal(fileCheckOptions(model, { BUILDKIT_DOCKERFILE_CHECK: '' })!.skipAll, false);
  assert.equal(fileCheckOptions(model, { BUILDKIT_DOCKERFILE_CHECK: 'skip=' })!.skip.has(''), true);
  assert.equal(fileCheckOptions(parseDockerfile('# check=error\nFROM scratch\n')), undefined, 'invalid: BuildKit fails the build');
});

test('per instruction: the first check comment since the previous instruction; an empty # starts afresh', () => {
  const model = parseDockerfile(
    [
      'FROM scratch', // 0
      '# check=skip=A', // 1
      '', // 2
      '# check=skip=B', // 3
      'CMD a', // 4: A (blank lines do not end the run; the first wins)
      '# check=skip=C', // 5
      '#', // 6
      '# not a directive', // 7
      'CMD b', // 8: none (the empty # dropped C)
      '# check=skip', // 9
      '# check=skip=D', // 10
      'CMD c', // 11: none (the first is invalid: BuildKit stops there)
    ].join('\n'),
  );
  const options = instructionCheckOptions(model);
  assert.deepEqual([...options.keys()], [4]);
  assert.deepEqual([...options.get(4)!.skip], ['A']);
});

test('a finding on a continuation line takes the options of its instruction', () => {
  const model = parseDockerfile('FROM scratch\n# check=skip=SecretsUsedInArgOrEnv\nENV A=1 \\\n  PASSWORD=2\n');
  const suppressions = readSuppressions(model);
  assert.equal(buildkitRuns(suppressions, 'SecretsUsedInArgOrEnv', 3), false);
  assert.equal(buildkitRuns(suppressions, 'SecretsUsedInArgOrEnv', 0), true);
});

test('diagnostics: error=true (directive or build arg) makes mirrored findings errors; an invalid file value silences them', () => {
  const severities = (text: string, buildArgs: Record<string, string> = {}) =>
    ruleDiagnostics(contextOf(text, { buildArgs }), {})
      .filter((d) => d.code === 'maintainer-deprecated')
      .map((d) => d.severity);
  const file = 'FROM alpine:3.20\nMAINTAINER me\n';
  assert.deepEqual(severities(file), [DiagnosticSeverity.Warning]);
  assert.deepEqual(severities(`# check=error=true\n${file}`), [DiagnosticSeverity.Error]);
  assert.deepEqual(severities(file, { BUILDKIT_DOCKERFILE_CHECK: 'error=true' }), [DiagnosticSeverity.Error]);
  assert.deepEqual(
    severities(`# check=error=true\n${file}`, { BUILDKIT_DOCKERFILE_CHECK: 'skip=MaintainerDeprecated' }),
    [],
    'the build arg replaces the directive',
  );
  assert.deepEqual(severities(`# check=skip=Nothing;oops\n${file}`), [], 'BuildKit fails before any check');
});
