/**
 * How the client asks the server for a Dockerfile's build plan (`stagecraft/buildPlan`): one policy
 * for every caller (build, run and ACR commands, the target pick, the walkthrough, the stage graph).
 * Pure: the client and the document opener are handed in (plans.ts binds them to VS Code).
 *
 * The policy:
 * 1. Open the document (without showing it): the server answers for open documents only, and a
 *    tasks.json build or a walkthrough step may name a file no editor shows.
 * 2. Wait until the language client is running, up to RUNNING_WAIT_MS: at activation it may still be
 *    starting, and after a crash or "Restart Language Server" it is restarting (a request sent while
 *    it is stopped fails at once).
 * 3. Ask once. No polling: the client sends the document's didOpen before the request, and a request
 *    that overtakes it anyway waits for it in the server, bounded (`opened()` in
 *    server/src/wiring.ts, 3 s).
 *
 * undefined when the client did not come up in time, the request failed (the server stopped
 * meanwhile), or the server does not have the document. A document that cannot be opened (no such
 * file) rejects, as opening it does. (The stage graph asks again when an answer
 * is for an older version than its editor's: it follows typing, that is not a retry.)
 */
import { BuildPlanRequest, type BuildPlanParams, type BuildPlanResult } from '../../server/src/protocol';

export const RUNNING_WAIT_MS = 10_000;

/** The part of vscode-languageclient's LanguageClient the request uses. */
export interface PlanClient {
  isRunning(): boolean;
  onDidChangeState(listener: () => void): { dispose(): void };
  sendRequest(type: typeof BuildPlanRequest.type, params: BuildPlanParams): Promise<BuildPlanResult | null>;
}

/** Resolves true once the client is running, false when it is not within `waitMs`. */
export function whenRunning(client: PlanClient, waitMs = RUNNING_WAIT_MS): Promise<boolean> {
  if (client.isRunning()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (running: boolean) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(running);
    };
    const timer = setTimeout(() => done(false), waitMs);
    const subscription = client.onDidChangeState(() => {
      if (client.isRunning()) done(true);
    });
  });
}

export async function requestPlan(
  client: PlanClient,
  open: () => PromiseLike<unknown>,
  params: BuildPlanParams,
  waitMs = RUNNING_WAIT_MS,
): Promise<BuildPlanResult | undefined> {
  await open();
  if (!(await whenRunning(client, waitMs))) return undefined;
  try {
    return (await client.sendRequest(BuildPlanRequest.type, params)) ?? undefined;
  } catch {
    return undefined;
  }
}
