import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { against, isRemoteContext } from '../../../server/src/targets/paths';

describe('paths', () => {
  it('resolves relative paths against a folder, keeps absolute ones', () => {
    assert.equal(against('/ws/a', '../b/./Dockerfile'), '/ws/b/Dockerfile');
    assert.equal(against('/ws/a', '/abs/Dockerfile'), '/abs/Dockerfile');
  });

  it('knows remote contexts', () => {
    for (const context of ['https://github.com/o/r.git#main', 'git@github.com:o/r.git', 'github.com/o/r', 'docker-image://alpine', '-']) {
      assert.equal(isRemoteContext(context), true, context);
    }
    for (const context of ['.', '../app', 'services/api']) assert.equal(isRemoteContext(context), false, context);
  });
});
