/** ruleDocsUri: each rule's page, docs/rules/<id>.md of this checkout, as a file: URI. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDocsUri } from '../../../../server/src/features/rules/docs';
import { rules } from '../../../../server/src/features/rules';

test("every rule's page exists where the link points", () => {
  const root = join(__dirname, '..', '..', '..', '..');
  for (const rule of rules) {
    const uri = ruleDocsUri(rule.id);
    assert.match(uri, /^file:\/\//);
    assert.equal(fileURLToPath(uri), join(root, 'docs', 'rules', `${rule.id}.md`));
    assert.ok(existsSync(fileURLToPath(uri)), rule.id);
  }
});

test('the same string for every finding of a rule; an odd id stays inside docs/rules', () => {
  assert.equal(ruleDocsUri('unused-stage'), ruleDocsUri('unused-stage'));
  assert.match(ruleDocsUri('a b%'), /\/docs\/rules\/a%20b%25\.md$/);
});
