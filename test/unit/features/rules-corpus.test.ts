/**
 * Our rules on real Dockerfiles by others (test/corpus, see SOURCES.tsv). Most of them are good
 * practice, so every warning or error a rule reports there must be listed with a reason in
 * test/corpus/expected-findings.json; a listed finding that is no longer reported fails too (the
 * list stays honest). Counts per rule and severity are written to .test-results/rules-corpus.json.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { contextOf } from '../../helpers/context';

const root = join(__dirname, '..', '..', '..');
const corpus = join(root, 'test', 'corpus');
const files = readdirSync(join(corpus, 'files')).sort();

interface Expected {
  file: string;
  rule: string;
  line: number;
  reason: string;
}

test('rules on the corpus: no error or warning without a reviewed reason', () => {
  const expected: Expected[] = JSON.parse(readFileSync(join(corpus, 'expected-findings.json'), 'utf8')).findings;
  for (const entry of expected) assert.ok(entry.reason && entry.reason.length >= 15, `a reason is required: ${JSON.stringify(entry)}`);
  const key = (file: string, rule: string, line: number) => `${file}|${rule}|${line}`;
  const listed = new Set(expected.map((e) => key(e.file, e.rule, e.line)));
  const counts: Record<string, Record<string, number>> = {};
  const unexpected: string[] = [];
  const seen = new Set<string>();
  const names = ['', 'error', 'warning', 'information', 'hint'];
  for (const file of files) {
    const text = readFileSync(join(corpus, 'files', file), 'utf8');
    const found = ruleDiagnostics(contextOf(text), {}, (rule, error) => {
      throw new Error(`${file}: rule ${rule} threw: ${error}`);
    });
    for (const d of found) {
      const rule = String(d.code);
      const severity = names[d.severity ?? 0];
      (counts[rule] ??= {})[severity] = (counts[rule][severity] ?? 0) + 1;
      if (d.severity !== DiagnosticSeverity.Error && d.severity !== DiagnosticSeverity.Warning) continue;
      const k = key(file, rule, d.range.start.line + 1);
      seen.add(k);
      if (!listed.has(k)) unexpected.push(`${file}:${d.range.start.line + 1} ${rule} (${severity}): ${d.message}`);
    }
  }
  mkdirSync(join(root, '.test-results'), { recursive: true });
  writeFileSync(join(root, '.test-results', 'rules-corpus.json'), JSON.stringify({ files: files.length, counts }, null, 2) + '\n');
  const stale = expected.filter((e) => !seen.has(key(e.file, e.rule, e.line))).map((e) => `${e.file}:${e.line} ${e.rule}`);
  assert.deepEqual(unexpected, [], 'warnings/errors on the corpus without a reason in test/corpus/expected-findings.json');
  assert.deepEqual(stale, [], 'listed in expected-findings.json but no longer reported: remove them');
});
