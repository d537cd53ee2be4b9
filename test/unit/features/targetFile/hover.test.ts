import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { targetFileHover } from '../../../../server/src/features/targetFile/hover';
import { positionIn, targetFileContext } from '../../../helpers/targets';

describe('targetFile/hover', () => {
  it('shows the plan of the target: what BuildKit builds and skips, and the classic builder', async () => {
    const context = await targetFileContext('compose.yaml');
    const textDocument = { uri: context.document.uri };
    const value = (needle: string, delta: number) =>
      (targetFileHover(context, { textDocument, position: positionIn(context, needle, delta) })?.contents as { value: string })?.value;
    assert.equal(
      value('target: test', 9),
      [
        '**Target `test`** of `Dockerfile` (Compose service `tests`)',
        '',
        'BuildKit builds 4 of 6 stages: `base`, `deps`, `build`, `test`; skips `dev`, `prod`.',
        '',
        'The classic builder runs 5, every stage up to this one, `dev` included.',
      ].join('\n'),
    );
    assert.match(
      value('target: dev', 9),
      /BuildKit builds 4 of 6 stages: `base`, `deps`, `build`, `dev`; skips `test`, `prod`\.\n\nThe classic builder runs the same 4\.$/,
    );
    assert.match(value('tset', 1), /No stage of `Dockerfile` has this name: the build fails\.$/);
    assert.equal(value('services:', 1), undefined);
  });
});
