/** The package-manager table: which commands are installs, and which cache directories each writes. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { runCommands } from '../../../server/src/analysis/commands';
import { PACKAGE_MANAGERS, CACHE_VARIABLES, verb } from '../../../server/src/analysis/packageManagers';

/** `manager: word [dirs]` for every install of a one-command RUN. */
function installs(script: string, keepsDebs = false): string[] {
  const [command] = runCommands(parseDockerfile(`FROM x\nRUN ${script}\n`).stages[0].instructions[1]);
  return PACKAGE_MANAGERS.flatMap((manager) => {
    const install = manager.install(command, keepsDebs);
    return install ? [`${manager.id}: ${install.word.value} [${install.dirs.map((d) => d.paths[0]).join(' ')}]`] : [];
  });
}

test('installs are recognised after options and their values', () => {
  assert.deepEqual(installs('apt-get -o Acquire::Retries=3 update'), ['apt: update [/var/lib/apt/lists]']);
  assert.deepEqual(installs('apt-get install -y curl'), [], 'the .deb files are removed by docker-clean');
  assert.deepEqual(installs('apt-get install -y curl', true), ['apt: install [/var/cache/apt]']);
  assert.deepEqual(installs('dnf --setopt install_weak_deps=False -y install x'), ['dnf: install [/var/cache/dnf]']);
  assert.deepEqual(installs('microdnf module install -y nodejs:20'), ['dnf: install [/var/cache/yum]']);
  assert.deepEqual(installs('dnf5 install -y x'), ['dnf: install [/var/cache/libdnf5]']);
  assert.deepEqual(installs('zypper -n --gpg-auto-import-keys ref'), ['zypper: ref [/var/cache/zypp]']);
  assert.deepEqual(installs('python3.12 -m pip install x'), ['pip: install [~/.cache/pip]']);
  assert.deepEqual(installs('uv pip install x'), ['uv: install [~/.cache/uv]']);
  assert.deepEqual(installs('yarn --frozen-lockfile'), ['yarn: yarn [/usr/local/share/.cache/yarn]']);
  assert.deepEqual(installs('go mod download'), ['go: download [/go/pkg/mod]']);
  assert.deepEqual(installs('go build ./...'), ['go: build [/go/pkg/mod ~/.cache/go-build]']);
  assert.deepEqual(installs('bundle install'), ['gem: install [/usr/local/bundle/cache]']);
});

test('not installs: other subcommands, version checks, look-alike names', () => {
  for (const script of [
    'apt-get remove x',
    'apk info',
    'yarn --version',
    'yarn build',
    'npm run build',
    'pipx install x',
    'notdnf install x',
    'go version',
    'go mod tidy',
    'cargo --version',
  ])
    assert.deepEqual(installs(script), [], script);
});

test('verb skips the values of valued options; the variables the table reads', () => {
  const [command] = runCommands(parseDockerfile('FROM x\nRUN apt-get -c /etc/apt.conf update\n').stages[0].instructions[1]);
  assert.equal(verb(command)?.word.value, '/etc/apt.conf');
  assert.equal(verb(command, 1, new Set(['-c']))?.word.value, 'update');
  for (const name of [
    'PIP_NO_CACHE_DIR',
    'PIP_CACHE_DIR',
    'GOPATH',
    'GOCACHE',
    'GOMODCACHE',
    'YARN_CACHE_FOLDER',
    'PNPM_HOME',
    'CARGO_HOME',
    'GEM_HOME',
    'UV_NO_CACHE',
  ])
    assert.ok(CACHE_VARIABLES.has(name), name);
});
