/**
 * The real engine for the engine suite: started through test/scripts/docker-engine.mjs (which
 * installs docker.io when missing and reuses an engine already answering on the private socket), and
 * stopped afterwards only when this process started it. Builds run the docker CLI with an argument
 * array: no shell ever reads a path, a tag or a Dockerfile line.
 */
import { execFile } from 'node:child_process';
type EngineModule = typeof import('../scripts/docker-engine.mjs', { with: { 'resolution-mode': 'import' } });

export interface BuildResult { code: number; stdout: string; stderr: string }

export interface TestEngine {
  /** `local/busybox:1`, made locally (no registry is reachable). */
  busybox: string;
  /** `docker build` with BuildKit (`DOCKER_BUILDKIT=1`, Debian's 20.10 CLI) or the classic builder. */
  build(builder: 'buildkit' | 'classic', args: string[]): Promise<BuildResult>;
  /** Any other docker command (e.g. removing the images a test made). */
  docker(args: string[]): Promise<BuildResult>;
  /** Stops the engine if this process started it. */
  stop(): void;
}

export async function startTestEngine(): Promise<TestEngine> {
  const engine: EngineModule = await import('../scripts/docker-engine.mjs');
  const { started } = await engine.startEngine();
  engine.ensureBusybox();
  const run = (args: string[], env: Record<string, string>) => new Promise<BuildResult>((resolve) => {
    execFile(engine.dockerCli, args, { env: { ...process.env, DOCKER_HOST: engine.dockerHost, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
  return {
    busybox: engine.BUSYBOX,
    build: (builder, args) => run(['build', ...args], { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }),
    docker: (args) => run(args, {}),
    stop: () => { if (started) engine.stopEngine(); },
  };
}
