/**
 * The sample projects `npm start` opens (examples/): each Dockerfile passes our analyzer with no
 * error or warning, ships a non-root final stage, and (where it has one) has a test stage that
 * BuildKit skips for the default target. Every template stack has an example project.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { diagnostics } from '../../server/src/features/diagnostics';
import { STACKS } from '../../client/src/templates';
import { contextOf } from '../helpers/context';

const examples = join(__dirname, '..', '..', 'examples');
const projects = readdirSync(examples)
  .filter((name) => existsSync(join(examples, name, 'Dockerfile')))
  .sort();

const exampleOf: Record<string, string> = {
  go: 'go-app',
  'go-distroless': 'go-app',
  dotnet: 'dotnet-app',
  'dotnet-aot': 'dotnet-app',
  node: 'node-app',
  'static-web': 'static-web',
  python: 'python-app',
  'java-maven': 'java-maven-app',
  'java-gradle': 'java-gradle-app',
  rust: 'rust-app',
  skeleton: 'skeleton',
};

test('every template stack has an example project', () => {
  for (const stack of STACKS) assert.ok(projects.includes(exampleOf[stack.id]), `${stack.id}: no examples/${exampleOf[stack.id]}`);
});

for (const project of projects) {
  test(`examples/${project}/Dockerfile: no errors or warnings, a non-root final stage`, () => {
    const text = readFileSync(join(examples, project, 'Dockerfile'), 'utf8');
    const context = contextOf(text);
    const found = diagnostics(context).filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
    assert.deepEqual(
      found.map((d) => `${d.range.start.line + 1}: [${d.code}] ${d.message}`),
      [],
    );
    const { model } = context;
    const last = model.stages[model.stages.length - 1];
    const user = last.user?.value ?? (last.base.kind === 'image' && /nonroot|unprivileged/.test(last.base.image.raw) ? 'nonroot' : undefined);
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `${project}: the final stage runs as non-root (${user})`);
    const testStage = model.stages.find((s) => s.name === 'test');
    if (testStage) assert.ok(model.skippedByDefault.includes(testStage.index), `${project}: BuildKit skips the test stage for the default target`);
  });
}

test('no example leaves a package-manager cache in a layer it ships (the cache rules, any severity)', () => {
  for (const project of projects) {
    const context = contextOf(readFileSync(join(examples, project, 'Dockerfile'), 'utf8'), {
      diagnostics: { 'package-cache-in-shipped-stage': 'hint' },
    });
    const found = diagnostics(context).filter((d) => d.code === 'package-cache-in-shipped-stage');
    assert.deepEqual(
      found.map((d) => `examples/${project}/Dockerfile:${d.range.start.line + 1}: ${d.message}`),
      [],
    );
  }
});
