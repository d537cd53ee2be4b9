import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { STAGE_NAME, buildArgs, imageTag } from '../../../client/src/dockerArgs';

test('imageTag is a valid lower-case reference named after the folder and target', () => {
  assert.equal(imageTag('/home/me/Go App/Dockerfile', 'Build'), 'stagecraft/go-app:build');
  assert.equal(imageTag('/x/Dockerfile'), 'stagecraft/x:latest');
  assert.equal(imageTag('/$(rm -rf ~)/Dockerfile', 'final'), 'stagecraft/rm-rf:final');
  assert.match(imageTag('/!!!/Dockerfile', '...'), /^stagecraft\/app:latest$/);
});

test('buildArgs passes every value as its own argument', () => {
  const args = buildArgs({ dockerfile: '/a b/Dockerfile; rm -rf /', target: 'build', tag: 't:1', context: '/a b' });
  assert.deepEqual(args, ['build', '--target', 'build', '-f', '/a b/Dockerfile; rm -rf /', '-t', 't:1', '/a b']);
  assert.deepEqual(buildArgs({ dockerfile: '/d/Dockerfile', tag: 't', context: '/d' }), ['build', '-f', '/d/Dockerfile', '-t', 't', '/d']);
  assert.deepEqual(buildArgs({ dockerfile: '/d/Dockerfile', tag: 't', context: '/d', buildArgs: { BASE_IMAGE: 'local/busybox:1', X: 'a b; $(y)' } }),
    ['build', '--build-arg', 'BASE_IMAGE=local/busybox:1', '--build-arg', 'X=a b; $(y)', '-f', '/d/Dockerfile', '-t', 't', '/d']);
});

test('STAGE_NAME accepts BuildKit stage names and refuses anything a shell would read', () => {
  for (const ok of ['build', 'Build-1', 'a.b_c']) assert.ok(STAGE_NAME.test(ok), ok);
  for (const bad of ['', '1st', '-x', 'a b', 'a;b', '$(x)', 'a`b`', 'build\n']) assert.ok(!STAGE_NAME.test(bad), JSON.stringify(bad));
});
