import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readGithubWorkflow, workflowRoot } from '../../../server/src/targets/githubWorkflow';

const FILE = '/ws/.github/workflows/ci.yml';
const step = (inputs: string) => `jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n${inputs ? `        with:\n${inputs}` : ''}`;

describe('githubWorkflow', () => {
  it('takes the repository root from the workflow’s place', () => {
    assert.equal(workflowRoot(FILE), '/ws');
  });

  it('resolves file against the repository root, else <context>/Dockerfile, else the root’s Dockerfile', () => {
    const cases: [string, string | undefined, string | undefined][] = [
      ['          context: app\n          file: docker/App.Dockerfile\n', '/ws/app', '/ws/docker/App.Dockerfile'],
      ['          context: app\n', '/ws/app', '/ws/app/Dockerfile'],
      ['', undefined, '/ws/Dockerfile'],
      ['          context: ${{ env.CTX }}\n', undefined, undefined],
      ['          context: https://github.com/o/r.git\n', undefined, undefined],
    ];
    for (const [inputs, context, dockerfile] of cases) {
      const [ref] = readGithubWorkflow(FILE, step(inputs)).refs;
      assert.deepEqual([ref.context, ref.dockerfile], [context, dockerfile], inputs);
    }
  });

  it('expands a matrix target into each value, list and include, each with its place', () => {
    const text =
      'jobs:\n  b:\n    strategy:\n      matrix:\n        stage: [test, "prod"]\n        include:\n          - stage: dev\n          - other: 1\n    steps:\n      - uses: docker/build-push-action@v5\n        with:\n          target: ${{ matrix.stage }}\n';
    const { refs } = readGithubWorkflow(FILE, text);
    assert.deepEqual(
      refs.map((ref) => [ref.target, ref.targetRange?.start.line, ref.targetRange?.start.character, ref.label]),
      [
        ['test', 4, 16, 'CI: build-push-action in `ci.yml`, job `b` (matrix)'],
        ['prod', 4, 23, 'CI: build-push-action in `ci.yml`, job `b` (matrix)'],
        ['dev', 6, 19, 'CI: build-push-action in `ci.yml`, job `b` (matrix)'],
      ],
    );
  });

  it('ignores other actions, reports broken YAML', () => {
    assert.deepEqual(readGithubWorkflow(FILE, 'jobs:\n  b:\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build .\n').refs, []);
    const broken = readGithubWorkflow(FILE, 'jobs: [\n');
    assert.deepEqual(broken.refs, []);
    assert.match(broken.problems[0].message, /^ci\.yml is not valid YAML/);
  });
});
