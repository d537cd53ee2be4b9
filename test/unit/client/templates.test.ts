import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACKS, detectStacks, dockerignoreFor, markerGlob, matchesMarker, templateBody } from '../../../client/src/templates';

const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'dockerfile.code-snippets'), 'utf8'));

test('every stack has its whole-file template among the snippets, with a test stage and a final stage', () => {
  for (const stack of STACKS) {
    const body = templateBody(snippets, stack);
    assert.ok(body, `${stack.id}: no snippet ${stack.snippet}`);
    assert.match(body, /\bAS test\b/, stack.id);
    assert.match(body, /\bAS final\b/, stack.id);
  }
});

test('stacks are detected from the files a project has, best first', () => {
  const ids = (names: string[]) => detectStacks(names).map((d) => `${d.stack.id}<-${d.because}`);
  assert.deepEqual(ids(['README.md', 'go.mod', 'main.go']), ['go<-go.mod', 'go-distroless<-go.mod']);
  assert.deepEqual(ids(['Api.csproj']), ['dotnet<-Api.csproj', 'dotnet-aot<-Api.csproj']);
  assert.deepEqual(ids(['requirements.txt']), ['python<-requirements.txt']);
  assert.deepEqual(ids(['build.gradle.kts']), ['java-gradle<-build.gradle.kts']);
  assert.deepEqual(
    ids(['pom.xml', 'package.json']).map((s) => s.split('<-')[0]),
    ['node', 'static-web', 'java-maven'],
  );
  assert.deepEqual(ids(['Cargo.toml']), ['rust<-Cargo.toml']);
  assert.deepEqual(ids(['notes.txt']), []);
});

test('markers: exact names and *.ext, and one glob for all of them', () => {
  assert.ok(matchesMarker('App.csproj', '*.csproj'));
  assert.ok(!matchesMarker('.csproj', '*.csproj'));
  assert.ok(!matchesMarker('go.mod.bak', 'go.mod'));
  assert.match(markerGlob(), /^\*\*\/\{.*go\.mod.*\*\.csproj.*\}$/);
});

test('the .dockerignore keeps .git and secrets out, plus what the stack builds', () => {
  for (const stack of STACKS) {
    const text = dockerignoreFor(stack);
    for (const line of ['.git', '.env']) assert.ok(text.split('\n').includes(line), `${stack.id}: ${line}`);
  }
  assert.ok(dockerignoreFor(STACKS.find((s) => s.id === 'node')!).includes('node_modules/'));
  assert.ok(dockerignoreFor(STACKS.find((s) => s.id === 'rust')!).includes('target/'));
});
