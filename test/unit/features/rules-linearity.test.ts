/**
 * The stage and build-arg rules stay linear on the shapes that would make a naive scope walk
 * quadratic: long chains of `FROM <previous stage>` with variable uses, one huge stage, many self or
 * later references. Measured by counting reads of the model (never by the clock).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { rulesById } from '../../../server/src/features/rules';
import { counting } from '../../helpers/counting';

const RULES = [
  'later-stage-reference',
  'self-reference',
  'from-index-out-of-range',
  'copy-from-index',
  'duplicate-stage-name',
  'reserved-stage-name',
  'stage-name-casing',
  'from-as-casing',
  'unused-stage',
  'undefined-arg-in-from',
  'invalid-default-arg-in-from',
  'global-arg-not-redeclared',
  'undefined-var',
];

const SHAPES: Record<string, (n: number) => string> = {
  'a chain of stages using their own, inherited, global and undefined variables': (n) =>
    [
      'ARG G=1',
      ...Array.from(
        { length: n },
        (_, i) =>
          `FROM ${i ? `s${i - 1}` : 'scratch'} AS s${i}\nARG A${i}\nLABEL x=$A${i} y=$G z=$NOPE${i} w=$A0 v=$A${Math.max(0, i - 3)}\nRUN echo $G $A${i} $TARGETARCH`,
      ),
    ].join('\n'),
  'one huge stage': (n) =>
    [
      'ARG G=1',
      'FROM scratch',
      ...Array.from({ length: n }, (_, i) => `ARG V${i}\nCOPY --from=x${i % 3} /a${i} /b$V${i}\nRUN echo $V${i} $W${i} $G\nENV E${i}=$V${i}`),
    ].join('\n'),
  'stages copying from themselves and past the end': (n) =>
    Array.from({ length: n }, (_, i) => `FROM alpine AS a${i}\nCOPY --from=${i} / /\nCOPY --from=a${i} / /\nCOPY --from=${n + i} / /`).join('\n'),
  'stages using later stages': (n) => Array.from({ length: n }, (_, i) => `FROM t${i + 1} AS t${i}\nCOPY --from=t${i + 1} / /`).join('\n'),
};

for (const [shape, make] of Object.entries(SHAPES)) {
  test(`linear: ${shape}`, () => {
    const small = parseDockerfile(make(150));
    const large = parseDockerfile(make(600));
    const reads = (model: typeof small, id: string) => {
      const counter = { reads: 0 };
      rulesById.get(id)!.check({ uri: 'file:///x', model: counting(model, counter), env: {} });
      return counter.reads;
    };
    for (const id of RULES) {
      const smallReads = reads(small, id);
      const largeReads = reads(large, id);
      assert.ok(largeReads <= smallReads * 4 * 1.5 + 100, `${id}: model reads grew ${smallReads} -> ${largeReads} for 4x the stages`);
    }
  });
}
