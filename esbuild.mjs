// Four bundles into dist/: the client (extension host, `vscode` external), the language server, the
// `stagecraft` command line (server/src/cli, the server's model and rules), and the stage graph
// webview's script (a browser bundle).
// `--production` minifies; `--watch` rebuilds on change. Type-checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

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
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
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
