/**
 * Quiet stages (skipped by sliced validation) really get nothing from dockerfile-utils: every quiet
 * stage of the corpus and the large files is validated here, and each check of dockerfile-utils that
 * a stage could trip has a case that must not be called quiet.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { stageSlice, type SlicePlan } from '../../../server/src/analysis/slices';
import { baseline } from '../../../server/src/features/context';
import { planFor, runToEnd, SliceCache, validateSliced } from '../../../server/src/features/sliced';

const corpus = join(__dirname, '..', '..', 'corpus');
const DUPLICATE_BUILD_STAGE_NAME = 10;

/** The plan of a text (sliced even when small) with its quiet stages. */
function planOf(text: string) {
  const sliced = planFor(parseDockerfile(text), text, 0);
  assert.ok(sliced, 'the text can be sliced');
  assert.ok(sliced.plan.quiet, 'quiet stages are worked out with the plan');
  return { ...sliced, quiet: sliced.plan.quiet };
}

/** What dockerfile-utils finds in stage `index`'s own lines (the check across stages aside). */
function findings(text: string, index: number): unknown[] {
  const { plan, offsets } = planOf(text);
  return findingsIn(text, offsets, plan, index);
}

function findingsIn(text: string, offsets: number[], plan: SlicePlan, index: number): unknown[] {
  const slice = stageSlice(text, offsets, plan, index);
  const [start, end] = plan.chunks[index];
  return baseline().validate(slice.text).filter((diagnostic) => {
    const line = slice.toFile(diagnostic.range.start.line);
    return diagnostic.code !== DUPLICATE_BUILD_STAGE_NAME && line !== undefined && line >= start && line < end;
  });
}

test('every quiet stage of the corpus and the large files validates clean; most stages of the large files are quiet', () => {
  const files = [
    ...readdirSync(join(corpus, 'files')).map((name) => join(corpus, 'files', name)),
    ...['1k', '10k', '50k'].map((size) => join(corpus, 'large', `large_${size}.Dockerfile`)),
  ];
  let quietCount = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const sliced = planFor(parseDockerfile(text), text, 0);
    if (!sliced) continue;
    const { plan, offsets } = sliced;
    const large = file.includes('large_');
    const quiet = plan.quiet ?? [];
    if (large) assert.ok(quiet.filter(Boolean).length >= 0.7 * quiet.length, `${file}: ${quiet.filter(Boolean).length} of ${quiet.length} quiet`);
    for (let index = 0; index < quiet.length; index++) {
      if (!quiet[index]) continue;
      quietCount++;
      const [start, end] = plan.chunks[index];
      assert.deepEqual(findingsIn(text, offsets, plan, index), [], `${file}, stage ${index} (lines ${start + 1}-${end})`);
    }
  }
  assert.ok(quietCount > 3000, `${quietCount} quiet stages checked`);
});

test('the first stage is never quiet (its slice reports the prelude), nor any with a backtick escape', () => {
  assert.equal(planOf('FROM alpine AS a\nRUN true\nFROM alpine AS b\nRUN true\n').quiet[0], false);
  const escaped = '# escape=`\nFROM alpine AS a\nRUN true\nFROM alpine AS b\nRUN true\n';
  assert.deepEqual(planOf(escaped).quiet, [false, false]);
});

test('a sliced run that skips quiet stages equals one that validates them', () => {
  const text = readFileSync(join(corpus, 'large', 'large_10k.Dockerfile'), 'utf8');
  const { plan } = planOf(text);
  const skipping = runToEnd(validateSliced(text, plan, new SliceCache()));
  const all = runToEnd(validateSliced(text, { ...plan, quiet: undefined }, new SliceCache()));
  const sorted = (items: unknown[]) => items.map((item) => JSON.stringify(item)).sort();
  assert.deepEqual(sorted(skipping), sorted(all));
  assert.ok(all.length > 0, `${all.length} diagnostics`);
});

const PRELUDE = 'ARG BASE=alpine\nARG NOVALUE\nFROM alpine AS first\nRUN true\n\n';
const stage = (body: string) => `${PRELUDE}# the stage\nFROM alpine AS second\n${body}\n`;

// Stages that read plainly and that dockerfile-utils passes: these must be quiet (else the skip is gone).
const clean: string[] = [
  'RUN apt-get update && \\\n    apt-get install -y curl \\\n# a comment inside\n    && rm -rf /var/lib/apt/lists/*',
  'RUN echo "it\'s" [fine] \\\n  && printf "%s\\n" x',
  'CMD ["node", "server.js"]\nENTRYPOINT ["/bin/sh", "-c"]',
  'ENV A=1 B="two words" C=\'x\' D=$A E=${B}\nENV LEGACY value with words\nLABEL org.title="A title" version=1',
  'ARG X\nARG Y=1\nARG Z="quoted value"',
  'WORKDIR /app\nWORKDIR $HOME\nUSER node\nVOLUME /data\nVOLUME ["/a", "/b"]\nEXPOSE 80 443/tcp 53/udp 8000-8010',
  'COPY --from=first --chown=1:1 --chmod=755 --link a b\nCOPY a b c ./dir/\nCOPY ["a", "b"]\nCOPY ["a", "b", "dir/"]\nADD --keep-git-dir=true "https://example.com/x.git#v1" .\nADD --checksum=sha256:abc --link x /y',
  'ONBUILD RUN make\nONBUILD ARG UID=1000\nSTOPSIGNAL SIGTERM',
  'RUN <<EOF\napt-get update\n\n  apt-get install -y git   \nEOF\nRUN cat <<-END > /etc/x.conf\n\tkey=${A:-x}\nEND\nRUN <<EOF\nEOF',
  'COPY --chmod=755 <<EOF /entrypoint.sh\n#!/bin/sh\n\nexec /app "$HOME"\nEOF',
  'ARG TARGETOS TARGETARCH\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  'RUN --mount=type=cache,target=/root/.cache \\\n    --mount=type=bind,target=. <<EOT\n  set -e\n\n  make\nEOT',
];

// One or more checks of dockerfile-utils each: the stage must not be quiet, and the baseline must
// really flag it (so each case tests a rule of the certification, not a typo).
const flagged: [string, string][] = [
  ['lower-case keyword', 'run true'],
  ['empty continuation line', 'RUN a \\\n\n    b'],
  ['JSON in single quotes (CMD)', "CMD ['a', 'b']"],
  ['JSON in single quotes (RUN)', "RUN ['a']"],
  ['JSON in single quotes (VOLUME)', "VOLUME ['/a']"],
  ['ENTRYPOINT without arguments', 'ENTRYPOINT'],
  ['two CMDs', 'CMD a\nCMD b'],
  ['two ENTRYPOINTs', 'ENTRYPOINT a\nENTRYPOINT b'],
  ['relative WORKDIR', 'WORKDIR app'],
  ['USER without arguments', 'USER'],
  ['ENV with one word', 'ENV A'],
  ['ENV pair without =', 'ENV A=1 B'],
  ['ENV with an open quote', 'ENV A="x'],
  ['ENV value after a closing quote', 'ENV A="x"y'],
  ['ENV with a modifier', 'ENV A=${B:x}'],
  ['LABEL without a name', 'LABEL ="x"'],
  ['LABEL with a quoted name', 'LABEL "a=b"'],
  ['ARG with a single open quote', "ARG A='x"],
  ['EXPOSE of a word', 'EXPOSE http'],
  ['EXPOSE with a bad protocol', 'EXPOSE 80/tcpx'],
  ['COPY of one argument', 'COPY a'],
  ['COPY to a file from many', 'COPY a b c'],
  ['COPY JSON to a file from many', 'COPY ["a", "b", "c"]'],
  ['COPY with an unknown flag', 'COPY --foo=1 a b'],
  ['COPY flag without a value', 'COPY --chown a b'],
  ['COPY with a flag twice', 'COPY --from=first --from=first a b'],
  ['COPY --from starting with a dash', 'COPY --from=-x a b'],
  ['COPY --link not boolean', 'COPY --link=maybe a b'],
  ['ADD --from', 'ADD --from=first a b'],
  ['FROM with a bad tag', 'RUN true\nFROM alpine:-bad AS third'],
  ['FROM with a bad stage name', 'RUN true\nFROM alpine AS 1st'],
  ['FROM with two arguments', 'RUN true\nFROM alpine AS'],
  ['FROM with an unknown flag', 'RUN true\nFROM --foo=1 alpine'],
  ['FROM --platform without a value', 'RUN true\nFROM --platform alpine'],
  ['FROM an undeclared variable', 'RUN true\nFROM $UNDECLARED AS third'],
  ['FROM with a bad digest', 'RUN true\nFROM alpine@sha256 AS third'],
  ['ONBUILD FROM', 'ONBUILD FROM alpine'],
  ['ONBUILD ONBUILD', 'ONBUILD ONBUILD RUN x'],
  ['ONBUILD lower-case trigger', 'ONBUILD run x'],
  ['ONBUILD trigger with a relative WORKDIR', 'ONBUILD WORKDIR rel'],
  ['ONBUILD with a modifier', 'ONBUILD RUN echo ${A:x}'],
  ['STOPSIGNAL of a word', 'STOPSIGNAL abc'],
  ['MAINTAINER', 'MAINTAINER me'],
  ['HEALTHCHECK without a command', 'HEALTHCHECK CMD'],
  ['unknown instruction', 'FOO bar'],
  ['COPY of a heredoc without a destination', 'COPY <<EOF\nx\nEOF'],
  ['SHELL not in JSON', 'SHELL /bin/sh -c'],
  ['SHELL of an empty array', 'SHELL []'],
  // Found in review (by fuzzing against dockerfile-utils):
  ['a RUN argument holding -- (read as a flag) before JSON', "RUN a-- ['--'] --f"],
  ['a COPY argument holding -- (read as a flag)', 'COPY x-- --chown a/'],
  ['a COPY argument holding -- before an unknown flag', 'COPY a--b --foo c d/'],
  ['an upper-case COPY flag', 'COPY --FROM=first a b'],
  ['an upper-case ADD flag', 'ADD --CHOWN=1 a b'],
  ['a continuation gluing COPY arguments', 'COPY a\\\nb/'],
  ['a continuation gluing FROM arguments', 'RUN true\nFROM alpine AS\\\nx'],
  ['a continuation gluing an EXPOSE port', 'EXPOSE 80/tcp\\\n80'],
  ['a comment line inside COPY JSON', 'COPY ["a", \\\n# c\n "b", "c/"]'],
  ['a comment line inside an ENV quote', 'ENV A="x \\\n# it"s\n y"'],
  ['a comment line inside SHELL JSON', 'SHELL ["a", \\\n# c\n "b"]'],
  ['an escaped blank before RUN JSON', "RUN \\ ['x']"],
  ['an escaped blank before a line end', 'RUN a \\ \\\n b'],
  ['ENV value of another quote inside quotes', 'ENV A="\'x"'],
  ['ARG value of another quote inside quotes', "ARG A='\"'"],
  ['a heredoc glued to a word (no heredoc to dockerfile-ast)', 'RUN x<<EOF\napk update\nEOF'],
  ['a heredoc glued to a bracket', 'RUN [<<EOF\nset -ex\nEOF'],
  ['an empty line before a heredoc opened on a later line', 'RUN --mount=type=cache,target=/x \\\n\n  <<EOT\nset -e\nEOT'],
  ['two heredocs, the second on a later line', 'COPY <<A \\\n  <<B /dst/\nx\nA\ny\nB'],
];

test('plain stages that dockerfile-utils passes are quiet', () => {
  for (const body of clean) {
    const text = stage(body);
    assert.deepEqual(findings(text, 1), [], body);
    assert.equal(planOf(text).quiet[1], true, body);
  }
  const declared = `${PRELUDE}FROM $BASE AS b\nRUN true\nFROM \${NOVALUE} AS c\nFROM --platform=$BUILDPLATFORM golang:1.22 AS d\n`;
  assert.deepEqual(planOf(declared).quiet.slice(1), [true, true, true]);
});

test('FROM $NAME: a global ARG of several names defines none of them for dockerfile-utils', () => {
  const text = 'ARG A B\nFROM alpine AS first\nRUN true\nFROM $A AS second\nRUN true\n';
  assert.notDeepEqual(findings(text, 1), []);
  assert.equal(planOf(text).quiet[1], false);
});

test('a stage that dockerfile-utils flags is never quiet', () => {
  for (const [what, body] of flagged) {
    const text = stage(body);
    const quiet = planOf(text).quiet;
    const index = quiet.length - 1;
    assert.notDeepEqual(findings(text, index), [], `${what}: the baseline flags it`);
    assert.equal(quiet[index], false, what);
  }
});
