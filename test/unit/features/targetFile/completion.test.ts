import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { targetFileCompletion } from '../../../../server/src/features/targetFile/completion';
import { positionIn, targetFileContext } from '../../../helpers/targets';

describe('targetFile/completion', () => {
  it('offers the Dockerfile’s stage names at a target, replacing what is typed', async () => {
    const context = await targetFileContext('compose.yaml');
    const textDocument = { uri: context.document.uri };
    const items = targetFileCompletion(context, { textDocument, position: positionIn(context, 'tset', 2) });
    assert.deepEqual(
      items.map((item) => item.label),
      ['base', 'deps', 'build', 'dev', 'test', 'prod'],
    );
    assert.equal(items[3].detail, 'stage 3 · FROM build');
    assert.deepEqual((items[3].textEdit as { range: unknown }).range, { start: { line: 31, character: 14 }, end: { line: 31, character: 18 } });
    assert.match(
      (items[5].documentation as { value: string }).value,
      /^BuildKit builds 4 of 6 stages: `base`, `deps`, `build`, `prod`; skips `dev`, `test`\.\n\nThe classic builder runs 6, every stage up to this one, `dev`, `test` included\.$/,
    );
    // At the end of the name (while typing) too; elsewhere nothing.
    assert.equal(targetFileCompletion(context, { textDocument, position: positionIn(context, 'tset', 4) }).length, 6);
    assert.deepEqual(targetFileCompletion(context, { textDocument, position: positionIn(context, 'services:', 2) }), []);
  });

  it('in devcontainer.json and workflows the stages of the Dockerfile each build means', async () => {
    const dev = await targetFileContext('.devcontainer/devcontainer.json');
    assert.equal(targetFileCompletion(dev, { textDocument: { uri: dev.document.uri }, position: positionIn(dev, '"dev"', 1) }).length, 6);
    const ci = await targetFileContext('.github/workflows/ci.yml');
    const api = targetFileCompletion(ci, { textDocument: { uri: ci.document.uri }, position: positionIn(ci, 'runtime', 1) });
    assert.deepEqual(
      api.map((item) => item.label),
      ['build', 'runtime'],
    );
  });
});

describe('targetFile/completion at an empty Compose target', () => {
  it('offers the stages after `target:` with no value yet', async () => {
    const text = 'services:\n  a:\n    build:\n      context: .\n      target:\n  b:\n    build:\n      target: \n';
    const context = await targetFileContext('compose.yaml', text);
    const textDocument = { uri: context.document.uri };
    const after = targetFileCompletion(context, { textDocument, position: { line: 7, character: 14 } });
    assert.equal(after.length, 6);
    assert.deepEqual((after[0].textEdit as { range: unknown }).range, { start: { line: 7, character: 14 }, end: { line: 7, character: 14 } });
    assert.equal(targetFileCompletion(context, { textDocument, position: { line: 7, character: 3 } }).length, 0, 'not on the key');
    const tight = targetFileCompletion(context, { textDocument, position: { line: 4, character: 13 } });
    assert.equal((tight[1].textEdit as { newText: string }).newText, ' deps', 'right after `target:` the name comes with its space');
    assert.equal((after[1].textEdit as { newText: string }).newText, 'deps');
  });
});
