/**
 * Checks before a build: is the docker (or az) executable there, what it is (its version, buildx,
 * the engine and the context: build/builder.ts decides the builder from them), and can it run (a
 * Docker 23+ CLI builds with BuildKit only through the buildx plugin). The probes run the
 * executables with execFile (no shell); the decisions are pure functions, unit-tested.
 */
import { execFile } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

export type Exec = (file: string, args: readonly string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }) => Promise<ExecResult>;

/** execFile without a shell; `missing` when the executable does not exist (ENOENT / EACCES). */
export const exec: Exec = (file, args, options = {}) =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const raw = (error as { code?: unknown } | null)?.code;
        const errno = typeof raw === 'string' ? raw : undefined;
        const code = !error ? 0 : typeof raw === 'number' ? raw : null;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), missing: errno === 'ENOENT' || errno === 'EACCES' });
      },
    );
  });

export interface Version {
  major: number;
  minor: number;
  text: string;
}

/** `20.10.24+dfsg1` / `28.2.2` / `v0.12.1 abc` -> the first dotted number. */
export function parseVersion(text: string): Version | undefined {
  const match = /(\d+)\.(\d+)(?:\.\d+)?/.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]), text: match[0] } : undefined;
}

/** The text for a Docker 23+ CLI without buildx, with both ways out. */
export function needsBuildxMessage(dockerPath: string, cli: Version | undefined): string {
  return (
    `${dockerPath} (docker ${cli?.text ?? '23+'}) can build with BuildKit only through the buildx plugin, and \`docker buildx version\` failed. ` +
    'Install buildx (the docker-buildx-plugin package, or the binary in ~/.docker/cli-plugins/), or build with the classic builder (stagecraft.build.builder = classic).'
  );
}

export function missingDockerMessage(dockerPath: string): string {
  return `the docker CLI was not found (stagecraft.docker.path = "${dockerPath}"). Install Docker, or set stagecraft.docker.path to the docker executable.`;
}

export function missingAzMessage(azPath: string): string {
  return `the Azure CLI was not found (stagecraft.az.path = "${azPath}"). Install it (https://learn.microsoft.com/cli/azure/install-azure-cli, or \`apt-get install azure-cli\`), then run \`az login\`.`;
}

export const NOT_LOGGED_IN_MESSAGE =
  'the Azure CLI is not logged in. Run `az login` in a terminal (and `az account set --subscription <id>` if you have several), then build again.';

/** `az account show`: logged in, not logged in, or another failure (its own words). */
export function classifyAzAccount(
  result: ExecResult,
): { state: 'ok' } | { state: 'missing' } | { state: 'not-logged-in' } | { state: 'failed'; detail: string } {
  if (result.missing) return { state: 'missing' };
  if (result.code === 0) return { state: 'ok' };
  const text = `${result.stderr}\n${result.stdout}`;
  if (/az login|not logged in|no subscriptions? found|AADSTS700082|refresh token has expired/i.test(text)) return { state: 'not-logged-in' };
  return { state: 'failed', detail: text.trim().split('\n').slice(-1)[0] ?? '' };
}

export interface DockerProbe {
  missing: boolean;
  client?: Version;
  hasBuildx: boolean;
  /** The engine's version and OS; undefined when it did not answer. */
  engine?: Version;
  engineOs?: string;
  /** The active docker context, as `docker version` names it. */
  context?: string;
  /** `docker version` failed for another reason (e.g. no daemon): the CLI's own words. */
  error?: string;
}

/** `docker version --format '{{json .}}'`: the client's and the engine's parts; plain text (a CLI that ignores --format) is read as the client's version. */
export function readVersionOutput(stdout: string): Pick<DockerProbe, 'client' | 'engine' | 'engineOs' | 'context'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.trim().split('\n')[0] ?? '');
  } catch {
    return { client: parseVersion(stdout) };
  }
  const record = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const client = record(record(parsed).Client);
  const server = record(record(parsed).Server);
  const engineVersion = text(server.Version);
  return {
    client: parseVersion(text(client.Version) ?? ''),
    context: text(client.Context),
    engine: engineVersion ? parseVersion(engineVersion) : undefined,
    engineOs: text(server.Os),
  };
}

/** `docker version --format '{{json .}}'` (client, engine, context) and, for a 23+ CLI, `docker buildx version`. */
export async function probeDocker(dockerPath: string, env: NodeJS.ProcessEnv, run: Exec = exec): Promise<DockerProbe> {
  const version = await run(dockerPath, ['version', '--format', '{{json .}}'], { env, timeoutMs: 20_000 });
  if (version.missing) return { missing: true, hasBuildx: false };
  // Without a daemon `docker version` exits 1 but still prints the client's part.
  const facts = readVersionOutput(version.stdout);
  let hasBuildx = false;
  if (facts.client && facts.client.major >= 23) hasBuildx = (await run(dockerPath, ['buildx', 'version'], { env, timeoutMs: 20_000 })).code === 0;
  const error = version.code === 0 ? undefined : version.stderr.trim().split('\n').pop() || `exit ${version.code}`;
  return { missing: false, ...facts, hasBuildx, error };
}

/** When `docker version` could not reach the engine: what to tell the user (undefined: it could). */
export function daemonMessage(probe: DockerProbe, dockerHost: string | undefined): string | undefined {
  if (probe.missing || !probe.error) return undefined;
  if (
    !/cannot connect to the docker daemon|is the docker daemon running|error during connect|permission denied.*docker\.sock|connection refused/i.test(
      probe.error,
    )
  )
    return undefined;
  return `the docker CLI cannot reach the Docker engine${dockerHost ? ` at ${dockerHost}` : ''} (${probe.error.replace(/\.$/, '')}). Start Docker, or point DOCKER_HOST (or the docker context) at a running engine.`;
}
