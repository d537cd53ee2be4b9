/**
 * The syntax errors BuildKit raises while it converts a stage it builds (phase 3 in
 * analysis/syntax.ts), which the differential test cannot see (it stops at a missing target): each
 * file here is a `FROM scratch` stage really built by the engine's BuildKit (nothing to pull, no step
 * to run). Stagecraft reports an error exactly when the build fails. Cases that the engine's 20.10
 * BuildKit reads differently from today's are not here; analysis/syntax.ts follows today's source for
 * those: `COPY --chmod=999` (20.10 ignores a mode that is not octal, today's BuildKit fails with
 * `invalid chmod parameter`), symbolic `--chmod=u+x` (newer), mount options (20.10 checks them while
 * parsing: the differential test compares those).
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { syntaxErrors } from '../../server/src/analysis/syntax';
import { engine, type Engine } from './engine';
import { engineVerdict } from './parseOracle';

let module: Engine;
before(async () => {
  module = await engine();
});

const CASES: [string, boolean][] = [
  ['EXPOSE 80 443/udp 8000-8010/tcp', false],
  ['EXPOSE 80/http', true],
  ['EXPOSE 70000', true],
  ['EXPOSE 90-80', true],
  ['STOPSIGNAL SIGTERM', false],
  ['STOPSIGNAL 9', false],
  ['STOPSIGNAL SIGTERMINATE', true],
  ['COPY --chmod=644 Dockerfile /x', false],
  ['COPY http://example.invalid/a /x', true],
];

for (const [line, rejected] of CASES) {
  test(`FROM scratch + ${line}: ${rejected ? 'the build fails, and we report it' : 'it builds, and we report nothing'}`, async () => {
    const text = `FROM scratch AS out\n${line}\n`;
    const verdict = await engineVerdict(module.socket, text, 'out');
    const ours = syntaxErrors(parseDockerfile(text));
    assert.equal(!verdict.parsed, rejected, `engine: ${verdict.message}`);
    assert.deepEqual(
      ours.map((error) => error.range.start.line + 1),
      rejected ? [2] : [],
      `engine: ${verdict.message}; ours: ${ours.map((error) => error.message).join('; ')}`,
    );
  });
}
