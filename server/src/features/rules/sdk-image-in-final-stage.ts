/**
 * A shipped stage (the default target, or a leaf stage that looks like a deliverable) based on an
 * SDK/build image: golang, rust, maven, gradle, a JDK, dotnet/sdk, full node/python. The image
 * ships the compiler and headers; the message names the runtime image(s) to use instead, with
 * approximate compressed sizes from the data table (analysis/images.json). Only stages that say what
 * they run (CMD/ENTRYPOINT here or in a stage they are FROM): without one, an SDK stage is a
 * build or tool environment (lint, generate, dev shell) and the SDK is the point.
 */
import type { Rule } from './rule';
import { textFix } from './rule';
import { sdkImage } from '../../analysis/images';
import { chainFacts, chainRoot, describeStage, setsCommand, shippedStages } from '../../analysis/shipping';

export const sdkImageInFinalStage: Rule = {
  id: 'sdk-image-in-final-stage',
  defaultSeverity: 'warning',
  summary: 'A shipped stage is based on an SDK/build image (golang, dotnet/sdk, maven, full node, ...): ship a runtime image instead.',
  check({ model }) {
    const findings = [];
    for (const index of shippedStages(model)) {
      const stage = model.stages[index];
      const root = chainRoot(model, index);
      if (root.base.kind !== 'image') continue;
      // An SDK stage that sets no CMD/ENTRYPOINT is a build or tool environment (lint, generate, dev
      // shell), where the SDK is the point; an app image says what it runs.
      if (!setsCommand(model, index)) continue;
      const sdk = sdkImage(root.base.image);
      if (!sdk) continue;
      const size = sdk.size ? ` (${sdk.size}, compressed)` : '';
      const runtimes = sdk.runtimes.map((r) => `\`${r.image}\`${r.size ? ` (${r.size})` : ''}`).join(' or ');
      const via = root === stage ? '' : ` through the stage \`${root.name ?? `stage ${root.index}`}\``;
      const what = `${describeStage(model, stage)} ships \`${root.base.image.raw}\`${via}, ${sdk.label}${size}`;
      const copies = chainFacts(model).copiesFromStage[index];
      const parent = stage.base.kind === 'stage' ? model.stages[stage.base.stageIndex] : undefined;
      const advice = parent
        ? `Start it FROM a runtime image and copy what it needs with \`COPY --from=${parent.name ?? parent.index}\`; runtime images`
        : copies
          ? 'Base it on a runtime image instead'
          : `${sdk.advice[0].toUpperCase()}${sdk.advice.slice(1)}, and base this stage on a runtime image`;
      // Keep a variable in the tag: `node:${V}` -> `node:${V}-slim` when the runtime only adds a suffix.
      const raw = root.base.image.raw;
      const replacements = sdk.runtimes.map((r) =>
        stage.baseText.includes('$') && r.image.startsWith(raw) ? stage.baseText + r.image.slice(raw.length) : r.image,
      );
      findings.push({
        range: stage.baseRange,
        message: `${what[0].toUpperCase()}${what.slice(1)}. ${advice}: ${runtimes}.`,
        data: root === stage ? { replacements } : undefined,
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const replacements = (diagnostic.data as { replacements?: string[] } | undefined)?.replacements ?? [];
    return replacements.map((image, i) => textFix(context, `Use \`${image}\` as the base`, diagnostic.range, image, i === 0));
  },
};
