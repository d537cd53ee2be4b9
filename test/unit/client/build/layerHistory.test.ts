import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseImageNames, parseHistory, readImageLayers } from '../../../../client/src/build/layerHistory';
import { buildPlan } from '../../../../server/src/features/buildPlan';
import { contextOf, URI } from '../../../helpers/context';

test('docker image history lines: CreatedBy and the size in bytes, newest first; anything else is no history', () => {
  const stdout = [
    '{"Comment":"buildkit.dockerfile.v0","CreatedBy":"COPY /right /right # buildkit","ID":"sha256:83cb","Size":"16"}',
    '{"Comment":"Imported from -","CreatedBy":"","ID":"\\u003cmissing\\u003e","Size":"1985581"}',
    '',
  ].join('\n');
  assert.deepEqual(parseHistory(stdout), [
    { createdBy: 'COPY /right /right # buildkit', size: 16 },
    { createdBy: '', size: 1985581 },
  ]);
  assert.deepEqual(parseHistory('{"CreatedBy":"x","Size":7}\n'), [{ createdBy: 'x', size: 7 }]);
  assert.equal(parseHistory('{"CreatedBy":"x","Size":"7.8MB"}'), undefined, 'a human size is no byte count');
  assert.equal(parseHistory('not json'), undefined);
  assert.equal(parseHistory('{"Size":"1"}'), undefined);
  assert.deepEqual(parseHistory(''), []);
});

const plan = (text: string, target?: string) => buildPlan(contextOf(text), { uri: URI, target });

test('the base image to read: the FROM the target’s chain starts at, as written and resolved; [] for scratch', () => {
  const text = 'FROM alpine:3.20 AS base\nRUN x\nFROM golang:1.22 AS build\nFROM base AS final\nCOPY --from=build /a /a\n';
  assert.deepEqual(baseImageNames(plan(text)), ['alpine:3.20', 'docker.io/library/alpine:3.20']);
  assert.deepEqual(baseImageNames(plan(text, 'build')), ['golang:1.22', 'docker.io/library/golang:1.22']);
  assert.deepEqual(baseImageNames(plan('FROM scratch AS a\nFROM a\n')), []);
  assert.equal(baseImageNames(plan('ARG BASE\nFROM $BASE\n')), undefined, 'an unresolved base is not looked up');
  assert.deepEqual(baseImageNames(plan('ARG V=3.20\nFROM alpine:$V\n')), ['docker.io/library/alpine:3.20'], 'a name with a variable by its resolved name only');
});

test('sizes and histories are read from the engine the build went to: --context= on every docker call', async (t) => {
  if (process.platform === 'win32') return t.skip('a #! script stands in for docker');
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-layers-'));
  try {
    const log = join(dir, 'calls.jsonl');
    const docker = join(dir, 'docker');
    writeFileSync(
      docker,
      `#!${process.execPath}\n` +
        'const args = process.argv.slice(2);\n' +
        `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');\n` +
        "process.stdout.write(args.includes('inspect') ? '1234' : JSON.stringify({ CreatedBy: 'RUN x', Size: 5 }));\n",
    );
    chmodSync(docker, 0o755);
    const layers = await readImageLayers(docker, 'app:final', plan('FROM alpine:3.20\nRUN x\n'), process.env, { context: 'build-box' });
    assert.equal(layers?.size, 1234);
    assert.equal(layers?.baseImage, 'alpine:3.20');
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
    assert.equal(calls.length, 3, 'size, history, base history');
    for (const call of calls) assert.equal(call[0], '--context=build-box', call.join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
