/**
 * A shipped, runnable stage whose process runs as root: no USER in the stage or the stages it is
 * built FROM (and a base image whose default user is root), or a last `USER root` / `USER 0`.
 * Images that are non-root by default (distroless `:nonroot`, Chainguard, `*-unprivileged`, .NET
 * chiseled) count as non-root; an image whose default user is not known (not an official image,
 * distroless, .NET, UBI, ... in analysis/images.json) is not reported without a USER root. A stage
 * FROM scratch with no CMD/ENTRYPOINT is an export of files, not something that runs, and Windows
 * images have no root user: both are skipped.
 */
import type { Fix, Rule } from './rule';
import { textFix } from './rule';
import type { DockerfileModel, Stage, Word } from '../../analysis/model';
import { isNonRootImage, isRootImage } from '../../analysis/images';
import { chainFacts, chainRoot, describeStage, isWindowsStage, shippedStages } from '../../analysis/shipping';

export const ROOT_USER = /^(?:root|0)(?::.*)?$/;

export interface EffectiveUser {
  /** The USER word that decides, if any. */
  user?: Word;
  /** Why there is no USER: the base image's default. */
  imageDefault?: 'root' | 'non-root' | 'unknown';
  /** The base image at the root of the FROM chain, as written. */
  image?: string;
  runnable: boolean;
  windows: boolean;
}

/** Who the stage's process runs as: the last USER along its FROM chain, else the base image's default. */
export function effectiveUser(model: DockerfileModel, stage: Stage): EffectiveUser {
  const facts = chainFacts(model);
  const base = chainRoot(model, stage.index).base;
  const runnable = facts.command[stage.index] || base.kind !== 'scratch';
  const image = base.kind === 'image' ? base.image : undefined;
  const windows = isWindowsStage(model, stage.index);
  const user = facts.user[stage.index];
  if (user) return { user, runnable, windows, image: image?.raw };
  if (base.kind === 'scratch') return { imageDefault: 'root', runnable, windows, image: 'scratch' };
  if (!image) return { imageDefault: 'unknown', runnable, windows };
  return { imageDefault: isNonRootImage(image) ? 'non-root' : isRootImage(image) ? 'root' : 'unknown', runnable, windows, image: image.raw };
}

export const rootUserInShippedStage: Rule = {
  id: 'root-user-in-shipped-stage',
  defaultSeverity: 'information',
  summary: 'A shipped stage runs its process as root (no USER, or USER root).',
  check({ model }) {
    const findings = [];
    for (const index of shippedStages(model)) {
      const stage = model.stages[index];
      const who = effectiveUser(model, stage);
      if (!who.runnable || who.windows) continue;
      const name = describeStage(model, stage);
      const Name = name[0].toUpperCase() + name.slice(1);
      if (who.user) {
        if (!ROOT_USER.test(who.user.value)) continue;
        findings.push({
          range: who.user.range,
          message: `${Name} runs as root (\`USER ${who.user.value}\`). Switch to an unprivileged user after the steps that need root, e.g. \`USER 65532:65532\`.`,
        });
      } else if (who.imageDefault === 'root') {
        const image = who.image ?? '';
        const distroless = /^gcr\.io\/distroless\//.test(image);
        const node = /^(?:docker\.io\/)?(?:library\/)?node(?::|$)/.test(image);
        const suggestion = distroless
          ? 'use the `:nonroot` variant of the image'
          : node
            ? 'add `USER node` (the node images have that user)'
            : 'add `USER 65532:65532` (or a user you create) before CMD/ENTRYPOINT';
        findings.push({
          range: { start: stage.fromInstruction.keywordRange.start, end: stage.baseRange.end },
          message: `${Name} runs as root: no USER is set and \`${image}\` runs as root by default. A process that is root in the container is root on the host if it escapes; ${suggestion}.`,
          data: { stage: index, distroless, node },
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const data = diagnostic.data as { stage?: number; distroless?: boolean; node?: boolean } | undefined;
    if (data?.stage === undefined) return [];
    const stage = context.model.stages[data.stage];
    if (!stage) return [];
    const fixes: Fix[] = [];
    if (data.distroless && stage.base.kind === 'image') {
      const { image } = stage.base;
      const tag = image.tag && image.tag !== 'latest' ? `${image.tag}-nonroot` : 'nonroot';
      const name = image.raw.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
      if (!stage.baseText.includes('$')) fixes.push(textFix(context, `Use \`${name}:${tag}\``, stage.baseRange, `${name}:${tag}`, true));
    }
    const user = data.node ? 'node' : '65532:65532';
    // Before the stage's CMD/ENTRYPOINT (what runs), else after its last instruction.
    const run = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
    const indent = ''.padStart(stage.fromInstruction.keywordRange.start.character);
    if (run) {
      const at = { line: run.range.start.line, character: 0 };
      fixes.push(textFix(context, `Add \`USER ${user}\``, { start: at, end: at }, `${indent}USER ${user}\n`, fixes.length === 0));
    } else {
      const last = stage.instructions[stage.instructions.length - 1];
      fixes.push(textFix(context, `Add \`USER ${user}\``, { start: last.range.end, end: last.range.end }, `\n${indent}USER ${user}`, fixes.length === 0));
    }
    return fixes;
  },
};
