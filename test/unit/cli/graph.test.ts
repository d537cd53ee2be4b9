/** `stagecraft graph`: nodes and edges by kind, as DOT and as Mermaid, on a small Dockerfile. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, folder, FIVE_STAGES } from '../../helpers/cli';

const dir = folder({ Dockerfile: FIVE_STAGES });

test('graph --format dot: stages, images, one edge per use and kind (FROM solid, others dashed)', async () => {
  const { code, out } = await cli(['graph', 'Dockerfile'], dir);
  assert.equal(code, 0);
  assert.equal(
    out,
    [
      'digraph stages {',
      '  rankdir=LR;',
      '  node [shape=box];',
      '  s0 [label="deps"];',
      '  s1 [label="build"];',
      '  s2 [label="lint"];',
      '  s3 [label="test"];',
      '  s4 [label="final", peripheries=2];',
      '  i0 [label="docker.io/library/golang:1.22", shape=ellipse, style=dashed];',
      '  i1 [label="docker.io/library/alpine:3.20", shape=ellipse, style=dashed];',
      '  i0 -> s0 [label="FROM"];',
      '  s0 -> s1 [label="FROM"];',
      '  s0 -> s1 [label="RUN --mount from", style=dashed];',
      '  s0 -> s2 [label="FROM"];',
      '  s0 -> s3 [label="FROM"];',
      '  s1 -> s3 [label="COPY --from", style=dashed];',
      '  i1 -> s4 [label="FROM"];',
      '  s1 -> s4 [label="COPY --from", style=dashed];',
      '}',
      '',
    ].join('\n'),
  );
});

test('graph --format mermaid: the same graph as a flowchart', async () => {
  const { out } = await cli(['graph', 'Dockerfile', '--format', 'mermaid'], dir);
  const lines = out.trimEnd().split('\n');
  assert.equal(lines[0], 'flowchart LR');
  assert.ok(lines.includes('  i0(["docker.io/library/golang:1.22"])'));
  assert.ok(lines.includes('  s0 -.->|"RUN --mount from"| s1'));
  assert.ok(lines.includes('  s1 -.->|"COPY --from"| s4'));
  assert.equal(lines.filter((l) => l.includes('-->') || l.includes('-.->')).length, 8);
});
