import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readDevcontainer } from '../../../server/src/targets/devcontainer';

const FILE = '/ws/.devcontainer/devcontainer.json';

describe('devcontainer', () => {
  it('resolves build.dockerfile and build.context against the file’s folder, comments and trailing commas allowed', () => {
    const { refs, problems } = readDevcontainer(FILE, '{\n  // c\n  "build": { "dockerfile": "../Dockerfile", "context": "..", "target": "dev", },\n}\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(refs, [
      {
        kind: 'devcontainer',
        file: FILE,
        label: 'Dev Container',
        context: '/ws',
        dockerfile: '/ws/Dockerfile',
        target: 'dev',
        targetRange: { start: { line: 2, character: 72 }, end: { line: 2, character: 75 } },
        targetFile: FILE,
      },
    ]);
  });

  it('defaults the context to the file’s folder and reads the older top-level dockerFile', () => {
    const [ref] = readDevcontainer(FILE, '{ "dockerFile": "Dockerfile" }').refs;
    assert.equal(ref.context, '/ws/.devcontainer');
    assert.equal(ref.dockerfile, '/ws/.devcontainer/Dockerfile');
    assert.equal(ref.target, undefined);
  });

  it('has nothing for an image or Compose configuration, and no place for an escaped target', () => {
    assert.deepEqual(readDevcontainer(FILE, '{ "image": "mcr.microsoft.com/devcontainers/base" }').refs, []);
    assert.deepEqual(readDevcontainer(FILE, '{ "dockerComposeFile": "../compose.yaml", "service": "app" }').refs, []);
    const [ref] = readDevcontainer(FILE, '{ "build": { "dockerfile": "D", "target": "d\\u0065v" } }').refs;
    assert.equal(ref.target, 'dev');
    assert.equal(ref.targetRange, undefined);
  });

  it('says where broken JSON is', () => {
    const { refs, problems } = readDevcontainer(FILE, '{\n  "build": { "dockerfile": \n}\n');
    assert.deepEqual(refs, []);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^devcontainer\.json is not valid JSON with comments: /);
    assert.equal(problems[0].range.start.line, 2);
    assert.match(readDevcontainer(FILE, '').problems[0].message, /not valid JSON/);
  });
});
