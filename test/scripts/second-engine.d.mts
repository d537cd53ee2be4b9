// Types for second-engine.mjs, so TypeScript tests can import it.

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SecondEngine {
  /** `unix://…/docker.sock` of engine B. */
  host: string;
  /** Debian's 20.10 CLI with the caller's DOCKER_CONFIG and DOCKER_HOST at engine A; an argument list, no shell. */
  docker(args: string[], options?: { env?: Record<string, string> }): Promise<DockerResult>;
  /** Copies an image engine A has onto engine B, without a registry. */
  copyImage(image: string): Promise<void>;
  /** Stops dockerd B and removes its bridge and folders. */
  stop(): Promise<void>;
}

export function startSecondEngine(options: { context: string; dockerConfig: string; bridge: string; address: string }): Promise<SecondEngine>;
