/**
 * The real Docker engine for the engine suite, through test/scripts/docker-engine.mjs (which installs
 * docker.io when missing and reuses an engine already answering on the private socket). Each test
 * file acquires it and releases it at the end; the last user stops an engine a test run started, so
 * one run never stops the engine under another. Commands run the docker
 * CLI with an argument array: no shell ever reads a path, a tag or a Dockerfile line.
 */
import { execFile } from 'node:child_process';
import { after } from 'node:test';

export type Engine = typeof import('../scripts/docker-engine.mjs', { with: { 'resolution-mode': 'import' } });

let ready: Promise<Engine> | undefined;
let acquired = false;

/** The engine module, once the engine answers and local/busybox:1 exists. */
export function engine(): Promise<Engine> {
  ready ??= (async () => {
    const module: Engine = await import('../scripts/docker-engine.mjs');
    await module.acquireEngine(); // shared: the last test run to release it stops an engine tests started
    acquired = true;
    module.ensureBusybox();
    return module;
  })();
  return ready;
}

after(async () => {
  if (acquired) {
    acquired = false;
    (await ready)?.releaseEngine();
  }
});

export interface BuildResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestEngine {
  /** `local/busybox:1`, made locally (no registry is reachable). */
  busybox: string;
  /** `docker build` with BuildKit (`DOCKER_BUILDKIT=1`, Debian's 20.10 CLI) or the classic builder. */
  build(builder: 'buildkit' | 'classic', args: string[]): Promise<BuildResult>;
  /** Any other docker command (e.g. removing the images a test made). */
  docker(args: string[]): Promise<BuildResult>;
  /** Kept for callers that stop explicitly; the `after` hook above does the same. */
  stop(): void;
}

export async function startTestEngine(): Promise<TestEngine> {
  const module = await engine();
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<BuildResult>((resolve) => {
      execFile(
        module.dockerCli,
        args,
        { env: { ...process.env, DOCKER_HOST: module.dockerHost, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  return {
    busybox: module.BUSYBOX,
    build: (builder, args) => run(['build', ...args], { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }),
    docker: (args) => run(args, {}),
    stop: () => {
      if (acquired) {
        acquired = false;
        module.releaseEngine();
      }
    },
  };
}
