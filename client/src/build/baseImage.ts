/**
 * Image sizes after a build: the image's own (`docker image inspect`), and the largest base image the
 * build ran FROM that the engine has locally, to compare with. Pure but for docker (preflight's exec).
 */
import type { BuildPlanResult } from '../../../server/src/protocol';
import { exec } from '../preflight';
import type { SizeReport } from '../results';
import { PLATFORM, toDestination, type Destination } from './destination';

/** Uncompressed size of a local image, in bytes; undefined when the engine does not have it. */
export async function imageSize(docker: string, image: string, env: NodeJS.ProcessEnv, destination?: Destination): Promise<number | undefined> {
  const result = await exec(docker, toDestination(['image', 'inspect', '--format', '{{.Size}}', image], destination), { env, timeoutMs: 20_000 });
  const size = Number(result.stdout.trim());
  return result.code === 0 && Number.isFinite(size) ? size : undefined;
}

/** `{{.Size}} {{.Os}}/{{.Architecture}}[/{{.Variant}}]`: the size and platform of the image a build made. */
const SIZE_AND_PLATFORM = '{{.Size}} {{.Os}}/{{.Architecture}}{{with .Variant}}/{{.}}{{end}}';

/** Reads what `docker image inspect --format SIZE_AND_PLATFORM` printed; the platform is dropped when it reads oddly. */
export function parseSizeAndPlatform(stdout: string): { size: number; platform?: string } | undefined {
  const [sizeText, platform] = stdout.trim().split(/\s+/);
  const size = Number(sizeText);
  if (!sizeText || !Number.isFinite(size)) return undefined;
  return PLATFORM.test(platform ?? '') ? { size, platform } : { size };
}

/** The size and platform of the image a build made (the platform names the size in the build's report). */
export async function builtImage(
  docker: string,
  image: string,
  env: NodeJS.ProcessEnv,
  destination?: Destination,
): Promise<{ size: number; platform?: string } | undefined> {
  const result = await exec(docker, toDestination(['image', 'inspect', '--format', SIZE_AND_PLATFORM, image], destination), { env, timeoutMs: 20_000 });
  return result.code === 0 ? parseSizeAndPlatform(result.stdout) : undefined;
}

/**
 * The largest base image, among the stages the builder ran for the plan's target, that the engine
 * has locally (`sizeOf` answers undefined for an image it does not have). A base written with a
 * variable is looked up by its resolved name only.
 */
export async function largestLocalBase(
  plan: BuildPlanResult,
  builder: 'buildkit' | 'classic',
  sizeOf: (image: string) => Promise<number | undefined>,
): Promise<SizeReport['base']> {
  const ran = builder === 'buildkit' ? plan.buildkit : plan.classic;
  // The stage the target's FROM chain starts at: its base image is "its base".
  let root = plan.stages[plan.target!];
  for (let guard = 0; root?.baseKind === 'stage' && guard < 100; guard++) {
    const key = root.baseText.toLowerCase();
    root = plan.stages.find((s) => s.index < root!.index && (s.name?.toLowerCase() === key || String(s.index) === key)) ?? root;
    if (root.baseKind !== 'stage') break;
  }
  let best: SizeReport['base'];
  for (const index of ran) {
    const stage = plan.stages[index];
    if (stage.baseKind !== 'image') continue;
    const names = [stage.baseText, stage.image].filter((n): n is string => !!n && !n.includes('$'));
    for (const name of names) {
      const size = await sizeOf(name);
      if (size === undefined) continue;
      if (!best || size > best.size)
        best = { image: stage.baseText.includes('$') ? name : stage.baseText, size, stage: stage.label, isTargetBase: stage.index === root?.index };
      break;
    }
  }
  return best;
}
