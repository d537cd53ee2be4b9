/**
 * `stagecraft lint` on the 279 real Dockerfiles of test/corpus agrees finding for finding with the
 * server: the same document, model (ModelCache, as wiring.ts builds it), .dockerignore
 * (readEnvironment) and settings (normalizeSettings) through ruleDiagnostics. With the default
 * settings and with a config that changes severities and build args.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/analysis/cache';
import { readEnvironment } from '../../../server/src/environment';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { normalizeSettings } from '../../../server/src/settings';
import { cli, folder } from '../../helpers/cli';

const corpus = join(__dirname, '..', '..', 'corpus', 'files');
const files = readdirSync(corpus).sort();
const LEVEL = ['', 'error', 'warning', 'info', 'hint'];

async function serverFindings(raw: unknown): Promise<string[]> {
  const settings = normalizeSettings(raw);
  const models = new ModelCache();
  const result: string[] = [];
  for (const file of files) {
    const uri = pathToFileURL(join(corpus, file)).href;
    const text = readFileSync(join(corpus, file), 'utf8').replace(/^\uFEFF/, ''); // VS Code hands the server the text without a BOM
    const document = TextDocument.create(uri, 'dockerfile', 1, text);
    const model = models.get(uri, document.version, () => document.getText(), { buildArgs: settings.buildArgs });
    const env = await readEnvironment(uri);
    for (const d of ruleDiagnostics({ document, model, settings, env }, env, (id, error) => {
      throw new Error(`${file}: ${id}: ${error}`);
    })) {
      const { start, end } = d.range;
      result.push(`${file}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${LEVEL[d.severity!]} ${d.code} ${d.message}`);
    }
  }
  return result.sort();
}

async function cliFindings(args: string[]): Promise<string[]> {
  const { code, out, err } = await cli(['lint', '--format', 'json', '--fail-on', 'none', ...args, ...files], corpus);
  assert.equal(code, 0, err);
  assert.equal(err, '');
  const report = JSON.parse(out);
  assert.equal(report.files, files.length);
  return report.findings
    .map((f: Record<string, string | number>) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.rule} ${f.message}`)
    .sort();
}

test('the corpus has its 279 files', () => {
  assert.equal(files.length, 279);
});

test('lint on the corpus = ruleDiagnostics as the server runs it (default settings)', async () => {
  const expected = await serverFindings({});
  assert.ok(expected.length > 100, `the corpus has findings to compare: ${expected.length}`);
  assert.deepEqual(await cliFindings([]), expected);
});

test('lint on the corpus = ruleDiagnostics as the server runs it (severities and build args from a config file)', async () => {
  const raw = {
    diagnostics: { 'unused-stage': 'error', 'untagged-base-image': 'off', 'from-as-casing': 'warning' },
    buildArgs: { GO_VERSION: '1.22', BASE_IMAGE: 'golang:1.22' },
  };
  const config = join(folder({ 'ci.json': JSON.stringify(raw) }), 'ci.json');
  const expected = await serverFindings(raw);
  const actual = await cliFindings(['--config', config]);
  assert.deepEqual(actual, expected);
  assert.ok(actual.some((line) => / error unused-stage /.test(line)) && !actual.some((line) => / untagged-base-image /.test(line)), 'the config took effect');
});
