/** The target-file context: which build's target holds a position, where a stage name goes, and its Dockerfile. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { dockerfileOf, targetAt, targetSlotAt } from '../../../../server/src/features/targetFile/context';
import { positionIn, targetFileContext } from '../../../helpers/targets';

describe('targetFile/context', () => {
  it('targetAt: the build whose written target holds the position, its end included', async () => {
    const context = await targetFileContext('compose.yaml');
    const ref = targetAt(context, positionIn(context, 'tset', 0));
    assert.equal(ref?.target, 'tset');
    assert.equal(targetAt(context, positionIn(context, 'tset', 4))?.target, 'tset', 'the end of the name counts (typing)');
    assert.equal(targetAt(context, positionIn(context, 'services:', 2)), undefined);
  });

  it('targetSlotAt: an empty `target:` offers its line from the value on, up to the cursor', async () => {
    const text = 'services:\n  a:\n    build:\n      context: .\n      target: \n';
    const context = await targetFileContext('compose.yaml', text);
    const slot = targetSlotAt(context, { line: 4, character: 14 });
    assert.ok(slot, 'a slot at the empty target');
    assert.deepEqual(slot.range.end, { line: 4, character: 14 });
    assert.equal(targetSlotAt(context, { line: 3, character: 14 }), undefined, 'not on another key');
  });

  it('dockerfileOf: the model of the Dockerfile a build means, undefined when unknown', async () => {
    const context = await targetFileContext('compose.yaml');
    const ref = targetAt(context, positionIn(context, 'tset', 0))!;
    const dockerfile = dockerfileOf(context, ref);
    assert.ok(dockerfile && dockerfile.model.stages.length > 0, 'the Dockerfile was read');
    assert.equal(dockerfileOf(context, { ...ref, dockerfile: undefined }), undefined);
  });
});
