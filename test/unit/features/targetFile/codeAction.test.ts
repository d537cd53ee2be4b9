import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { targetFileCodeActions } from '../../../../server/src/features/targetFile/codeAction';
import { targetFileDiagnostics } from '../../../../server/src/features/targetFile/diagnostics';
import { targetFileContext } from '../../../helpers/targets';

describe('targetFile/codeAction', () => {
  it('offers the closest stage for a target that is no stage, as the preferred fix', async () => {
    const context = await targetFileContext('compose.yaml');
    const diagnostics = targetFileDiagnostics(context);
    const actions = targetFileCodeActions(context, { textDocument: { uri: context.document.uri }, range: diagnostics[0].range, context: { diagnostics } });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Change the target to `test`');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].edit, { changes: { [context.document.uri]: [{ range: diagnostics[0].range, newText: 'test' }] } });
    const noData = [{ ...diagnostics[0], data: undefined }];
    assert.deepEqual(
      targetFileCodeActions(context, { textDocument: { uri: context.document.uri }, range: diagnostics[0].range, context: { diagnostics: noData } }),
      [],
    );
  });
});
