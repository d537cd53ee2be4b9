/**
 * Differential test of the syntax errors against the real engine's parser: seeded mutants of the
 * corpus's real Dockerfiles (test/corpus/files) go to the engine's BuildKit one API call each, with a
 * target no file has (BuildKit reads the whole file, then stops: nothing is pulled or run), four at a
 * time. Stagecraft must report an error exactly when BuildKit rejects the file, and on the line
 * BuildKit names (when it names one).
 *
 * The engine is Debian's 20.10 (BuildKit v0.8 frontend), older than today's BuildKit, which is what
 * analysis/syntax.ts follows. Mutants that meet a difference are left out, each with its reason:
 *  - heredocs (`<<EOF` in RUN/COPY/ADD): 20.10 reads them as shell text, BuildKit 1.4+ as heredocs;
 *  - flags added after 20.10 (`--link`, `--parents`, `--exclude`, `ADD --checksum/--keep-git-dir/--unpack`,
 *    `RUN --network/--security/--device`, `HEALTHCHECK --start-interval`, mount `env=`): unknown there;
 *  - `# check=` directives (unknown to 20.10, which then stops reading directives);
 *  - `RUN --mount=…,from=$VAR`: rejected while parsing by today's BuildKit, accepted by 20.10;
 *  - a file with no FROM: today's BuildKit says `dockerfile contains no stages to build`, 20.10 only
 *    that the target is missing;
 *  - platform errors: 20.10 parses an empty `--platform` value and fails with its own message, today's
 *    BuildKit says `empty platform value`; both reject the file, so these are compared, not left out;
 *  - `COPY --chmod`, `COPY` of a URL and `COPY --from=$VAR` errors, which BuildKit raises while it
 *    converts the stages of the target (after the target check this test stops at).
 * And one difference is counted the other way: `RUN --mount` option errors are parse errors in 20.10,
 * and in today's BuildKit errors of the stage's conversion: both stop the build, so both count.
 * `# syntax=` lines are removed before the call (the engine cannot fetch a frontend image) and the
 * engine's line numbers mapped back.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../server/src/analysis/parse';
import type { DockerfileModel } from '../../server/src/analysis/model';
import { firstError, syntaxErrors, type SyntaxError } from '../../server/src/analysis/syntax';
import { engine, type Engine } from './engine';
import { mutants, type Mutant } from './mutations';
import { engineVerdict, type Verdict } from './parseOracle';

const corpus = join(__dirname, '..', 'corpus', 'files');
const PER_FILE = Number(process.env.STAGECRAFT_MUTANTS_PER_FILE ?? 10);
const SEED = 20261206;
const CONCURRENCY = 4;
const NEWER_FLAGS: Record<string, string[]> = {
  COPY: ['link', 'parents', 'exclude'],
  ADD: ['link', 'exclude', 'checksum', 'keep-git-dir', 'unpack'],
  RUN: ['network', 'security', 'device'],
  HEALTHCHECK: ['start-interval'],
};

let module: Engine;
before(async () => {
  module = await engine();
});
after(() => {
  /* engine.ts releases the engine */
});

/** Why BuildKit 0.8 (the engine) and today's BuildKit read this file differently, or undefined. */
export function exclusion(model: DockerfileModel, errors: SyntaxError[]): string | undefined {
  if (model.directives.check !== undefined) return '# check= directive';
  for (const instruction of model.instructions) {
    if (instruction.heredocs.length) return 'heredoc';
    const keyword = instruction.keyword === 'ONBUILD' ? instruction.args[0]?.value.toUpperCase() : instruction.keyword;
    const words =
      instruction.keyword === 'ONBUILD'
        ? instruction.args.map((w) => w.value)
        : [...instruction.flags.map((f) => `--${f.name}=${f.value ?? ''}`), ...instruction.args.map((w) => w.value)];
    if (instruction.keyword === 'ONBUILD' && words.some((w) => w.includes('<<'))) return 'heredoc';
    for (const word of words) {
      const flag = /^--([a-z-]+)/.exec(word)?.[1];
      if (flag && NEWER_FLAGS[keyword ?? '']?.includes(flag)) return `--${flag} (newer than 20.10)`;
      if (/^--mount=/.test(word) && /(^|,)env=/.test(word)) return 'mount env= (newer than 20.10)';
    }
    if (['RUN', 'COPY', 'ADD'].includes(keyword ?? '') && words.some((w) => /<</.test(w))) return 'heredoc';
  }
  if (errors.some((error) => error.phase === 3 && !error.mount)) return 'error at stage conversion';
  const first = firstError(errors.filter((error) => error.phase <= 2 || error.mount));
  if (first?.message.startsWith("'from' doesn't support variable expansion")) return 'mount from=$VAR (rejected since 20.10)';
  if (first?.message === 'dockerfile contains no stages to build') return 'no FROM (checked since 20.10)';
  return undefined;
}

/** The file sent to the engine: without `# syntax=` (which would fetch an image); `removed` is that line (0-based) or -1. */
function forEngine(text: string, model: DockerfileModel): { text: string; removed: number } {
  const range = model.directives.ranges.syntax;
  if (!range) return { text, removed: -1 };
  const lines = text.split('\n');
  lines.splice(range.start.line, 1);
  return { text: lines.join('\n'), removed: range.start.line };
}

/** The 1-based line of the instruction an error is in (BuildKit names an instruction by its first line). */
function instructionLine(model: DockerfileModel, error: SyntaxError): number {
  const line = error.range.start.line;
  for (const instruction of model.instructions) {
    if (instruction.range.start.line <= line && line <= instruction.range.end.line) return instruction.range.start.line + 1;
  }
  return line + 1;
}

interface Outcome {
  mutant: Mutant;
  verdict: Verdict;
  ours?: SyntaxError;
  oursLine?: number;
  engineLine?: number;
  agree: boolean;
}

async function judge(mutant: Mutant, model: DockerfileModel, errors: SyntaxError[]): Promise<Outcome> {
  const { text, removed } = forEngine(mutant.text, model);
  const verdict = await engineVerdict(module.socket, text);
  const counted = errors.filter((error) => error.phase <= 2 || error.mount);
  const ours = firstError(counted);
  const engineLine = verdict.line === undefined ? undefined : verdict.line + (removed >= 0 && verdict.line > removed ? 1 : 0);
  const oursLine = ours && instructionLine(model, ours);
  const agree = verdict.parsed === !ours && (verdict.parsed || engineLine === undefined || engineLine === oursLine);
  return { mutant, verdict, ours, oursLine, engineLine, agree };
}

test("syntax errors agree with the engine's BuildKit parser on mutants of the corpus", { timeout: 60 * 60_000 }, async (t) => {
  const files = readdirSync(corpus)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(corpus, name), 'utf8') }));
  const all = mutants(files, PER_FILE, SEED);
  const excluded = new Map<string, number>();
  const queue: { mutant: Mutant; model: DockerfileModel; errors: SyntaxError[] }[] = [];
  for (const mutant of all) {
    const model = parseDockerfile(mutant.text);
    const errors = syntaxErrors(model);
    const reason = exclusion(model, errors);
    if (reason) excluded.set(reason, (excluded.get(reason) ?? 0) + 1);
    else queue.push({ mutant, model, errors });
  }
  const started = Date.now();
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < queue.length) {
        const item = queue[next++];
        outcomes.push(await judge(item.mutant, item.model, item.errors));
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const rejected = outcomes.filter((o) => !o.verdict.parsed).length;
  const withLine = outcomes.filter((o) => o.engineLine !== undefined).length;
  const disagree = outcomes.filter((o) => !o.agree);
  t.diagnostic(
    `${all.length} mutants of ${files.length} files (seed ${SEED}); excluded ${all.length - queue.length}: ${[...excluded].map(([r, n]) => `${r} ${n}`).join(', ')}`,
  );
  t.diagnostic(
    `${outcomes.length} sent to the engine in ${seconds.toFixed(1)} s (${CONCURRENCY} at a time, ${((seconds * 1000) / outcomes.length).toFixed(0)} ms a file): engine rejected ${rejected} (${withLine} with a line), read ${outcomes.length - rejected}; agreement ${outcomes.length - disagree.length}/${outcomes.length}`,
  );
  const report = disagree
    .slice(0, 25)
    .map(
      (o) =>
        `${o.mutant.source} [${o.mutant.edits.join('; ')}]\n  engine: ${o.verdict.parsed ? 'read it' : `line ${o.engineLine ?? '-'}: ${o.verdict.message.replace(/^.*LLB definition: /, '')}`}\n  ours:   ${o.ours ? `line ${o.oursLine}: ${o.ours.message}` : 'no error'}`,
    );
  assert.ok(outcomes.length >= 2000, `only ${outcomes.length} mutants were compared`);
  assert.ok(
    rejected > outcomes.length / 4 && rejected < (outcomes.length * 3) / 4,
    `the mutants should be a mix of valid and invalid files: ${rejected} rejected`,
  );
  assert.equal(disagree.length, 0, `${disagree.length} disagreements:\n${report.join('\n')}`);
});
