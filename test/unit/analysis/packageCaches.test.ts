/** What a RUN leaves: mounts cover only what they hold, clean-ups count only after the install, variables move caches. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { runCommands } from '../../../server/src/analysis/commands';
import { leftCaches, removesDockerClean } from '../../../server/src/analysis/packageCaches';

function left(run: string, env: Record<string, string> = {}, home: string | undefined = '/root', keepsDebs = false): string[] {
  const instruction = parseDockerfile(`FROM x\n${run}\n`).stages[0].instructions[1];
  return leftCaches(instruction, { env: new Map(Object.entries(env)), keepsDebs, home }).map((l) => `${l.text}: ${l.dirs.map((d) => d.path).join(' ')}`);
}

test('mounts: cache and tmpfs, on the directory or a folder holding it; bind mounts do not count', () => {
  assert.deepEqual(left('RUN --mount=type=cache,target=/var/cache/apt apt-get update'), ['apt-get update: /var/lib/apt/lists']);
  assert.deepEqual(left('RUN --mount=type=tmpfs,target=/var/lib/apt apt-get update'), []);
  assert.deepEqual(left('RUN --mount=type=bind,target=/var/lib/apt/lists apt-get update'), ['apt-get update: /var/lib/apt/lists']);
  assert.deepEqual(left('RUN --mount=type=cache,dst=/root/.cache pip install x'), []);
  assert.deepEqual(left('RUN --mount=type=cache,target=/home/app/.cache/pip pip install x', {}, '/home/app'), []);
  assert.deepEqual(left('RUN --mount=type=cache,target=/go/pkg/mod go build .'), ['go build: ~/.cache/go-build']);
});

test('clean-ups: after the install only; rm of the folder, a part of it, its variable; not of / or /var', () => {
  assert.deepEqual(left('RUN rm -rf /var/lib/apt/lists/* && apt-get update'), ['apt-get update: /var/lib/apt/lists']);
  assert.deepEqual(left('RUN apt-get update && rm -rf "/var/lib/apt/lists/"'), []);
  assert.deepEqual(left('RUN apk add x && rm -rf /var/cache/*'), []);
  assert.deepEqual(left('RUN apk add x && rm -rf /var/*'), ['apk add: /var/cache/apk']);
  assert.deepEqual(left('RUN npm ci && rm -rf $HOME/.npm'), []);
  assert.deepEqual(left('RUN npm ci && rm -rf /root/.npm/_cacache'), []);
  assert.deepEqual(left('RUN poetry install && rm -rf "${POETRY_CACHE_DIR}"'), []);
  assert.deepEqual(left('RUN yarn && find /usr/local/share/.cache/yarn -delete'), []);
});

test('variables: a moved cache is looked for where it is; PIP_NO_CACHE_DIR set to anything turns pip off', () => {
  assert.deepEqual(left('RUN go build .', { GOPATH: '/work', GOCACHE: '/tmp/gocache' }), ['go build: /work/pkg/mod /tmp/gocache']);
  assert.deepEqual(left('RUN --mount=type=cache,target=/cache npm ci', { npm_config_cache: '/cache' }), []);
  assert.deepEqual(left('RUN pip install x', { PIP_NO_CACHE_DIR: 'false' }), []);
  assert.deepEqual(left('RUN PIP_CACHE_DIR=/tmp/pip pip install x'), ['pip install: /tmp/pip']);
  assert.deepEqual(left('RUN uv sync', { UV_NO_CACHE: '1' }), []);
});

test('apt keeps .deb files once docker-clean is gone, in this RUN or an earlier one', () => {
  assert.deepEqual(left('RUN apt-get install -y x'), []);
  assert.deepEqual(left('RUN apt-get install -y x', {}, '/root', true), ['apt-get install: /var/cache/apt']);
  assert.deepEqual(left('RUN rm -f /etc/apt/apt.conf.d/docker-clean && apt-get install -y x && apt-get clean'), []);
  assert.deepEqual(left('RUN rm -f /etc/apt/apt.conf.d/docker-clean && apt-get install -y x'), ['apt-get install: /var/cache/apt']);
  const run = parseDockerfile('FROM x\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n').stages[0].instructions[1];
  assert.ok(removesDockerClean(runCommands(run)));
});
