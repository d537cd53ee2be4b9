import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { entryKeyword, imagePrints, mapLayers, type BuiltImage, type LayerMapping } from '../../../server/src/analysis/layers';
import { expectJsonAt } from '../../helpers/context';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'layers');
const text = readFileSync(join(fixtures, 'sample', 'Dockerfile'), 'utf8');
const model = parseDockerfile(text);
const target = model.defaultTarget!;
/** Histories recorded from the engine (test/engine/layerSizes.test.ts with RECORD_LAYERS=1). */
const recorded = (builder: 'buildkit' | 'classic'): BuiltImage => JSON.parse(readFileSync(join(fixtures, `sample.${builder}.json`), 'utf8'));

/** `line: KEYWORD size` for each mapped step (1-based lines). */
const steps = (mapping: LayerMapping) =>
  mapping.mapped
    ? mapping.steps.map((step) => `${model.stages[step.stage].instructions[step.instruction].range.start.line + 1}: ${step.keyword} ${step.size}`)
    : mapping.reason;

test('BuildKit history: every instruction of base and final but FROM and ONBUILD, top down to the base image', () => {
  const mapping = mapLayers(model, target, recorded('buildkit'));
  expectJsonAt(join(fixtures, 'sample.buildkit.expected.json'), mapping);
  assert.deepEqual(steps(mapping), [
    '2: WORKDIR 0',
    '3: ENV 0',
    '4: ARG 0',
    '5: RUN 200000',
    '11: LABEL 0',
    '12: COPY 50000',
    '13: COPY 3000',
    '15: EXPOSE 0',
    '16: USER 0',
    '17: CMD 0',
  ]);
  assert.ok(mapping.mapped);
  assert.deepEqual(mapping.base, { image: 'local/busybox:1', size: 1985581 });
  assert.equal(mapping.total, 1985581 + 200000 + 50000 + 3000);
});

test('classic history: the same instructions plus ONBUILD, read from `#(nop)` entries and the RUN command', () => {
  const mapping = mapLayers(model, target, recorded('classic'));
  expectJsonAt(join(fixtures, 'sample.classic.expected.json'), mapping);
  assert.deepEqual(steps(mapping), [
    '2: WORKDIR 0',
    '3: ENV 0',
    '4: ARG 0',
    '5: RUN 200000',
    '11: LABEL 0',
    '12: COPY 50000',
    '13: COPY 3000',
    '14: ONBUILD 0',
    '15: EXPOSE 0',
    '16: USER 0',
    '17: CMD 0',
  ]);
});

test('a history read with the other builder’s kinds, one entry short or over another base is "unmapped", never a guess', () => {
  const buildkit = recorded('buildkit');
  const classic = recorded('classic');
  const reason = (image: BuiltImage) => {
    const mapping = mapLayers(model, target, image);
    assert.equal(mapping.mapped, false);
    return mapping.mapped ? '' : mapping.reason;
  };
  assert.match(reason({ ...buildkit, builder: 'classic' }), /history entries/, 'classic expects an ONBUILD entry');
  assert.match(reason({ ...classic, builder: 'buildkit' }), /history entries/);
  const swapped = [...buildkit.history];
  [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
  assert.match(reason({ ...buildkit, history: swapped }), /entry 4 does not name data.txt, which line 13 does/, 'two COPYs swapped: same kinds, same count');
  const classicSwapped = [...classic.history];
  [classicSwapped[4], classicSwapped[5]] = [classicSwapped[5], classicSwapped[4]];
  assert.match(reason({ ...classic, history: classicSwapped }), /does not name data.txt/);
  const wrongKind = buildkit.history.map((entry, i) => (i === 1 ? { ...entry, createdBy: 'ENV X=1' } : entry));
  assert.match(reason({ ...buildkit, history: wrongKind }), /written by ENV, line 16 is USER/);
  const short = buildkit.history.filter((entry) => entry.createdBy !== 'ENV GREETING=hello');
  assert.match(reason({ ...buildkit, history: short }), /the image has 10 history entries; the base has 1 and the instructions account for 10 more/);
  assert.match(reason({ ...buildkit, baseHistory: [{ createdBy: '', size: 5 }] }), /not the base image's/);
  assert.match(reason({ ...buildkit, baseHistory: undefined }), /history of the base image local\/busybox:1 could not be read/);
  assert.match(reason({ ...buildkit, size: buildkit.size + 1 }), /add up to 2238581 bytes, the image to 2238582/);
});

test('FROM scratch: no base entries; an unknown base or target is unmapped', () => {
  const scratch = parseDockerfile('FROM scratch\nCOPY app /app\nCMD ["/app"]\n');
  const history = [
    { createdBy: 'CMD ["/app"]', size: 0 },
    { createdBy: 'COPY app /app # buildkit', size: 10 },
  ];
  const mapping = mapLayers(scratch, 0, { builder: 'buildkit', history, size: 10 });
  assert.deepEqual(mapping.mapped && [mapping.base, mapping.steps.map((s) => [s.keyword, s.size])], [
    { image: undefined, size: 0 },
    [
      ['COPY', 10],
      ['CMD', 0],
    ],
  ]);
  const unresolved = parseDockerfile('ARG BASE\nFROM $BASE\nRUN x\n');
  assert.match((mapLayers(unresolved, 0, { builder: 'buildkit', history, size: 10 }) as { reason: string }).reason, /is not known/);
  assert.equal(mapLayers(scratch, 5, { builder: 'buildkit', history, size: 10 }).mapped, false);
});

test('entry keywords: BuildKit names the instruction; the classic builder marks all but RUN with #(nop)', () => {
  assert.equal(entryKeyword('RUN |1 A=b /bin/sh -c make # buildkit', 'buildkit'), 'RUN');
  assert.equal(entryKeyword('WORKDIR /app', 'buildkit'), 'WORKDIR');
  assert.equal(entryKeyword('', 'buildkit'), undefined);
  assert.equal(entryKeyword('/bin/sh -c #(nop)  ENV A=b', 'classic'), 'ENV');
  assert.equal(entryKeyword('/bin/bash -o pipefail -c #(nop) COPY dir:abc in /src ', 'classic'), 'COPY');
  assert.equal(entryKeyword('/bin/sh -c apk add curl', 'classic'), 'RUN');
  assert.equal(entryKeyword('echo exec form', 'classic'), 'RUN');
});

test('fingerprints follow the text of the image’s instructions: an edit elsewhere keeps them, one in the chain changes them', () => {
  const prints = imagePrints(model, target);
  assert.equal(prints.length, 5 + 8);
  assert.deepEqual(imagePrints(parseDockerfile(text.replace('head -c 50000', 'head -c 60000')), target), prints, 'the build stage is not in the image');
  assert.notDeepEqual(imagePrints(parseDockerfile(text.replace('BLOB=200000', 'BLOB=1')), target), prints);
  assert.deepEqual(imagePrints(parseDockerfile(`# a comment\n${text}`), target), prints, 'lines moved, same instructions');
});
