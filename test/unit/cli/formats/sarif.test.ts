/** `--format sarif`: valid against the official SARIF 2.1.0 schema, with rule metadata and locations. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { rules } from '../../../../server/src/features/rules';
import { cli, folder, ERROR_AND_WARNING, CLEAN } from '../../../helpers/cli';

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

test('--format sarif on the 279-file corpus validates, with one result per finding', async () => {
  const corpus = join(__dirname, '..', '..', '..', 'corpus', 'files');
  const files = readdirSync(corpus); // named after their projects, not all "Dockerfile": passed by name
  const sarif = await cli(['lint', '--format', 'sarif', '--fail-on', 'none', ...files], corpus);
  assert.equal(sarif.code, 0, sarif.err);
  const log = JSON.parse(sarif.out);
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(sarifSchema());
  assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const json = JSON.parse((await cli(['lint', '--format', 'json', '--fail-on', 'none', ...files], corpus)).out);
  assert.equal(json.files, 279);
  assert.ok(json.findings.length > 100, `the corpus has findings: ${json.findings.length}`);
  assert.equal(log.runs[0].results.length, json.findings.length);
  const uris = new Set(
    log.runs[0].results.map(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri,
    ),
  );
  assert.ok(uris.size > 40, `results point into many files: ${uris.size}`);
});
