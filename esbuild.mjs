// Bundles into dist/: the client (extension host, `vscode` external), the language server with the
// two libraries it loads on first use (`LAZY` below: dist/baseline.js, dist/yaml.js), the
// `stagecraft` command line (server/src/cli, the server's model and rules), and the stage graph
// webview's script (a browser bundle).
// `--production` minifies; `--watch` rebuilds on change. Type-checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { STAGECRAFT_VERSION: JSON.stringify(version) },
  // jsonc-parser's `main` is a UMD build whose modules are loaded with a require esbuild cannot
  // follow ("Cannot find module './impl/format'" at run time); its ES module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

/**
 * server/src/protocol.ts makes its message types with vscode-jsonrpc. In the server bundle that is the
 * copy vscode-languageserver is built on (vscode-jsonrpc 9 under vscode-languageserver 10.1; the
 * client's library has 10): one copy in the bundle, and the server's own message types. No-op once
 * both libraries use the same copy.
 */
const serverJsonrpc = {
  name: 'server-jsonrpc',
  setup(build) {
    const library = path.dirname(createRequire(import.meta.url).resolve('vscode-languageserver/node'));
    build.onResolve({ filter: /^vscode-jsonrpc$/ }, (args) =>
      args.pluginData === 'server-jsonrpc' ? undefined : build.resolve(args.path, { kind: args.kind, resolveDir: library, pluginData: 'server-jsonrpc' }),
    );
  },
};

/**
 * Libraries the server requires only on first use, each a bundle of its own beside dist/server.js:
 * in the server's bundle their require names that file, so a cold start neither reads nor compiles
 * them. dockerfile-language-service (server/src/baseline/service.ts: hovers, completion, formatting)
 * was a quarter of the server's code; eemeli/yaml (server/src/targets/yamlNodes.ts: Compose, Dev
 * Container and CI files) an eighth. The command line bundles them in (a run reads what it lints).
 */
const LAZY = { 'dockerfile-language-service': 'baseline.js', yaml: 'yaml.js' };
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${Object.keys(LAZY).join('|')})$`) }, (args) => ({ path: `./${LAZY[args.path]}`, external: true }));
  },
};
const resolve = createRequire(import.meta.url).resolve;

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    plugins: [serverJsonrpc, lazyLibraries],
    banner: { js: '#!/usr/bin/env node' },
  },
  ...Object.entries(LAZY).map(([library, file]) => ({ ...common, entryPoints: [resolve(library)], outfile: `dist/${file}` })),
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['client/src/graph/webview.ts'], outfile: 'dist/graph.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching client/ and server/');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/server.js', 0o755);
  chmodSync('dist/cli.js', 0o755);
}
