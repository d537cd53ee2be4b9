import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import * as assert from 'node:assert/strict';
import { targetFileDiagnostics } from '../../../../server/src/features/targetFile/diagnostics';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetFileContext, targetFixtures } from '../../../helpers/targets';

const summary = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${['', 'error', 'warning', 'info', 'hint'][d.severity ?? 0]} ${d.message}`;

describe('targetFile/diagnostics', () => {
  it('a target that is no stage: an error with the closest name; other targets pass', async () => {
    const diagnostics = targetFileDiagnostics(await targetFileContext('compose.yaml'));
    assert.deepEqual(diagnostics.map(summary), [
      '31:14 error `tset` is not a stage of Dockerfile (its stages are `base`, `deps`, `build`, `dev`, `test`, `prod`): the build fails. Did you mean `test`?',
    ]);
    assert.deepEqual(diagnostics[0].data, { targetSuggestion: 'test' });
    assert.equal(diagnostics[0].source, 'stagecraft');
  });

  it('a Dev Container target the classic builder reaches through stages it does not need gets a note', async () => {
    const text = '{ "build": { "dockerfile": "../Dockerfile", "target": "test" } }';
    assert.deepEqual(targetFileDiagnostics(await targetFileContext('.devcontainer/devcontainer.json', text)).map(summary), [
      '0:55 info With the classic builder (DOCKER_BUILDKIT=0, or a Docker without BuildKit) this Dev Container also runs `dev`, which `test` does not need; BuildKit skips it.',
    ]);
    assert.deepEqual(targetFileDiagnostics(await targetFileContext('.devcontainer/devcontainer.json')), [], 'dev needs every stage before it');
  });

  it('a missing Dockerfile and a broken file say so; CI files are checked too', async () => {
    const missing = 'services:\n  a:\n    build:\n      dockerfile: Nope.Dockerfile\n      target: x\n';
    assert.deepEqual(targetFileDiagnostics(await targetFileContext('compose.yaml', missing)).map(summary), [
      '4:14 warning Nope.Dockerfile was not found (or could not be read): Compose service `a` cannot build target `x`.',
    ]);
    const broken = targetFileDiagnostics(await targetFileContext('broken/compose.yml'));
    assert.deepEqual(broken.map(summary), [
      '2:12 error compose.yml is not valid YAML: Implicit keys of flow sequence pairs need to be on a single line',
      '4:0 error compose.yml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    const ci = await targetFileContext(
      '.github/workflows/ci.yml',
      readFileSync(join(targetFixtures, 'app/.github/workflows/ci.yml'), 'utf8').replace('[test, prod]', '[test, prdo]'),
    );
    assert.deepEqual(targetFileDiagnostics(ci).map(summary), [
      '7:23 error `prdo` is not a stage of ../../Dockerfile (its stages are `base`, `deps`, `build`, `dev`, `test`, `prod`): the build fails. Did you mean `prod`?',
    ]);
  });
});
