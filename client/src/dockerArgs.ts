/** Pure helpers for the docker command lines the client runs (no vscode import, unit-tested). */
import * as path from 'node:path';

export { STAGE_NAME } from '../../server/src/protocol';

export interface TargetTask {
  dockerfile: string; target?: string; tag: string; context: string;
  /** `stagecraft.buildArgs`: each passed as `--build-arg NAME=value` (one argument, never through a shell). */
  buildArgs?: Record<string, string>;
}

/** `stagecraft/<folder>:<target>`, lower-cased and limited to the characters image references allow. */
export function imageTag(dockerfile: string, target?: string): string {
  const clean = (text: string, fallback: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || fallback;
  return `stagecraft/${clean(path.basename(path.dirname(dockerfile)), 'app')}:${clean(target ?? 'latest', 'latest').slice(0, 128)}`;
}

/** The `docker build` argument list for a target: passed to the process as is, never to a shell. */
export function buildArgs(task: TargetTask): string[] {
  const buildArgFlags = Object.entries(task.buildArgs ?? {}).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]);
  return ['build', ...(task.target ? ['--target', task.target] : []), ...buildArgFlags, '-f', task.dockerfile, '-t', task.tag, task.context];
}
