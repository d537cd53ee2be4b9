/**
 * The grammars in syntaxes/, tokenized with vscode-textmate and oniguruma (what VS Code uses).
 * The Dockerfile grammar is an injection into `source.dockerfile`; here it is injected into a small
 * stand-in for VS Code's built-in grammar that behaves like it (keywords, strings and comments
 * matched per line), so the test shows what the injection adds on top. Expected tokens (text ->
 * innermost scopes of interest) are in test/fixtures/syntaxes/<fixture>.tokens.json.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { expectJsonAt } from '../helpers/context';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'syntaxes');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Like VS Code's built-in Dockerfile grammar: line matches for keywords, strings and comments. */
const builtInStandIn = {
  scopeName: 'source.dockerfile',
  patterns: [
    {
      match: '^\\s*\\b(?i:(FROM))\\b.*?\\b(?i:(AS))\\b',
      captures: { 1: { name: 'keyword.other.special-method.dockerfile' }, 2: { name: 'keyword.other.special-method.dockerfile' } },
    },
    {
      match: '^\\s*(?i:(ONBUILD)\\s+)?(?i:(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|FROM|HEALTHCHECK|LABEL|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR))\\s',
      captures: { 2: { name: 'keyword.other.special-method.dockerfile' } },
    },
    { begin: '"', end: '"', name: 'string.quoted.double.dockerfile' },
    { match: '^(\\s*)((#).*$\\n?)', captures: { 2: { name: 'comment.line.number-sign.dockerfile' } } },
  ],
};

let registry: textmate.Registry | undefined;
async function grammar(scope: string): Promise<textmate.IGrammar> {
  if (!registry) {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const files: Record<string, string> = {};
    for (const g of manifest.contributes.grammars) files[g.scopeName] = join(root, g.path);
    registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (name) =>
        name === 'source.dockerfile'
          ? (builtInStandIn as never)
          : files[name]
            ? textmate.parseRawGrammar(readFileSync(files[name], 'utf8'), files[name])
            : null,
      getInjections: (scope) =>
        manifest.contributes.grammars.filter((g: { injectTo?: string[] }) => g.injectTo?.includes(scope)).map((g: { scopeName: string }) => g.scopeName),
    });
  }
  return (await registry.loadGrammar(scope))!;
}

/** Each line's tokens as `text => scope` (the innermost scope other than the root), blanks dropped. */
async function tokens(scope: string, text: string): Promise<string[][]> {
  const g = await grammar(scope);
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = g.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens
      .map((t) => `${line.slice(t.startIndex, t.endIndex)} => ${t.scopes.length > 1 ? t.scopes[t.scopes.length - 1] : '-'}`)
      .filter((t) => !/^\s* => /.test(t));
  });
}

test('Dockerfile injection: directives, BuildKit flags, stage names and heredoc bodies', async () => {
  const text = readFileSync(join(fixtures, 'buildkit.Dockerfile'), 'utf8');
  const lines = await tokens('source.dockerfile', text);
  expectJsonAt(join(fixtures, 'buildkit.tokens.json'), lines);
  const flat = lines.flat();
  const has = (token: string) => assert.ok(flat.includes(token), `expected token ${token}`);
  has('syntax => keyword.other.directive.dockerfile');
  has('skip=JSONArgsRecommended => string.unquoted.directive-value.dockerfile');
  has('build => entity.name.type.stage.dockerfile');
  has('mount => variable.parameter.flag.dockerfile');
  has('cache => string.unquoted.mount-option-value.dockerfile');
  has('link => variable.parameter.flag.dockerfile');
  // The heredoc body is one string: a `"` inside does not open a string, FROM inside is no keyword.
  assert.deepEqual(lines[6], ['FROM not-an-instruction => string.unquoted.heredoc.dockerfile']);
  assert.deepEqual(lines[7], ['EOF => entity.name.tag.heredoc-delimiter.dockerfile']);
  assert.deepEqual(lines[11], ['\tkey=value => string.unquoted.heredoc.dockerfile']);
  assert.deepEqual(lines[12], ['CONF => entity.name.tag.heredoc-delimiter.dockerfile'], '<<- allows a tab-indented delimiter');
  assert.deepEqual(lines[13], ['# a normal comment => comment.line.number-sign.dockerfile'], 'a plain comment stays a comment');
  has('final => entity.name.type.stage.dockerfile');
});

test('.dockerignore: comments, negation and globs; the language is registered for the file name', async () => {
  const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'dockerignore');
  assert.ok(language.filenames.includes('.dockerignore') && language.filenamePatterns.includes('*.dockerignore'));
  const text = readFileSync(join(fixtures, 'sample.dockerignore'), 'utf8');
  const lines = await tokens('source.dockerignore', text);
  expectJsonAt(join(fixtures, 'sample.dockerignore.tokens.json'), lines);
  assert.deepEqual(lines[0], ['# => punctuation.definition.comment.dockerignore', ' version control => comment.line.number-sign.dockerignore']);
  assert.ok(lines[2].includes('** => keyword.operator.glob.globstar.dockerignore'));
  assert.equal(lines[3][0], '! => keyword.operator.negation.dockerignore');
  assert.ok(lines[5].includes('[0-9] => keyword.operator.glob.character-class.dockerignore'));
});
