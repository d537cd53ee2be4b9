/**
 * The one place that decides which builder a build uses: BuildKit or the classic builder, and why.
 * Everything that names a builder (the terminal header, the lenses and stage hovers through the
 * server, the graph's and the walkthrough's default, the check before a classic build) takes it
 * from here. Pure: the facts come from preflight.ts's probe (`docker version`, `docker buildx
 * version`, both with an argument list) and the environment.
 *
 * What decides, from the docker CLI's source and measured with Docker 28.2 and Debian's 20.10:
 *  - DOCKER_BUILDKIT=0 (or false): the classic builder, with any CLI.
 *  - A Docker 23+ CLI builds with BuildKit through the buildx plugin. Without buildx it falls back
 *    to the classic builder with a deprecation notice, unless DOCKER_BUILDKIT=1 (then it fails).
 *    Against an engine running Windows containers it uses the classic builder.
 *  - An older CLI (20.10) has BuildKit built in. It uses it with DOCKER_BUILDKIT=1, or when the
 *    engine says BuildKit is its default builder: engines 23 and later do on Linux.
 */
import type { Builder } from '../dockerArgs';
import type { Version } from '../preflight';

/** What the probe found about the docker CLI and the engine it talks to. */
export interface DockerFacts {
  /** The CLI's version; undefined when it did not say. */
  client?: Version;
  hasBuildx: boolean;
  /** The engine's version; undefined when the engine did not answer. */
  engine?: Version;
  /** The engine's OS (`linux`, `windows`). */
  engineOs?: string;
  /** The active docker context (`default`, or the name `docker context use` set). */
  context?: string;
}

export interface BuilderDecision {
  /** What will build: BuildKit or the classic builder. */
  builder: 'buildkit' | 'classic';
  /** DOCKER_BUILDKIT to set for the process (none: the CLI decides, as the user's shell would). */
  env: Record<string, string>;
  /** Why this builder, in a few words that end a sentence: `this docker CLI (28.2.2) has no buildx`. */
  reason: string;
  /** Set when the build cannot run: BuildKit is asked for but this CLI cannot do it. */
  problem?: 'needs-buildx';
  /** True when the user chose the builder (setting or this build's override), false when detected. */
  chosen: boolean;
}

function flag(value: string | undefined): 'on' | 'off' | undefined {
  const text = value?.trim().toLowerCase();
  if (text === '1' || text === 'true') return 'on';
  if (text === '0' || text === 'false') return 'off';
  return undefined;
}

/** The builder the setting gives with this CLI and engine; `inherited` is DOCKER_BUILDKIT as the build would inherit it. */
export function decideBuilder(setting: Builder, facts: DockerFacts, inherited?: string): BuilderDecision {
  const { client, hasBuildx, engine, engineOs } = facts;
  const modern = client !== undefined && client.major >= 23;
  const cli = client ? `docker ${client.text}` : 'this docker CLI';
  if (setting === 'classic') return { builder: 'classic', env: { DOCKER_BUILDKIT: '0' }, reason: 'stagecraft.build.builder is classic', chosen: true };
  if (setting === 'buildkit') {
    const decision: BuilderDecision = { builder: 'buildkit', env: { DOCKER_BUILDKIT: '1' }, reason: 'stagecraft.build.builder is buildkit', chosen: true };
    return modern && !hasBuildx ? { ...decision, problem: 'needs-buildx' } : decision;
  }
  // auto: what this CLI does on its own, with the environment it inherits.
  const env = flag(inherited);
  const classic = (reason: string): BuilderDecision => ({ builder: 'classic', env: {}, reason, chosen: false });
  const buildkit = (reason: string): BuilderDecision => ({ builder: 'buildkit', env: {}, reason, chosen: false });
  if (env === 'off') return classic('DOCKER_BUILDKIT=0 in the environment');
  if (engineOs === 'windows' && env !== 'on') return classic('the engine runs Windows containers');
  if (modern) {
    if (hasBuildx) return buildkit(`${cli}'s default, through buildx`);
    if (env === 'on') return { ...buildkit('DOCKER_BUILDKIT=1 in the environment'), problem: 'needs-buildx' };
    return classic(`this docker CLI (${client.text}) has no buildx`);
  }
  if (env === 'on') return buildkit('DOCKER_BUILDKIT=1 in the environment');
  if (engine && engine.major >= 23) return buildkit(`engine ${engine.text} makes it the default`);
  if (!engine) return classic(`${cli} uses it without DOCKER_BUILDKIT=1 (the engine did not answer)`);
  return classic(`${cli} with engine ${engine.text} uses it without DOCKER_BUILDKIT=1`);
}

/** `BuildKit` / `the classic builder`. */
export function builderName(builder: 'buildkit' | 'classic'): string {
  return builder === 'buildkit' ? 'BuildKit' : 'the classic builder';
}

/** Where builds go, for the terminal: `context default, engine 20.10.24`. */
export function whereBuilt(facts: DockerFacts): string {
  const parts = [`context ${facts.context ?? 'default'}`];
  parts.push(facts.engine ? `engine ${facts.engine.text}${facts.engineOs && facts.engineOs !== 'linux' ? ` (${facts.engineOs})` : ''}` : 'engine not reached');
  if (facts.client) parts.push(`docker CLI ${facts.client.text}${facts.hasBuildx ? ' with buildx' : ''}`);
  return parts.join(', ');
}

/** The terminal's builder line: `builder: the classic builder, because this docker CLI (28.2.2) has no buildx (context default, engine 20.10.24, …)`. */
export function builderLine(decision: BuilderDecision, facts: DockerFacts): string {
  return `builder: ${builderName(decision.builder)}, because ${decision.reason} (${whereBuilt(facts)})`;
}

/** Up to this many uses are named in the message. */
const NAMED = 3;

/**
 * A file that needs BuildKit, on a classic build that was not chosen: what it uses, why the classic
 * builder, and the ways out.
 */
export function needsBuildKitMessage(file: string, uses: readonly { line: number; feature: string }[], decision: BuilderDecision): string {
  const named = uses.slice(0, NAMED).map((use) => `${use.feature} on line ${use.line + 1}`);
  const more = uses.length > NAMED ? ` and ${uses.length - NAMED} more` : '';
  return (
    `${file} needs BuildKit (${named.join(', ')}${more}), but this build would use the classic builder: ${decision.reason}. ` +
    'Install the buildx plugin (docker-buildx-plugin, or the binary in ~/.docker/cli-plugins/), point stagecraft.docker.path at a docker CLI that has BuildKit, ' +
    'or build with the classic builder anyway (it will refuse those lines).'
  );
}
