import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { composeRefs, extendedFiles, readCompose, type ComposeFile } from '../../../server/src/targets/compose';

const refsOf = (text: string, others: Record<string, string> = {}) => {
  const loaded = new Map<string, ComposeFile>(Object.entries(others).map(([file, source]) => [file, readCompose(file, source)]));
  return composeRefs(readCompose('/ws/compose.yaml', text), (file) => loaded.get(file));
};

describe('compose', () => {
  it('resolves the short form, the context and the Dockerfile as Compose does', () => {
    const { refs } = refsOf(
      'services:\n  a:\n    build: ./app\n  b:\n    build:\n      context: app\n      dockerfile: ../docker/B.Dockerfile\n  c:\n    build:\n      dockerfile: /abs/Dockerfile\n  d:\n    build:\n      dockerfile_inline: FROM alpine\n',
    );
    assert.deepEqual(
      refs.map((ref) => [ref.label, ref.context, ref.dockerfile]),
      [
        ['Compose service `a`', '/ws/app', '/ws/app/Dockerfile'],
        ['Compose service `b`', '/ws/app', '/ws/docker/B.Dockerfile'],
        ['Compose service `c`', '/ws', '/abs/Dockerfile'],
        ['Compose service `d`', '/ws', undefined],
      ],
    );
  });

  it('keeps where a literal target is written, quotes left out; interpolated targets have no place', () => {
    const { refs } = refsOf("services:\n  a:\n    build:\n      target: 'dev'\n  b:\n    build:\n      target: ${T}\n  c:\n    build: {target: prod}\n");
    assert.deepEqual(refs[0].targetRange, { start: { line: 3, character: 15 }, end: { line: 3, character: 18 } });
    assert.equal(refs[0].targetFile, '/ws/compose.yaml');
    assert.equal(refs[1].target, '${T}');
    assert.equal(refs[1].targetRange, undefined);
    assert.deepEqual(refs[2].targetRange, { start: { line: 8, character: 20 }, end: { line: 8, character: 24 } });
  });

  it('merges `extends` of this file and of another, paths relative to the file that declares them', () => {
    const base = 'services:\n  builder:\n    build:\n      context: ../app\n      target: build\n';
    const text =
      'services:\n  x:\n    extends:\n      file: common/base.yml\n      service: builder\n  y:\n    extends: x\n    build:\n      target: test\n  z:\n    extends: z\n';
    assert.deepEqual(extendedFiles(readCompose('/ws/compose.yaml', text)), ['/ws/common/base.yml']);
    const { refs } = refsOf(text, { '/ws/common/base.yml': base });
    assert.deepEqual(
      refs.map((ref) => [ref.label, ref.dockerfile, ref.target, ref.targetFile]),
      [
        ['Compose service `x`', '/ws/app/Dockerfile', 'build', '/ws/common/base.yml'],
        ['Compose service `y`', '/ws/app/Dockerfile', 'test', '/ws/compose.yaml'],
      ],
    );
  });

  it('names profiles, skips remote contexts and services without a build', () => {
    const { refs } = refsOf(
      'services:\n  db:\n    image: postgres\n  t:\n    profiles: [ci, debug]\n    build: .\n  r:\n    build:\n      context: git@github.com:o/r.git\n      target: x\n',
    );
    assert.deepEqual(
      refs.map((ref) => [ref.label, ref.dockerfile]),
      [
        ['Compose service `t` (profiles `ci`, `debug`)', '/ws/Dockerfile'],
        ['Compose service `r`', undefined],
      ],
    );
  });

  it('reports broken YAML with its place and reads nothing from it', () => {
    const file = readCompose('/ws/compose.yaml', 'services:\n  a: [\n');
    assert.equal(file.services.size, 0);
    assert.equal(file.problems.length > 0, true);
    assert.match(file.problems[0].message, /^compose\.yaml is not valid YAML: /);
    // Not a map where one is expected: no services, no problem, no throw.
    assert.equal(readCompose('/ws/compose.yaml', '- 1\n- 2\n').services.size, 0);
    assert.equal(readCompose('/ws/compose.yaml', 'services:\n  a: 3\n  b:\n    build: [1]\n').services.get('a')?.build, undefined);
  });
});
