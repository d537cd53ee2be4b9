// Lint: typescript-eslint's recommended rules and import cycles (npm test's first stage runs it).
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

// What git ignores is made by builds and tests (dist/, out/, .test-results/): never linted. A second
// `npm test` in the same clone once linted the integration bundle the first one left in out/.
const gitignored = readFileSync(new URL('.gitignore', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => (line.endsWith('/') ? `${line}**` : line));

export default tseslint.config(
  { ignores: [...gitignored, 'bench/results/**', 'examples/**', 'test/fixtures/**', 'test/corpus/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // Values from vscode-languageserver come through server/src/lsp.ts: the bundle copies the library's
  // hundreds of exports once per importing module (a tenth of the server's cold start with 18 copies).
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/lsp.ts', 'server/src/server.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode-languageserver',
              message: 'Import its values from server/src/lsp.ts (types may come from the library).',
              allowTypeImports: true,
            },
            {
              name: 'vscode-languageserver/node',
              message: 'It re-exports the whole library: only server.ts takes createConnection from it; values come from server/src/lsp.ts.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  // CommonJS on purpose (preloaded with `node --require`).
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
