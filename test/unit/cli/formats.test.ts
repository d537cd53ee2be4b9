/** The output formats: github escaping, junit and json shapes, tty excerpts and colour, SARIF against the official schema. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { escapeData, escapeProperty } from '../../../server/src/cli/formats/github';
import { xmlEscape } from '../../../server/src/cli/formats/junit';
import { excerpt, useColor } from '../../../server/src/cli/formats/tty';
import { rules } from '../../../server/src/features/rules';
import { cli, folder, ERROR_AND_WARNING, CLEAN } from '../../helpers/cli';

/**
 * The OASIS SARIF 2.1.0 schema (rtm.5), as @microsoft/jest-sarif ships it (lib/schemas/). It is
 * draft-04, which ajv 8 does not load; the keywords it uses (type, enum, required, properties,
 * items, minimum, uniqueItems, $ref into #/definitions, default) mean the same in draft-07, so only
 * the header changes: `$schema` goes and `id` becomes `$id`. Formats (uri, date-time) are not checked
 * (no ajv-formats installed). `unicodeRegExp: false`: the schema's `language` pattern has a stray
 * `]` that only non-unicode regular expressions accept.
 */
function sarifSchema(): object {
  let main: string;
  try {
    main = require.resolve('@microsoft/jest-sarif');
  } catch {
    assert.fail('@microsoft/jest-sarif (a devDependency, for its copy of the schema) is not installed: run npm ci');
  }
  const schema = JSON.parse(readFileSync(join(dirname(main), 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  assert.ok(!JSON.stringify(schema).includes('exclusiveM'), 'no keyword whose meaning changed after draft-04');
  const { $schema: _draft, id, ...rest } = schema;
  return { $id: id, ...rest };
}

const root = folder({ Dockerfile: ERROR_AND_WARNING, 'app/clean.Dockerfile': CLEAN, 'odd, name%.Dockerfile': ERROR_AND_WARNING });

test('github escaping: % \\r \\n in messages; also : and , in properties', () => {
  assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
  assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  assert.equal(escapeData('%0A'), '%250A', 'an escape in the text is not read as one');
});

test('--format github: one workflow command per finding, at its position, with escaped properties', async () => {
  const { code, out } = await cli(['lint', '--format', 'github'], root);
  assert.equal(code, 1);
  const lines = out.trimEnd().split('\n');
  const commands = lines.filter((line) => line.startsWith('::'));
  assert.ok(
    commands.includes(
      '::error file=Dockerfile,line=2,col=13,endLine=2,endColumn=18,title=stagecraft later-stage-reference::COPY --from `later`: the stage `Later` (stage 1, line 3) is declared after this one (stage 0). A stage can only use stages declared before it: BuildKit fails the build and the classic builder pulls an image named `later`. Move Later above this one.',
    ),
    commands.join('\n'),
  );
  assert.ok(
    commands.some((line) => line.startsWith('::warning file=odd%2C name%25.Dockerfile,line=3,col=21,')),
    'the file name is escaped',
  );
  assert.ok(
    commands.some((line) => line.startsWith('::notice file=app/clean.Dockerfile,line=1,col=1,')),
    'info findings are notices',
  );
  assert.ok(
    commands.every((line) => /^::(error|warning|notice) file=[^:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=stagecraft [a-z-]+::[^\n\r]+$/.test(line)),
    commands.join('\n'),
  );
});

test('--format junit: one testsuite per file, failures for findings at --fail-on, escaped XML', async () => {
  const { code, out } = await cli(['lint', '--format', 'junit', '--fail-on', 'warning'], root);
  assert.equal(code, 1);
  assert.match(out, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="stagecraft" tests="\d+" failures="4" errors="0">/);
  const suites = [...out.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"/g)].map((m) => [m[1], Number(m[3])]);
  assert.deepEqual(
    suites,
    [
      ['Dockerfile', 2],
      ['odd, name%.Dockerfile', 2],
      ['app/clean.Dockerfile', 0],
    ],
    'the files of a folder by name, then its subfolders',
  );
  assert.equal((out.match(/<failure /g) ?? []).length, 4);
  assert.match(out, /<failure type="error" message="COPY --from `later`/);
  assert.equal(xmlEscape('a<b & "c" \'d\'>\u0001'), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
});

test('--format json: every finding with its file, 1-based position and rule', async () => {
  const { code, out } = await cli(['lint', '--format', 'json', 'Dockerfile'], root);
  assert.equal(code, 1);
  const json = JSON.parse(out);
  assert.equal(json.files, 1);
  assert.deepEqual(
    json.findings.find((f: { rule: string }) => f.rule === 'stage-name-casing'),
    {
      file: 'Dockerfile',
      line: 3,
      column: 21,
      endLine: 3,
      endColumn: 26,
      severity: 'warning',
      rule: 'stage-name-casing',
      message: json.findings.find((f: { rule: string }) => f.rule === 'stage-name-casing').message,
    },
  );
  assert.deepEqual({ error: json.summary.error, warning: json.summary.warning, failing: json.summary.failing }, { error: 1, warning: 1, failing: 1 });
});

test('--format tty: grouped by file, line:col, severity, rule and a caret under the range; colour only when asked for', async () => {
  const { out } = await cli(['lint', 'Dockerfile'], root);
  assert.match(out, /^Dockerfile\n {2}1:21 /);
  assert.match(out, /^ {2}2:13 +error +COPY --from `later`.* later-stage-reference\n +2 \| COPY --from=later \/a \/a\n +\| {13}\^{5}\n/m);
  assert.match(out, /\d+ findings \(1 error, 1 warning, 1 info, 1 hint\) in 1 file\n$/);
  assert.ok(!out.includes('\x1b['), 'no colour when stdout is not a terminal');
  const tty = await cli(['lint', 'Dockerfile'], root, { isTTY: true });
  assert.ok(tty.out.includes('\x1b[31merror'), 'errors in red on a terminal');
  const noColor = await cli(['lint', 'Dockerfile'], root, { isTTY: true, env: { NO_COLOR: '1' } });
  assert.ok(!noColor.out.includes('\x1b['), 'NO_COLOR turns colour off');
  assert.equal(useColor(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.deepEqual(excerpt('\tRUN x', 2, 5), [' RUN x', ' ^^^']);
});

test('--format sarif validates against the SARIF 2.1.0 schema and carries rule metadata and locations', async () => {
  const { code, out } = await cli(['lint', '--format', 'sarif'], root);
  assert.equal(code, 1);
  const log = JSON.parse(out);
  // The OASIS schema (2.1.0 rtm.5) as shipped by @microsoft/jest-sarif; draft-07, ajv's default.
  const schema = sarifSchema();
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const broken = structuredClone(log);
  broken.runs[0].results[0].level = 'info'; // not a SARIF level: the schema must say so
  assert.equal(validate(structuredClone(broken)), false, 'the schema rejects a wrong level');
  const run = log.runs[0];
  assert.equal(log.version, '2.1.0');
  assert.equal(run.tool.driver.name, 'stagecraft');
  assert.deepEqual(
    run.tool.driver.rules.map((r: { id: string }) => r.id),
    rules.map((r) => r.id),
  );
  const casing = run.tool.driver.rules.find((r: { id: string }) => r.id === 'stage-name-casing');
  assert.equal(casing.shortDescription.text, rules.find((r) => r.id === 'stage-name-casing')!.summary);
  assert.match(casing.helpUri, /^file:\/\/.*\/docs\/rules\/stage-name-casing\.md$/);
  const result = run.results.find(
    (r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      r.ruleId === 'later-stage-reference' && r.locations[0].physicalLocation.artifactLocation.uri === 'Dockerfile',
  );
  assert.equal(result.level, 'error');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'later-stage-reference');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 2, startColumn: 13, endLine: 2, endColumn: 18 });
  assert.ok(
    run.results.some(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0].physicalLocation.artifactLocation.uri === 'odd%2C%20name%25.Dockerfile',
    ),
    'file names are URI-encoded',
  );
  assert.equal(run.invocations[0].executionSuccessful, true);
});

test('a SARIF log with a file that cannot be read still validates, and says the run did not succeed', async () => {
  const dir = folder({ Dockerfile: CLEAN, 'bin.Dockerfile': Buffer.from([0x46, 0x52, 0x00, 0x4f]) });
  const { code, out } = await cli(['lint', '--format', 'sarif', 'Dockerfile', 'bin.Dockerfile'], dir);
  assert.equal(code, 2);
  const log = JSON.parse(out);
  const schema = sarifSchema();
  const validate = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
  assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors));
  assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
  assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /^bin\.Dockerfile: a binary file/);
});
