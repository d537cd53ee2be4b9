import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { requestPlan, whenRunning, type PlanClient } from '../../../client/src/planRequest';
import { BuildPlanRequest, type BuildPlanParams, type BuildPlanResult } from '../../../server/src/protocol';

const PLAN = {
  uri: 'file:///w/Dockerfile',
  version: 1,
  stages: [],
  edges: [],
  buildkit: [],
  classic: [],
  groups: { buildkit: [], classic: [] },
  criticalPath: [],
  instructionLines: [],
} as BuildPlanResult;

/** A language client that starts running after `startsAfterMs` (never when undefined) and answers `answer`. */
function fakeClient(options: { running?: boolean; startsAfterMs?: number; answer?: () => Promise<BuildPlanResult | null> }) {
  const log: string[] = [];
  let running = options.running ?? true;
  const listeners = new Set<() => void>();
  if (options.startsAfterMs !== undefined)
    setTimeout(() => {
      running = true;
      log.push('running');
      for (const listener of listeners) listener();
    }, options.startsAfterMs);
  const client: PlanClient & { listeners: Set<() => void> } = {
    listeners,
    isRunning: () => running,
    onDidChangeState: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    sendRequest: (type, params: BuildPlanParams) => {
      log.push(`${type.method} ${params.uri} ${params.target ?? ''}`.trim());
      return (options.answer ?? (async () => PLAN))();
    },
  };
  return { client, log };
}

test('opens the document, then asks once with the typed request', async () => {
  const { client, log } = fakeClient({});
  const plan = await requestPlan(
    client,
    async () => {
      log.push('open');
    },
    { uri: PLAN.uri, target: 'build' },
  );
  assert.equal(plan, PLAN);
  assert.deepEqual(log, ['open', `${BuildPlanRequest.method} ${PLAN.uri} build`]);
});

test('waits for a client that is starting, then asks', async () => {
  const { client, log } = fakeClient({ running: false, startsAfterMs: 20 });
  assert.equal(await requestPlan(client, async () => undefined, { uri: PLAN.uri }), PLAN);
  assert.deepEqual(log, ['running', `${BuildPlanRequest.method} ${PLAN.uri}`]);
  assert.equal(client.listeners.size, 0, 'the state listener is disposed');
});

test('a client that does not come up in time: undefined, nothing asked', async () => {
  const { client, log } = fakeClient({ running: false });
  assert.equal(await requestPlan(client, async () => undefined, { uri: PLAN.uri }, 30), undefined);
  assert.deepEqual(log, []);
  assert.equal(client.listeners.size, 0);
});

test('no plan (the server does not have the document) and a failed request read as undefined, asked once', async () => {
  const none = fakeClient({ answer: async () => null });
  assert.equal(await requestPlan(none.client, async () => undefined, { uri: PLAN.uri }), undefined);
  assert.equal(none.log.length, 1);
  const failing = fakeClient({
    answer: async () => {
      throw new Error('Client is not running');
    },
  });
  assert.equal(await requestPlan(failing.client, async () => undefined, { uri: PLAN.uri }), undefined);
  assert.equal(failing.log.length, 1);
});

test('a document that cannot be opened rejects, as opening it does', async () => {
  const { client, log } = fakeClient({});
  await assert.rejects(
    requestPlan(
      client,
      async () => {
        throw new Error('cannot open file:///nope');
      },
      { uri: 'file:///nope' },
    ),
    /cannot open/,
  );
  assert.deepEqual(log, []);
});

test('whenRunning: at once for a running client', async () => {
  assert.equal(await whenRunning(fakeClient({}).client, 0), true);
});
