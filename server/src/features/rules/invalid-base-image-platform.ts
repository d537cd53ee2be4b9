/**
 * BuildKit's InvalidBaseImagePlatform (moby/buildkit@73ed6825c4b7569379ef89df0aedcdbe64473d31,
 * frontend/dockerfile/linter/ruleset.go `RuleInvalidBaseImagePlatform`, raised by
 * `validateBaseImagePlatform` in dockerfile2llb/validations.go from `resolveBaseImage` in
 * dockerfile2llb/convert.go): once BuildKit has resolved the image of a FROM (not scratch, not
 * another stage) for the platform the stage is built for, that image's own OS or architecture is
 * not the stage's. Variants are not compared. Reported on the FROM with BuildKit's message:
 * `Base image <image> was pulled with platform "<actual>", expected "<expected>" for current build`,
 * both platforms as containerd's FormatAll(Normalize(p)).
 *
 * The stage's platform: its `--platform` value, expanded with the global ARGs and BuildKit's
 * predefined ones (TARGETPLATFORM is the target, BUILDPLATFORM the engine's), parsed as containerd
 * does; else the target platform. Which image BuildKit gets (util/imageutil/config.go): from an
 * index, the best entry `platforms.Only(expected)` accepts (the platform itself, lower variants,
 * then 386 for amd64 and arm for arm64: only these fallbacks can differ); none is a build error, not
 * this check. A single manifest is taken whatever its platform. The Docker engine's builder first
 * takes its local image of that name when that image's platform matches the stage's (moby
 * builder-next adapters/containerimage `platformMatches`), so a matching local image is what is used.
 *
 * Nothing here looks anything up: the platforms come from what the image-size lookups have learnt
 * (RuleEnvironment.platforms). Where a piece is unknown (no lookup yet, a variable without a value,
 * a platform value BuildKit would reject), the rule says nothing. No quick fix: whether to pin the
 * stage's platform or pick another image is the author's call.
 */
import type { Finding, Rule, BaseImagePlatforms } from './rule';
import { goQuote } from './rule';
import { formatAll, normalizeFull, parseFullPlatform, platformFlag, platformMatches, platformVector, type FullPlatform } from './platform-flag';
import { substitute } from '../../analysis/variables';
import type { ImagePlatform } from '../../registry/platform';

/**
 * The image BuildKit would get for `expected`, from what is known: the local engine's image when
 * its platform matches, else the registry's index entry `platforms.Only(expected)` ranks first, or
 * the single manifest. Undefined when unknown or when BuildKit would find none (a build error).
 */
export function resolvedPlatform(known: BaseImagePlatforms, expected: FullPlatform): FullPlatform | undefined {
  const vector = platformVector(expected);
  const rank = (platform: ImagePlatform) => {
    const p = normalizeFull(platform);
    return vector.findIndex((wanted) => platformMatches(wanted, p));
  };
  if (known.local && rank(known.local) >= 0) return normalizeFull(known.local);
  const registry = known.registry;
  if (!registry) return undefined;
  if ('single' in registry) return normalizeFull(registry.single);
  let best: ImagePlatform | undefined;
  let bestRank = Infinity;
  for (const entry of registry.index) {
    const r = rank(entry);
    if (r >= 0 && r < bestRank) {
      best = entry;
      bestRank = r;
    }
  }
  return best && normalizeFull(best);
}

/** BuildKit's meta args for FROM lines (dockerfile2llb/platform.go `defaultArgs`, then the global ARGs). */
function fromArgs(
  model: Parameters<Rule['check']>[0]['model'],
  target: FullPlatform,
  build: FullPlatform,
  overrides: Readonly<Record<string, string>>,
): Map<string, string | undefined> {
  const vars = new Map<string, string | undefined>();
  const defaults: [string, string][] = [
    ['BUILDPLATFORM', [build.os, build.architecture, build.variant].filter(Boolean).join('/')],
    ['BUILDOS', build.os],
    ['BUILDOSVERSION', build.osVersion],
    ['BUILDARCH', build.architecture],
    ['BUILDVARIANT', build.variant],
    ['TARGETPLATFORM', formatAll(target)],
    ['TARGETOS', target.os],
    ['TARGETOSVERSION', target.osVersion],
    ['TARGETARCH', target.architecture],
    ['TARGETVARIANT', target.variant],
  ];
  for (const [name, value] of defaults) vars.set(name, Object.hasOwn(overrides, name) ? overrides[name] : value);
  for (const arg of model.globalArgs) {
    const override = Object.hasOwn(overrides, arg.name) ? overrides[arg.name] : undefined;
    const value = override ?? (arg.defaultValue === undefined ? undefined : substitute(arg.defaultValue, vars, model.directives.escape).value);
    vars.set(arg.name, value ?? vars.get(arg.name));
  }
  return vars;
}

export const invalidBaseImagePlatform: Rule = {
  id: 'invalid-base-image-platform',
  buildkit: 'InvalidBaseImagePlatform',
  defaultSeverity: 'warning',
  summary: 'The base image offers another platform than the stage is built for (known from image lookups).',
  check({ model, env, buildArgs = {} }) {
    const facts = env.platforms;
    // Nothing known of any base image's platforms (no lookup has answered): nothing to compare.
    if (!facts || !model.stages.some((stage) => stage.base.kind === 'image' && Object.hasOwn(facts.images, stage.base.image.normalized))) return [];
    // One target platform only: a list (a multi-platform build) is not one "current build".
    const target = facts.target.includes(',') ? undefined : parseFullPlatform(facts.target.trim());
    const build = parseFullPlatform(facts.build.trim());
    if (!target || !build) return [];
    let vars: Map<string, string | undefined> | undefined;
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      if (stage.base.kind !== 'image') continue;
      const known = Object.hasOwn(facts.images, stage.base.image.normalized) ? facts.images[stage.base.image.normalized] : undefined;
      if (!known) continue;
      let expected = target;
      const flag = platformFlag(stage);
      if (flag) {
        if (!flag.value) continue; // BuildKit: an empty platform is an error
        vars ??= fromArgs(model, target, build, buildArgs);
        const { value, missing } = substitute(flag.value.replace(/^(["'])(.*)\1$/, '$2'), vars, model.directives.escape);
        if (missing.length) continue;
        const parsed = parseFullPlatform(value);
        if (!parsed) continue; // BuildKit fails the build ("failed to parse platform")
        expected = parsed;
      }
      const actual = resolvedPlatform(known, expected);
      if (!actual || (actual.os === expected.os && actual.architecture === expected.architecture)) continue;
      findings.push({
        range: stage.fromInstruction.range,
        message: `Base image ${stage.base.image.raw} was pulled with platform ${goQuote(formatAll(actual))}, expected ${goQuote(formatAll(expected))} for current build`,
      });
    }
    return findings;
  },
};
