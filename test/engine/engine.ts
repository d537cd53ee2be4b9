/**
 * The real Docker engine for the engine suite: started (or reused when one already runs) once per test
 * process, with local/busybox:1 made; stopped at the end only when this process started it.
 */
import { after } from 'node:test';

export type Engine = typeof import('../scripts/docker-engine.mjs', { with: { 'resolution-mode': 'import' } });

let ready: Promise<Engine> | undefined;
let startedHere = false;

export function engine(): Promise<Engine> {
  ready ??= (async () => {
    const module: Engine = await import('../scripts/docker-engine.mjs');
    startedHere = (await module.startEngine()).started;
    module.ensureBusybox();
    return module;
  })();
  return ready;
}

after(async () => {
  if (startedHere) (await ready)?.stopEngine();
});
