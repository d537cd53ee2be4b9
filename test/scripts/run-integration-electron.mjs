#!/usr/bin/env node
// Runs the same integration suite in desktop VS Code with @vscode/test-electron, on machines that can
// download VS Code (this one cannot: npm test uses run-integration-code-server.mjs instead).
//   node esbuild.mjs && node test/scripts/run-integration-electron.mjs
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './code-server.mjs';
import { bundleSuite } from './run-integration-code-server.mjs';

const suite = await bundleSuite();
const workspace = join(mkdtempSync(join(tmpdir(), 'stagecraft-')), 'workspace');
cpSync(join(root, 'test', 'integration', 'workspace'), workspace, { recursive: true });
try {
  await runTests({ extensionDevelopmentPath: root, extensionTestsPath: suite, launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'] });
} catch (error) {
  console.error(`integration (desktop VS Code): ${error}`);
  process.exit(1);
}
