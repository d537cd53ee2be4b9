/**
 * Pure helpers of the "Get started with multi-stage builds" walkthrough (no vscode import,
 * unit-tested): what a docker failure means for the user, the base images a target builds on, the
 * size comparison and the plain-words explanation of a build plan.
 */
import type { BuildPlanResult, PlanStage } from '../../server/src/protocol';

export type DockerProblem = { kind: 'not-found'; message: string } | { kind: 'no-engine'; message: string } | { kind: 'failed'; message: string };

/** What went wrong when `docker` was run, from Node's execFile error (code ENOENT/EACCES or an exit code) and stderr. */
export function dockerProblem(dockerPath: string, error: { code?: string | number | null }, stderr = ''): DockerProblem {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    return {
      kind: 'not-found',
      message: `docker not found: "${dockerPath}" could not be started. Install Docker (Docker Desktop, or the docker CLI and engine), or set stagecraft.docker.path to the docker CLI.`,
    };
  }
  const text = stderr.trim();
  if (
    /cannot connect to the docker daemon|error during connect|is the docker daemon running|connection refused|no such file or directory.*\.sock|permission denied.*docker\.sock/i.test(
      text,
    )
  ) {
    return {
      kind: 'no-engine',
      message: `Docker engine not running: the docker CLI works but no engine answers${text ? ` (${firstLine(text)})` : ''}. Start Docker Desktop or dockerd, or point DOCKER_HOST (or a docker context) at a running engine.`,
    };
  }
  return {
    kind: 'failed',
    message: `docker failed${error.code !== undefined && error.code !== null ? ` (exit ${error.code})` : ''}${text ? `: ${firstLine(text)}` : ''}.`,
  };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** The major version of a docker CLI version like `20.10.24+dfsg1` or `28.2.2`. */
export function majorVersion(version: string): number | undefined {
  const match = /^(\d+)\./.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

export interface BaseImage {
  image: string;
  stages: string[];
}

/** The images (not stages, not scratch) the stages of the plan's target start from, with the stages that use each. */
export function baseImages(plan: Pick<BuildPlanResult, 'stages' | 'buildkit'>): BaseImage[] {
  const byImage = new Map<string, string[]>();
  for (const index of plan.buildkit) {
    const stage = plan.stages[index];
    if (!stage || stage.baseKind !== 'image' || !stage.image) continue;
    const stages = byImage.get(stage.image) ?? [];
    stages.push(stage.label);
    byImage.set(stage.image, stages);
  }
  return [...byImage].map(([image, stages]) => ({ image, stages }));
}

/** Bytes as decimal megabytes, like `docker images` shows them: `2.1 MB`, `585.1 MB`, `0.004 MB`. */
export function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  if (mb >= 10) return `${mb.toFixed(0)} MB`;
  if (mb >= 0.1) return `${mb.toFixed(1)} MB`;
  return `${mb.toFixed(3)} MB`;
}

export interface MeasuredBase extends BaseImage {
  size?: number;
}

/** An image reference as people write it: without Docker Hub's `docker.io/` and `library/`. */
export function displayImage(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '');
}

/**
 * One line comparing the final image with the largest base image it was built from (the SDK image in
 * a typical build stage), then every base image's size. Sizes are the engine's uncompressed local sizes.
 */
export function sizeReport(final: { ref: string; size: number }, bases: MeasuredBase[]): string {
  const measured = bases.filter((b): b is MeasuredBase & { size: number } => b.size !== undefined);
  const parts = [`final ${final.ref}: ${megabytes(final.size)}`];
  const largest = [...measured].sort((a, b) => b.size - a.size)[0];
  if (largest) {
    const change = largest.size > 0 ? Math.round((1 - final.size / largest.size) * 100) : 0;
    const relation = change > 0 ? `${change}% smaller` : change < 0 ? `${-change}% larger` : 'the same size';
    parts.push(`base image ${displayImage(largest.image)} (${largest.stages.join(', ')}): ${megabytes(largest.size)} (${relation})`);
  }
  for (const base of bases) {
    if (base === largest) continue;
    const name = displayImage(base.image);
    parts.push(base.size === undefined ? `${name}: not in the local engine` : `${name} (${base.stages.join(', ')}): ${megabytes(base.size)}`);
  }
  if (bases.length === 0) parts.push('no base image to compare with (the target starts FROM scratch or from stages only)');
  return `${parts.join('; ')}. Uncompressed local sizes.`;
}

const names = (plan: Pick<BuildPlanResult, 'stages'>, indices: number[]) => indices.map((i) => plan.stages[i]?.label ?? `stage ${i}`);

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The plan of the default target in plain words: what BuildKit builds and skips, and what the classic
 * builder builds; when builds here use the classic builder (plan.builder), that first, and why.
 */
export function explainPlan(plan: Pick<BuildPlanResult, 'stages' | 'buildkit' | 'classic' | 'target' | 'builder'>): string {
  if (plan.target === undefined || plan.stages.length === 0) return 'This Dockerfile has no stages yet: every FROM starts one.';
  const target = plan.stages[plan.target] as PlanStage;
  const built = new Set(plan.buildkit);
  const skipped = plan.stages.filter((s) => s.index <= plan.target! && !built.has(s.index)).map((s) => s.label);
  const needs = names(
    plan,
    plan.buildkit.filter((i) => i !== plan.target),
  );
  let text = `The default target is ${target.label} (the last stage)`;
  text += needs.length ? `; it needs ${list(needs)}.` : '; it needs no other stage.';
  const why = (skip: string) =>
    skipped.length ? ` and ${skip} ${list(skipped)}: nothing ${target.label} needs uses ${skipped.length === 1 ? 'it' : 'them'}.` : '.';
  if (plan.builder?.kind === 'classic') {
    text += ` Builds here use the classic builder${plan.builder.reason ? ` (${plan.builder.reason})` : ''}: it builds every stage up to the target, ${plan.classic.length} of ${plan.stages.length}.`;
    return `${text} BuildKit would build ${plan.buildkit.length} of ${plan.stages.length}${why('skip')}`;
  }
  text += ` BuildKit builds ${plan.buildkit.length} of ${plan.stages.length} stages${why('skips')}`;
  text += ` The classic builder builds every stage up to the target: ${plan.classic.length} of ${plan.stages.length}.`;
  return text;
}

/** The stage named `test` (case-insensitive, as Docker matches names), if the Dockerfile has one. */
export function testStage(plan: Pick<BuildPlanResult, 'stages'>): string | undefined {
  return plan.stages.find((s) => s.name?.toLowerCase() === 'test')?.name;
}
