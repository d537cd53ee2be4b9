import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MAX_USES, buildKitOnlyUses } from '../../../server/src/analysis/buildkitOnly';
import { parseDockerfile } from '../../../server/src/analysis/parse';

const uses = (text: string, stages?: number[]) => {
  const model = parseDockerfile(text);
  return buildKitOnlyUses(model, stages ?? model.stages.map((s) => s.index)).map((u) => `${u.line}: ${u.feature}`);
};

test('RUN flags, COPY/ADD flags beyond --from and --chown, heredocs and automatic platform ARGs in FROM', () => {
  const text = [
    'FROM --platform=$BUILDPLATFORM golang AS build', // 0
    'RUN --mount=type=cache,target=/root/.cache go build', // 1
    'RUN --network=none true', // 2
    'COPY --link --chmod=755 a /a', // 3
    'ADD --checksum=sha256:abc https://example.org/x /x', // 4
    'RUN <<EOF', // 5
    'echo hi',
    'EOF',
    'FROM alpine:$TARGETARCH', // 8
    'COPY --from=build --chown=1:1 /out /out', // 9
    'RUN echo plain', // 10
  ].join('\n');
  assert.deepEqual(uses(text), [
    '0: $BUILDPLATFORM in FROM',
    '1: RUN --mount',
    '2: RUN --network',
    '3: COPY --link',
    '3: COPY --chmod',
    '4: ADD --checksum',
    '5: a heredoc (<<EOF)',
    '8: $TARGETARCH in FROM',
  ]);
});

test('near misses: what the classic builder builds is not listed, nor are stages outside the list', () => {
  assert.deepEqual(uses('FROM alpine AS a\nCOPY --from=a --chown=1 x y\nADD --chown=1 x y\nRUN echo plain\n'), []);
  assert.deepEqual(uses('ARG TARGETARCH=amd64\nFROM alpine:$TARGETARCH\nFROM busybox:${BUILDARCH:-amd64}\n'), [], 'a default of its own');
  assert.deepEqual(uses('FROM a AS one\nRUN true\nFROM b AS two\nRUN --mount=type=tmpfs,target=/t true\n', [0]), []);
  assert.deepEqual(uses('FROM a\nRUN --mount=type=tmpfs,target=/t true\n', [0, 5]), ['1: RUN --mount'], 'indexes past the end are ignored');
});

test('the list is cut at MAX_USES', () => {
  const text = ['FROM a', ...Array.from({ length: MAX_USES + 5 }, () => 'RUN --mount=type=tmpfs,target=/t true')].join('\n');
  assert.equal(uses(text).length, MAX_USES);
});
