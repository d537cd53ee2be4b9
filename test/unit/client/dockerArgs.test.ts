import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  ArgumentError,
  STAGE_NAME,
  acrArgs,
  buildArgs,
  builderEnv,
  expandTag,
  nameComponent,
  isImageTag,
  listContainersArgs,
  listImagesArgs,
  runArgs,
  tagDate,
} from '../../../client/src/dockerArgs';

const spec = { dockerfile: '/w/app/Dockerfile', target: 'final', tag: 'app:final', context: '/w/app' };

test('buildArgs: target, file, tag, label, build args, platform, extra args, context last', () => {
  assert.deepEqual(
    buildArgs({ ...spec, buildArgs: { GO_VERSION: '1.22', MSG: 'a b' }, platform: 'linux/arm64', extraArgs: ['--no-cache', '--progress=plain'] }),
    [
      'build',
      '--target',
      'final',
      '-f',
      '/w/app/Dockerfile',
      '-t',
      'app:final',
      '--label',
      'dev.stagecraft.managed=true',
      '--build-arg',
      'GO_VERSION=1.22',
      '--build-arg',
      'MSG=a b',
      '--platform',
      'linux/arm64',
      '--no-cache',
      '--progress=plain',
      '/w/app',
    ],
  );
  assert.deepEqual(buildArgs({ ...spec, target: undefined }), [
    'build',
    '-f',
    '/w/app/Dockerfile',
    '-t',
    'app:final',
    '--label',
    'dev.stagecraft.managed=true',
    '/w/app',
  ]);
});

test('buildArgs: hostile paths and build-arg values stay single arguments; hostile names are refused', () => {
  const dockerfile = "/w/it's $(rm -rf ~)/Dockerfile; touch x";
  const args = buildArgs({ dockerfile, tag: 'app:final', context: '/w/a b\nc', buildArgs: { A: '`id`; $(id) "q" \'s\'\nnext' } });
  assert.equal(args[args.indexOf('-f') + 1], dockerfile);
  assert.equal(args[args.length - 1], '/w/a b\nc');
  assert.ok(args.includes('A=`id`; $(id) "q" \'s\'\nnext'));
  for (const target of ['a b', 'a;b', '$(id)', '`id`', 'x\ny', '-rf', '--output=/']) assert.throws(() => buildArgs({ ...spec, target }), ArgumentError, target);
  for (const tag of ['App:1', 'a b', 'a;b', '$(id)', '-t', 'a:b:c']) assert.throws(() => buildArgs({ ...spec, tag }), ArgumentError, tag);
  assert.throws(() => buildArgs({ ...spec, buildArgs: { 'A;B': '1' } }), ArgumentError);
  assert.throws(() => buildArgs({ ...spec, buildArgs: { '--x': '1' } }), ArgumentError);
  assert.throws(() => buildArgs({ ...spec, context: '-o=/tmp' }), ArgumentError, 'a relative context could be read as an option');
  assert.throws(() => buildArgs({ ...spec, dockerfile: 'Dockerfile' }), ArgumentError);
});

test('runArgs: --rm, label, -P or the mappings, then the image and the app arguments', () => {
  assert.deepEqual(runArgs({ tag: 'app:final' }), ['run', '--rm', '-i', '-t', '--label', 'dev.stagecraft.managed=true', '-P', 'app:final']);
  assert.deepEqual(runArgs({ tag: 'app:final', ports: ['8080:8080', '127.0.0.1:9000:9000/udp'], args: ['--port', '8080', '$(id)'], tty: false }), [
    'run',
    '--rm',
    '-i',
    '--label',
    'dev.stagecraft.managed=true',
    '-p',
    '8080:8080',
    '-p',
    '127.0.0.1:9000:9000/udp',
    'app:final',
    '--port',
    '8080',
    '$(id)',
  ]);
  for (const port of ['80; id', '--privileged', 'abc', '8080:80 -v /:/host'])
    assert.throws(() => runArgs({ tag: 'app:1', ports: [port] }), ArgumentError, port);
});

test('acrArgs: every flag of `az acr build`, the Dockerfile relative to the context', () => {
  assert.deepEqual(acrArgs({ ...spec, registry: 'myregistry', buildArgs: { V: '1' }, platform: 'linux' }), [
    'acr',
    'build',
    '--registry',
    'myregistry',
    '--image',
    'app:final',
    '--target',
    'final',
    '--file',
    'Dockerfile',
    '--build-arg',
    'V=1',
    '--platform',
    'linux',
    '/w/app',
  ]);
  assert.deepEqual(acrArgs({ dockerfile: '/w/app/docker/prod.Dockerfile', tag: 'app:latest', context: '/w', registry: 'myregistry.azurecr.io' }), [
    'acr',
    'build',
    '--registry',
    'myregistry',
    '--image',
    'app:latest',
    '--file',
    'app/docker/prod.Dockerfile',
    '/w',
  ]);
  assert.throws(() => acrArgs({ ...spec, context: '/elsewhere', registry: 'myregistry' }), /outside/);
  for (const registry of ['my reg', 'ab', 'r;id', '$(id)x']) assert.throws(() => acrArgs({ ...spec, registry }), ArgumentError, registry);
});

test('clean-up lists by the label; builder environments', () => {
  assert.deepEqual(listContainersArgs, ['ps', '--all', '--quiet', '--filter', 'label=dev.stagecraft.managed=true']);
  assert.deepEqual(listImagesArgs, ['image', 'ls', '--quiet', '--no-trunc', '--filter', 'label=dev.stagecraft.managed=true']);
  assert.deepEqual(builderEnv('buildkit'), { DOCKER_BUILDKIT: '1' });
  assert.deepEqual(builderEnv('classic'), { DOCKER_BUILDKIT: '0' });
  assert.deepEqual(builderEnv('auto'), {});
});

test('STAGE_NAME accepts BuildKit stage names and refuses anything a shell would read', () => {
  for (const ok of ['build', 'Build-1', 'a.b_c']) assert.ok(STAGE_NAME.test(ok), ok);
  for (const bad of ['', '1st', '-x', 'a b', 'a;b', '$(x)', 'a`b`', 'build\n']) assert.ok(!STAGE_NAME.test(bad), JSON.stringify(bad));
});

const vars = {
  workspaceFolderBasename: 'My Project',
  dockerfileFolderBasename: 'go-app',
  stage: 'final',
  gitSha: 'abc1234',
  date: new Date(Date.UTC(2026, 10, 26, 9, 34, 5)),
};

test('tag templates: the default, ${gitSha}, ${date}, and names made valid', () => {
  assert.deepEqual(expandTag('${workspaceFolderBasename}:${stage}', vars), { tag: 'my-project:final' });
  assert.deepEqual(expandTag('${dockerfileFolderBasename}:${stage}-${gitSha}', vars), { tag: 'go-app:final-abc1234' });
  assert.deepEqual(expandTag('registry.local:5000/team/${dockerfileFolderBasename}:${date}', vars), { tag: 'registry.local:5000/team/go-app:20261126-093405' });
  assert.deepEqual(expandTag('${dockerfileFolderBasename}:${gitSha}', { ...vars, gitSha: undefined }), { tag: 'go-app:nogit' });
  assert.deepEqual(expandTag('${dockerfileFolderBasename}', vars), { tag: 'go-app' });
  assert.deepEqual(expandTag('$(touch x)/${stage}:a b;c', vars), { tag: 'touch-x/final:a-b-c' });
  const hostile = expandTag('${workspaceFolderBasename}:${stage}', { ...vars, workspaceFolderBasename: "x'; touch /tmp/p; `id` $(id)", stage: 'x$(id)' });
  assert.ok('tag' in hostile && isImageTag(hostile.tag), JSON.stringify(hostile));
  assert.deepEqual(hostile, { tag: 'x-touch/tmp/p-id-id:x-id-' });
  assert.match((expandTag('${nope}:${stage}', vars) as { error: string }).error, /unknown variable \$\{nope\}/);
  assert.deepEqual(expandTag('${workspaceFolderBasename}/${dockerfilePath}:${stage}', { ...vars, dockerfilePath: 'go-app' }), {
    tag: 'my-project/go-app:final',
  });
  assert.deepEqual(expandTag('${workspaceFolderBasename}/${dockerfilePath}:${stage}', vars), { tag: 'my-project:final' });
  assert.equal(tagDate(vars.date), '20261126-093405');
});

test('a registry host comes from the template text only, never from a folder name', () => {
  const dotted = { ...vars, workspaceFolderBasename: 'my.site', dockerfilePath: 'web' };
  assert.deepEqual(expandTag('${workspaceFolderBasename}/${dockerfilePath}:${stage}', dotted), { tag: 'my-site/web:final' });
  assert.deepEqual(expandTag('${workspaceFolderBasename}:${stage}', dotted), { tag: 'my.site:final' });
  assert.deepEqual(expandTag('registry.local/${dockerfilePath}:${stage}', dotted), { tag: 'registry.local/web:final' });
  assert.deepEqual(expandTag('localhost:5000/${workspaceFolderBasename}/${dockerfilePath}', dotted), { tag: 'localhost:5000/my.site/web' });
  // A port in the template's first part: the template names a host, whatever the variable in it.
  assert.deepEqual(expandTag('${workspaceFolderBasename}:5000/x', dotted), { tag: 'my.site:5000/x' });
});

test('nameComponent: accents dropped, lower case, separators only between alphanumerics', () => {
  assert.equal(nameComponent('Café Über'), 'cafe-uber');
  assert.equal(nameComponent('..hidden'), 'hidden');
  assert.equal(nameComponent('a__b..c--d'), 'a__b-c-d');
  assert.equal(nameComponent('日本'), '');
});

test('isImageTag follows docker reference rules', () => {
  for (const ok of ['app', 'app:1', 'a/b/c:v1.0_x', 'localhost:5000/app:1', 'my-app.x:latest']) assert.ok(isImageTag(ok), ok);
  for (const bad of ['App', 'app:', ':1', 'a//b', '-a', 'a:' + 'x'.repeat(129), 'a b', 'a:$(x)']) assert.ok(!isImageTag(bad), bad);
});
