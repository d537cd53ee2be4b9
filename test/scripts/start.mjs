#!/usr/bin/env node
// `npm start`: installs what is missing (npm ci when node_modules is missing or out of date, then
// Node 24, code-server and Chromium), builds the extension and opens it in a real VS Code
// (code-server) on examples/.
// The extension loads from this clone (extensionDevelopmentPath), so `npm run build` and a window
// reload pick up changes. Prints the URL; Ctrl+C stops code-server.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies } from './deps.mjs';
import { ensureAll } from './setup.mjs';
import { root, startCodeServer, workbenchUrl } from './code-server.mjs';

ensureDependencies();
ensureAll();
execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
const dir = join(root, '.test-results', 'start');
const port = Number(process.env.PORT ?? 8080);
const server = await startCodeServer({ dir, port, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
const url = workbenchUrl(server.url, {
  folder: join(root, 'examples'),
  payload: [
    ['extensionDevelopmentPath', remote(root)],
    ['skipWelcome', 'true'],
  ],
});
console.log(`\nStagecraft is running in VS Code (code-server ${server.url}). Open:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await new Promise(() => {});
