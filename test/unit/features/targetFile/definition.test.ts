import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { targetFileDefinition } from '../../../../server/src/features/targetFile/definition';
import { positionIn, targetFileContext, targetFixtures } from '../../../helpers/targets';

describe('targetFile/definition', () => {
  it('goes from a target to its stage’s name in the Dockerfile it means', async () => {
    const context = await targetFileContext('compose.yaml');
    const textDocument = { uri: context.document.uri };
    assert.deepEqual(targetFileDefinition(context, { textDocument, position: positionIn(context, 'target: dev', 9) }), {
      uri: pathToFileURL(join(targetFixtures, 'app', 'Dockerfile')).href,
      range: { start: { line: 9, character: 14 }, end: { line: 9, character: 17 } },
    });
    assert.deepEqual(targetFileDefinition(context, { textDocument, position: positionIn(context, '"runtime"', 2) }), {
      uri: pathToFileURL(join(targetFixtures, 'app', 'services/api/docker/Api.Dockerfile')).href,
      range: { start: { line: 3, character: 17 }, end: { line: 3, character: 24 } },
    });
    assert.equal(targetFileDefinition(context, { textDocument, position: positionIn(context, 'tset', 1) }), null);
    assert.equal(targetFileDefinition(context, { textDocument, position: positionIn(context, 'site', 1) }), null, 'remote context');
  });
});
