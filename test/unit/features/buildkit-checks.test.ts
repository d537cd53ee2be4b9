/**
 * BuildKit's own check tests, run against our rules: every case in test/fixtures/buildkit-checks/
 * (taken from moby/buildkit's dockerfile_check_test.go, see SOURCES.md there) lists the warnings
 * BuildKit's lint request reports: check name, line and message. For every check one of our rules
 * mirrors (`buildkit: 'Name'`), the rule must report exactly those: each expected warning on its
 * line with BuildKit's message, and nothing else. Checks no rule mirrors are left out of the
 * comparison (the summary names the mirrored ones). A `<case>.env.json` adds to the rule environment
 * what BuildKit learnt outside the Dockerfile (the platforms of a base image it resolved).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../../server/src/features/rules';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import type { RuleEnvironment } from '../../../server/src/features/rules/rule';
import { contextOf } from '../../helpers/context';

const folder = join(__dirname, '..', '..', 'fixtures', 'buildkit-checks');
const cases = readdirSync(folder)
  .filter((f) => f.endsWith('.Dockerfile'))
  .map((f) => f.slice(0, -'.Dockerfile'.length))
  .sort();
const checkOf = new Map(rules.filter((r) => r.buildkit).map((r) => [r.id, r.buildkit!]));
const covered = new Set(checkOf.values());

interface Warning {
  check: string;
  line: number;
  message: string;
}
interface Expected {
  buildArgs?: Record<string, string>;
  buildError: boolean;
  warnings: Warning[];
}

/**
 * Cases where a covered check still differs from BuildKit, each with the reason. The test asserts
 * they still differ, so fixing one means removing it here.
 */
const KNOWN: Record<string, string> = {};

const key = (w: Warning) => `${w.check}@${w.line}: ${w.message}`;

function run(name: string): { expected: string[]; actual: string[] } {
  const text = readFileSync(join(folder, `${name}.Dockerfile`), 'utf8');
  const spec: Expected = JSON.parse(readFileSync(join(folder, `${name}.expected.json`), 'utf8'));
  const ignoreFile = join(folder, `${name}.dockerignore`);
  const envFile = join(folder, `${name}.env.json`);
  const env: RuleEnvironment = {
    dockerignore: {
      contextUri: 'file:///work/',
      uri: 'file:///work/.dockerignore',
      text: existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : undefined,
    },
    ...(existsSync(envFile) ? JSON.parse(readFileSync(envFile, 'utf8')) : {}),
  };
  const context = { ...contextOf(text, { buildArgs: spec.buildArgs ?? {} }), env };
  const found = ruleDiagnostics(context, env, (rule, error) => {
    throw new Error(`rule ${rule} threw: ${error}`);
  });
  const actual = found
    .filter((d) => checkOf.has(String(d.code)))
    .map((d) => ({ check: checkOf.get(String(d.code))!, line: d.range.start.line + 1, message: String(d.message) }));
  const sort = (list: Warning[]) => list.map(key).sort();
  return { expected: sort(spec.warnings.filter((w) => covered.has(w.check))), actual: sort(actual) };
}

for (const name of cases) {
  test(`BuildKit check case ${name}`, () => {
    const { expected, actual } = run(name);
    if (KNOWN[name]) assert.notDeepEqual(actual, expected, `${name} now matches BuildKit: remove it from KNOWN`);
    else assert.deepEqual(actual, expected);
  });
}

test("the fixtures are BuildKit's 88 cases with 69 expected warnings; the count our rules match", (t) => {
  assert.equal(cases.length, 88);
  let total = 0;
  let matched = 0;
  let coveredTotal = 0;
  for (const name of cases) {
    const spec: Expected = JSON.parse(readFileSync(join(folder, `${name}.expected.json`), 'utf8'));
    total += spec.warnings.length;
    if (!KNOWN[name]) coveredTotal += spec.warnings.filter((w) => covered.has(w.check)).length;
    const actual = run(name).actual;
    for (const w of spec.warnings) {
      const at = actual.indexOf(key(w));
      if (at >= 0) {
        matched++;
        actual.splice(at, 1);
      }
    }
  }
  assert.equal(total, 69);
  assert.ok(matched >= coveredTotal, `every expected warning of a mirrored check outside KNOWN is matched (${matched} < ${coveredTotal})`);
  t.diagnostic(`${matched} of ${total} expected warnings reported on their line with BuildKit's message; checks mirrored: ${[...covered].sort().join(', ')}`);
});
