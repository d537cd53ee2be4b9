/** The custom messages' declarations both bundles import: methods, message types, stage names, lens commands. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BuildPlanRequest, BuildResultNotification, Commands, STAGE_NAME, ServerStatusRequest, serverSide } from '../../server/src/protocol';

test("each message's type carries its method, under the stagecraft/ prefix", () => {
  for (const message of [BuildPlanRequest, ServerStatusRequest, BuildResultNotification]) {
    assert.match(message.method, /^stagecraft\/[a-zA-Z]+$/);
    assert.equal(message.type.method, message.method);
  }
  assert.equal(BuildPlanRequest.type.numberOfParams, 1);
  assert.equal(ServerStatusRequest.type.numberOfParams, 0);
});

test('serverSide hands the same type object to the server library', () => {
  assert.equal(serverSide(BuildPlanRequest.type), BuildPlanRequest.type);
  assert.equal(serverSide(BuildResultNotification.type), BuildResultNotification.type);
});

test('stage names as BuildKit accepts them for --target', () => {
  for (const name of ['build', 'Build-2', 'a.b_c', 'x']) assert.match(name, STAGE_NAME, name);
  for (const name of ['2build', '-x', 'a b', '', 'é', 'a/b', 'a:b']) assert.doesNotMatch(name, STAGE_NAME, name);
});

test('the lens commands are Stagecraft commands', () => {
  assert.deepEqual(Object.values(Commands), ['stagecraft.buildTarget', 'stagecraft.runTarget']);
});
