/**
 * `FROM image` without a tag, or with `:latest`: the build takes whatever the registry has today,
 * so two builds of the same commit can differ. A digest pins it (fine); stage names, `scratch` and
 * references built from ARGs (the tag is chosen by the build) are not reported. hadolint DL3006/DL3007.
 */
import type { Rule } from './rule';

export const untaggedBaseImage: Rule = {
  id: 'untagged-base-image',
  defaultSeverity: 'information',
  summary: 'A FROM image has no tag or uses `:latest`, so builds are not reproducible.',
  check({ model }) {
    const findings = [];
    for (const stage of model.stages) {
      if (stage.base.kind !== 'image' || stage.baseText.includes('$')) continue;
      const { image } = stage.base;
      if (image.digest !== undefined) continue;
      if (image.tag !== undefined && image.tag !== 'latest') continue;
      const name = image.tag === undefined ? image.raw : image.raw.slice(0, -':latest'.length);
      findings.push({
        range: stage.baseRange,
        message:
          image.tag === undefined
            ? `\`${image.raw}\` has no tag, so it means \`${name}:latest\`: whatever the registry has when you build. Pin a version tag (e.g. \`${name}:<version>\`) or a digest.`
            : `\`${image.raw}\` follows whatever the registry has when you build. Pin a version tag or a digest.`,
      });
    }
    return findings;
  },
};
