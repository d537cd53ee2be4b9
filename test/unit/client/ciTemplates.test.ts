/** "Add CI Workflow…" without VS Code: where each template goes and how it is filled for a Dockerfile. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CI_TEMPLATES, fillTemplate, stageNames, testTarget, valuesFor, yamlString } from '../../../client/src/ciTemplates';

const root = join(__dirname, '..', '..', '..');
const template = (id: string) => readFileSync(join(root, CI_TEMPLATES.find((t) => t.id === id)!.source), 'utf8');

test('GitHub Actions goes to .github/workflows, Azure Pipelines to the root file it reads by default', () => {
  assert.deepEqual(
    CI_TEMPLATES.map((t) => [t.id, t.label, t.source, t.target]),
    [
      ['github', 'GitHub Actions', 'docs/ci/github-actions.yml', '.github/workflows/stagecraft.yml'],
      ['azure', 'Azure Pipelines', 'docs/ci/azure-pipelines.yml', 'azure-pipelines.yml'],
    ],
  );
});

test('the templates as documented build Dockerfile in the root with --target test', () => {
  for (const id of ['github', 'azure']) {
    const text = template(id);
    assert.match(text, /^ {2}DOCKERFILE: Dockerfile # /m, id);
    assert.match(text, /^ {2}BUILD_CONTEXT: \.$/m, id);
    assert.match(text, /^ {2}TEST_TARGET: test # /m, id);
    // Filling in the defaults changes only the quoting of the three values.
    const filled = fillTemplate(text, valuesFor(undefined, undefined)).split('\n');
    const changed = text
      .split('\n')
      .map((line, i) => [line, filled[i]])
      .filter(([a, b]) => a !== b);
    assert.deepEqual(
      changed.map(([a, b]) => [a, b.replace(/: '([^']*)'/, ': $1')]).filter(([a, b]) => a !== b),
      [],
      id,
    );
    assert.equal(changed.length, 3, id);
  }
});

test('filling a template sets the three variables and leaves every other line alone', () => {
  const text = template('github');
  const filled = fillTemplate(text, { dockerfile: 'services/api/Dockerfile.prod', context: 'services/api', testTarget: 'unit-test' });
  assert.match(filled, /^ {2}DOCKERFILE: 'services\/api\/Dockerfile\.prod' # the Dockerfile to build, from the repository root$/m);
  assert.match(filled, /^ {2}BUILD_CONTEXT: 'services\/api'$/m);
  assert.match(filled, /^ {2}TEST_TARGET: 'unit-test' # /m);
  const changed = filled.split('\n').filter((line, i) => line !== text.split('\n')[i]);
  assert.equal(changed.length, 3, changed.join('\n'));
  assert.equal(filled.split('\n').length, text.split('\n').length);
  // The steps read the variables, so the values are used as filled in.
  assert.match(filled, /docker build --file "\$DOCKERFILE" --target "\$TEST_TARGET" "\$BUILD_CONTEXT"/);
  assert.match(template('azure'), /docker build --file "\$\(DOCKERFILE\)" --target "\$\(TEST_TARGET\)" "\$\(BUILD_CONTEXT\)"/);
});

test('no test stage: TEST_TARGET is empty and the test build step is skipped by its condition', () => {
  const values = valuesFor('Dockerfile', 'FROM alpine:3.20 AS build\nRUN make\nFROM scratch\nCOPY --from=build /app /app\n');
  assert.deepEqual(values, { dockerfile: 'Dockerfile', context: '.', testTarget: '' });
  assert.match(fillTemplate(template('github'), values), /^ {2}TEST_TARGET: '' # /m);
  assert.match(template('github'), /if: env\.TEST_TARGET != ''\n\s+run: docker build --file "\$DOCKERFILE" --target/);
  assert.match(template('azure'), /condition: and\(succeeded\(\), ne\(variables\['TEST_TARGET'\], ''\)\)/);
});

test('values that YAML would read as something else stay strings', () => {
  assert.equal(yamlString("it's"), "'it''s'");
  const filled = fillTemplate(template('azure'), { dockerfile: "a #b/it's: yes", context: 'true', testTarget: '1' });
  assert.match(filled, /^ {2}DOCKERFILE: 'a #b\/it''s: yes' # the Dockerfile/m);
  assert.match(filled, /^ {2}BUILD_CONTEXT: 'true'$/m);
});

test('a template without one of the variables is refused, not written half-filled', () => {
  assert.throws(() => fillTemplate('env:\n  DOCKERFILE: Dockerfile\n  BUILD_CONTEXT: .\n', valuesFor(undefined, undefined)), /no TEST_TARGET variable/);
});

test('stage names and the test stage of a Dockerfile', () => {
  const text = [
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS Build',
    'from build as unit-tests',
    'FROM build AS test',
    '  FROM scratch   AS final  ',
    'RUN echo FROM x AS notastage',
    'FROM alpine',
  ].join('\n');
  assert.deepEqual(stageNames(text), ['Build', 'unit-tests', 'test', 'final']);
  assert.equal(testTarget(stageNames(text)), 'test');
  assert.equal(testTarget(['build', 'integration-test', 'unit-test']), 'integration-test');
  assert.equal(testTarget(['build', 'TEST']), 'TEST');
  assert.equal(testTarget([]), '');
});

test("the build context is the Dockerfile's folder", () => {
  assert.deepEqual(valuesFor('deploy/docker/Containerfile', 'FROM scratch AS test\n'), {
    dockerfile: 'deploy/docker/Containerfile',
    context: 'deploy/docker',
    testTarget: 'test',
  });
  assert.deepEqual(valuesFor(undefined, undefined), { dockerfile: 'Dockerfile', context: '.', testTarget: 'test' });
});
