import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/analysis/cache';
import type { FeatureContext } from '../../../server/src/features/context';
import { diagnostics } from '../../../server/src/features/diagnostics';
import { defaultSettings } from '../../../server/src/settings';
import { contextOf, URI } from '../../helpers/context';

const summary = (text: string) => diagnostics(contextOf(text)).map((d) => `${d.range.start.line}:${d.source}:${d.code}:${d.message}`);

test('a valid multi-stage file has no diagnostics', () => {
  assert.deepEqual(summary('FROM golang:1.22 AS build\nRUN go build\n\nFROM scratch\nCOPY --from=build /a /a\n'), []);
});

test('COPY -- src dst is valid: `--` ends the flags', () => {
  assert.deepEqual(summary('FROM alpine:3 AS a\nCOPY -- --weird /dst\nCOPY --link -- src /dst\nUSER 65532\n'), []);
  assert.deepEqual(summary('FROM alpine:3 AS a\nCOPY --bogus src /dst\nUSER 65532\n'), ['1:stagecraft:syntax:unknown flag: --bogus']);
});

test("what BuildKit rejects is reported once, by the syntax rule, with BuildKit's message", () => {
  const found = summary('-not an instruction\nFROM alpine\nRUN <<EOF\nnever closed\n').filter((d) => d.includes(':syntax:'));
  assert.deepEqual(found, ['0:stagecraft:syntax:unknown instruction: -not', '2:stagecraft:syntax:unterminated heredoc']);
});

test('a version parsed from the last one has the diagnostics of a fresh parse (corpus, lines added, pasted with FROMs, removed)', () => {
  // What is kept per instruction (syntax errors, a FROM's words) is moved with copies of it: every
  // rule must see what it would see in a fresh parse.
  const dir = join(__dirname, '..', '..', 'corpus', 'files');
  const names = readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .filter((_, i) => i % 7 === 0);
  let seed = 20261207;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const json = (context: FeatureContext) => JSON.stringify(diagnostics(context));
  let steps = 0;
  for (const name of names) {
    let text = readFileSync(join(dir, name), 'utf8');
    const cache = new ModelCache();
    const settings = defaultSettings;
    const at = (version: number): FeatureContext => {
      const document = TextDocument.create(URI, 'dockerfile', version, text);
      return { document, model: cache.get(URI, version, () => text), settings };
    };
    json(at(1));
    for (let version = 2; version < 10; version++) {
      const lines = text.split('\n');
      const line = Math.floor(next() * lines.length);
      const kind = version % 4;
      if (kind === 0) lines.splice(line, 0, '');
      else if (kind === 1)
        lines.splice(line, 0, ...lines.slice(Math.floor(next() * lines.length)).slice(0, 12)); // often with a FROM
      else if (kind === 2) lines.splice(line, 1 + Math.floor(next() * 5));
      else lines[line] = `${lines[line]}x`;
      text = lines.join('\n');
      assert.equal(json(at(version)), json(contextOf(text)), `${name}, version ${version} (edit kind ${kind} at line ${line})`);
      steps++;
    }
  }
  assert.ok(steps >= 300);
});
