/**
 * Tests mirror the sources (CONTRIBUTING.md, "Code size and layout"): the tests of `server/src/a/b.ts`
 * are in `test/unit/a/b.test.ts`, those of `client/src/a/b.ts` in `test/unit/client/a/b.test.ts`.
 * Three kinds of module need no mirror, each checked rather than trusted:
 * - a module that declares only types (it compiles to nothing, so there is nothing to run);
 * - a rule, `server/src/features/rules/<id>.ts`, whose tests are its fixtures in `test/fixtures/rules/<id>/`
 *   (run by test/unit/features/rules.test.ts);
 * - a module in COVERED_ELSEWHERE below, which names the test file that covers it.
 * Helpers shared by tests live in test/helpers/, so test/unit holds test files only.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as ts from 'typescript';
import { importGraph } from '../../helpers/importGraph';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Modules whose tests are not at the mirrored path, by the test file that covers them. A test file
 * under test/unit listed here must import the module itself. A suite that runs a bundle (protocol:
 * the built server or CLI; integration and ui: the extension in VS Code) imports nothing: a module
 * listed under one must be one of the bundles' entry points or be reached from one by imports.
 * Keep it short: a module node:test can load gets its own test file instead.
 */
export const COVERED_ELSEWHERE: Record<string, string[]> = {
  // Client modules that load the `vscode` API at runtime: node:test cannot load them without a
  // stand-in for VS Code, so the real one runs them (test/scripts/run-integration-*.mjs).
  'test/integration/build.test.ts': [
    'client/src/build/commands.ts',
    'client/src/build/events.ts',
    'client/src/build/outcome.ts',
    'client/src/build/prepare.ts',
    'client/src/build/problems.ts',
    'client/src/build/request.ts',
    'client/src/build/settings.ts',
    'client/src/build/state.ts',
    'client/src/build/tasks.ts',
    'client/src/build/terminal.ts',
    'client/src/build/trustGate.ts',
  ],
  'test/integration/extension.test.ts': [
    'client/src/extension.ts',
    'client/src/commands.ts',
    'client/src/languageClient.ts',
    'client/src/graph/panel.ts',
    'client/src/plans.ts',
    'client/src/newDockerfile.ts',
    'client/src/ciWorkflow.ts',
    'client/src/workspaceFiles.ts',
    'client/src/build/builderSync.ts', // the lens agrees with the extension's own builder decision
  ],
  // Where builds go: the chosen context kept in workspaceState, the commands to choose it and the platforms.
  'test/integration/destination.test.ts': ['client/src/build/destinationStore.ts', 'client/src/build/destinationStatus.ts', 'client/src/build/platformPick.ts'],
  'test/ui/walkthrough.ui.mjs': ['client/src/walkthrough.ts', 'client/src/walkthroughDocker.ts'],
  // The webview's script (dist/graph.js) runs in the browser: clicked through in Chromium.
  'test/ui/graph.ui.mjs': ['client/src/graph/webview.ts'],
  // The processes' entry points: the protocol suite spawns the built server and CLI.
  'test/protocol/server.test.ts': ['server/src/server.ts'],
  'test/protocol/cli.test.ts': ['server/src/cli/main.ts'],
  // Tested with the module that uses them most.
  'test/unit/wiring.test.ts': ['server/src/features/context.ts'], // the baseline's re-export, loaded on first use
  'test/unit/features/rules.test.ts': ['server/src/features/rules/index.ts'], // the list of rules, each against its fixtures and docs
  'test/unit/features/rules/invalid-base-image-platform.test.ts': ['server/src/features/rules/platform-flag.ts'], // containerd's platform matching
  'test/unit/cli/lint.test.ts': ['server/src/cli/discover.ts'], // Dockerfile names, globs and the folder walk, through `stagecraft lint`
  'test/unit/baseline/sliced.test.ts': ['server/src/baseline/slices.ts'], // slice plans and stage slices, with the sliced features on the corpus
};

/** The bundles esbuild.mjs builds, by their entry points (see the protocol, integration and ui suites). */
const ENTRY_POINTS = ['client/src/extension.ts', 'client/src/graph/webview.ts', 'server/src/server.ts', 'server/src/cli/main.ts'];

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return files(relative, keep);
    return keep(entry.name) ? [relative] : [];
  });
}

const sources = () => ['client/src', 'server/src'].flatMap((dir) => files(dir, (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))).sort();

/** Where the tests of a source module live. */
export function mirrorOf(source: string): string {
  const [, side, rest] = /^(client|server)\/src\/(.+)\.ts$/.exec(source) ?? [];
  if (!side) throw new Error(`not a source module: ${source}`);
  return side === 'client' ? `test/unit/client/${rest}.test.ts` : `test/unit/${rest}.test.ts`;
}

/** True when the module compiles to no JavaScript: interfaces, type aliases and type imports only. */
export function declaresOnlyTypes(text: string): boolean {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, removeComments: true } }).outputText;
  return js.replace('"use strict";', '').replace('Object.defineProperty(exports, "__esModule", { value: true });', '').trim() === '';
}

/** A rule module whose fixtures are its tests. */
function isRuleWithFixtures(source: string): boolean {
  const match = /^server\/src\/features\/rules\/([^/]+)\.ts$/.exec(source);
  return !!match && existsSync(path.join(ROOT, 'test/fixtures/rules', match[1]));
}

/** The repository files a test file imports directly (relative imports only). */
function importsOf(testFile: string): Set<string> {
  const text = readFileSync(path.join(ROOT, testFile), 'utf8');
  const imported = ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
  return new Set(
    imported
      .filter((name) => name.startsWith('.'))
      .map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(testFile), name)).replace(/\.ts$/, ''))
      .map((module) => (existsSync(path.join(ROOT, `${module}.ts`)) ? `${module}.ts` : `${module}/index.ts`)),
  );
}

/** Every source module a bundle's entry point reaches through imports, the entry points included. */
function reachedFromEntryPoints(): Set<string> {
  const graph = new Map([...importGraph('client/src'), ...importGraph('server/src')]);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of graph.get(file) ?? []) visit(next);
  };
  for (const entry of ENTRY_POINTS) visit(entry);
  return seen;
}

test('every source module has a test file at its mirrored path, or says where it is tested', () => {
  const elsewhere = new Set(Object.values(COVERED_ELSEWHERE).flat());
  const missing = sources().filter(
    (source) =>
      !existsSync(path.join(ROOT, mirrorOf(source))) &&
      !elsewhere.has(source) &&
      !isRuleWithFixtures(source) &&
      !declaresOnlyTypes(readFileSync(path.join(ROOT, source), 'utf8')),
  );
  assert.deepEqual(
    missing.map((source) => `${source}: no ${mirrorOf(source)}`),
    [],
  );
});

test('COVERED_ELSEWHERE names real test files that cover real modules, and no module that has a mirror', () => {
  const all = new Set(sources());
  const reached = reachedFromEntryPoints();
  const problems: string[] = [];
  for (const [testFile, modules] of Object.entries(COVERED_ELSEWHERE)) {
    if (!existsSync(path.join(ROOT, testFile))) {
      problems.push(`${testFile} does not exist`);
      continue;
    }
    const runsBundle = !testFile.startsWith('test/unit/');
    const imported = runsBundle ? reached : importsOf(testFile);
    for (const source of modules) {
      if (!all.has(source)) problems.push(`${source} is not a source module`);
      else if (existsSync(path.join(ROOT, mirrorOf(source)))) problems.push(`${source} has ${mirrorOf(source)}: remove it from the list`);
      else if (!imported.has(source)) problems.push(`${testFile} does not ${runsBundle ? 'run a bundle that holds' : 'import'} ${source}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('test/unit holds test files only: shared helpers are in test/helpers/', () => {
  assert.deepEqual(
    files('test/unit', (name) => name.endsWith('.ts') && !name.endsWith('.test.ts')),
    [],
  );
});

test('mirrored paths: client modules under test/unit/client, server modules under test/unit', () => {
  assert.equal(mirrorOf('server/src/analysis/parse.ts'), 'test/unit/analysis/parse.test.ts');
  assert.equal(mirrorOf('server/src/wiring.ts'), 'test/unit/wiring.test.ts');
  assert.equal(mirrorOf('client/src/build/prepare.ts'), 'test/unit/client/build/prepare.test.ts');
  assert.throws(() => mirrorOf('test/unit/x.ts'), /not a source module/);
});

test('a module of interfaces and type imports declares only types; a constant or a function is code', () => {
  assert.equal(declaresOnlyTypes("import type { A } from './a';\nexport interface B { a: A }\nexport type C = B[];\n"), true);
  assert.equal(declaresOnlyTypes("import { A } from './a';\nexport interface B { a: A }\n"), true);
  assert.equal(declaresOnlyTypes('export const x = 1;\n'), false);
  assert.equal(declaresOnlyTypes("export { y } from './y';\n"), false);
  assert.equal(declaresOnlyTypes('export function f() {}\n'), false);
});
