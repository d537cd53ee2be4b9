/**
 * Every rule, driven by its fixtures in test/fixtures/rules/<id>/:
 *   bad.Dockerfile      triggers the rule; what it reports is in bad.expected.json
 *   good.Dockerfile     the near miss: the rule reports nothing
 *   bad.fixed.Dockerfile the text after the first quick fix for the first finding
 *   bad.fixed.dockerignore (when that fix creates or edits the .dockerignore) its text after the fix
 *   *.env.json          (optional) the RuleEnvironment (e.g. a .dockerignore) for that fixture
 * and its contract: a docs page, a contributed setting whose default is the rule's, a code that is its id.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { rules } from '../../../server/src/features/rules';
import { SEVERITIES, type RuleEnvironment } from '../../../server/src/features/rules/rule';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { codeActions } from '../../../server/src/features/codeAction';
import { URI, contextOf, expectJsonAt } from '../../helpers/context';

const root = join(__dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'rules');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const at = (r: Diagnostic['range']) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const severityName = (s: Diagnostic['severity']) => ['', 'error', 'warning', 'information', 'hint'][s ?? 0];

function load(id: string, name: string): { text: string; env: RuleEnvironment } {
  const text = readFileSync(join(fixtures, id, `${name}.Dockerfile`), 'utf8');
  const envFile = join(fixtures, id, `${name}.env.json`);
  return { text, env: existsSync(envFile) ? JSON.parse(readFileSync(envFile, 'utf8')) : {} };
}

function findings(id: string, text: string, env: RuleEnvironment) {
  const context = { ...contextOf(text), env };
  const all = ruleDiagnostics(context, env, (rule, error) => {
    throw new Error(`rule ${rule} threw: ${error}`);
  });
  return { context, mine: all.filter((d) => d.code === id) };
}

test('every rule has a fixture folder, and every fixture folder a rule', () => {
  assert.deepEqual(readdirSync(fixtures).sort(), rules.map((r) => r.id).sort());
});

for (const rule of rules) {
  test(`${rule.id}: bad.Dockerfile reports what bad.expected.json says`, () => {
    const { text, env } = load(rule.id, 'bad');
    const { mine } = findings(rule.id, text, env);
    assert.ok(mine.length > 0, 'the bad fixture must trigger the rule');
    for (const d of mine) {
      assert.equal(d.source, 'stagecraft');
      assert.match(d.codeDescription!.href, new RegExp(`^file:.*/docs/rules/${rule.id}\\.md$`));
    }
    expectJsonAt(
      join(fixtures, rule.id, 'bad.expected.json'),
      mine.map((d) => ({ range: at(d.range), severity: severityName(d.severity), message: d.message })),
    );
  });

  test(`${rule.id}: good.Dockerfile (the near miss) reports nothing`, () => {
    const { text, env } = load(rule.id, 'good');
    assert.deepEqual(
      findings(rule.id, text, env).mine.map((d) => `${at(d.range)} ${d.message}`),
      [],
    );
  });

  test(`${rule.id}: the first quick fix gives bad.fixed.Dockerfile and removes that finding`, () => {
    const { text, env } = load(rule.id, 'bad');
    const { context, mine } = findings(rule.id, text, env);
    const first = mine[0];
    const actions = codeActions(context, { textDocument: { uri: URI }, range: first.range, context: { diagnostics: [first] } }) as CodeAction[];
    const action = actions.find((a) => a.diagnostics?.includes(first));
    assert.ok(action?.edit, `no quick fix for ${JSON.stringify(first)}`);
    let after = text;
    if (action.edit.changes?.[URI]) after = TextDocument.applyEdits(context.document, action.edit.changes[URI]);
    // The .dockerignore a fix creates or edits: applied to the environment's copy of it.
    const ignoreUri = env.dockerignore?.uri;
    let ignoreText = env.dockerignore?.text;
    const ignoreEdits = (edits: unknown) => {
      ignoreText = TextDocument.applyEdits(TextDocument.create(ignoreUri!, 'ignore', 1, ignoreText ?? ''), edits as never);
    };
    for (const change of action.edit.documentChanges ?? []) {
      if ('kind' in change) {
        assert.ok(change.kind === 'create' && change.uri === ignoreUri, `unexpected resource change ${JSON.stringify(change)}`);
        ignoreText ??= '';
      } else if (change.textDocument.uri === URI) {
        after = TextDocument.applyEdits(TextDocument.create(URI, 'dockerfile', 1, after), change.edits as never);
      } else {
        assert.equal(change.textDocument.uri, ignoreUri, 'a fix edits only the Dockerfile and its .dockerignore');
        assert.ok(ignoreText !== undefined, 'an edit of a .dockerignore that does not exist');
        ignoreEdits(change.edits);
      }
    }
    if (ignoreUri && action.edit.changes?.[ignoreUri]) ignoreEdits(action.edit.changes[ignoreUri]);
    const expectedFile = join(fixtures, rule.id, 'bad.fixed.Dockerfile');
    assert.ok(existsSync(expectedFile), `${expectedFile} is missing (the text after "${action.title}")`);
    assert.equal(after, readFileSync(expectedFile, 'utf8'), `after "${action.title}"`);
    if (ignoreText !== env.dockerignore?.text) {
      const expectedIgnore = join(fixtures, rule.id, 'bad.fixed.dockerignore');
      assert.ok(existsSync(expectedIgnore), `${expectedIgnore} is missing (the .dockerignore after "${action.title}")`);
      assert.equal(ignoreText, readFileSync(expectedIgnore, 'utf8'), `.dockerignore after "${action.title}"`);
    }
    const fixedEnv: RuleEnvironment = env.dockerignore ? { dockerignore: { ...env.dockerignore, text: ignoreText } } : env;
    const remaining = findings(rule.id, after, fixedEnv).mine;
    assert.ok(!remaining.some((d) => d.message === first.message && at(d.range) === at(first.range)), `"${action.title}" left the finding: ${first.message}`);
    if (ignoreText !== env.dockerignore?.text)
      assert.deepEqual(
        remaining.map((d) => d.message),
        [],
        'the .dockerignore the fix wrote satisfies the rule',
      );
  });

  test(`${rule.id}: docs page, setting and suppression comment`, () => {
    const page = join(root, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `${page} is missing`);
    const doc = readFileSync(page, 'utf8');
    for (const heading of ['## Why', '## Bad', '## Good', '## Suppress']) assert.ok(doc.includes(heading), `${page} lacks "${heading}"`);
    assert.ok(doc.startsWith(`# ${rule.id}`), `${page} must start with "# ${rule.id}"`);
    if (rule.buildkit)
      assert.ok(doc.replace(/\s+/g, ' ').includes(`BuildKit check \`${rule.buildkit}\``), `${page} must say "BuildKit check \`${rule.buildkit}\`"`);
    const setting = manifest.contributes.configuration.properties[`stagecraft.diagnostics.${rule.id}`];
    assert.ok(setting, `package.json lacks stagecraft.diagnostics.${rule.id}`);
    assert.equal(setting.default, rule.defaultSeverity);
    assert.deepEqual(setting.enum, [...SEVERITIES]);
    const { text, env } = load(rule.id, 'bad');
    const ignored = findings(rule.id, `# stagecraft-ignore-file ${rule.id}\n${text}`, env).mine;
    assert.deepEqual(ignored, [], 'stagecraft-ignore-file must silence the rule');
    const off = ruleDiagnostics({ ...contextOf(text, { diagnostics: { [rule.id]: 'off' } }), env }, env).filter((d) => d.code === rule.id);
    assert.deepEqual(off, [], 'severity "off" must silence the rule');
  });
}
