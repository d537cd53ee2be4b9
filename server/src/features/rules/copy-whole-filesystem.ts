/**
 * `COPY --from=x / /…`: copies every file of another stage or image whose filesystem is an OS or a
 * language image (alpine, debian, golang, node, ...: analysis/images.json) instead of its artifacts:
 * the OS files, package caches and SDK come along. Not reported: sources that hold only what was
 * put there on purpose (a stage FROM scratch, helper images such as tonistiigi/xx or *-bin images),
 * and squashing (`FROM scratch` then `COPY --from=x / /`: the stage becomes a one-layer copy of x).
 * hadolint DL3067.
 */
import type { Rule } from './rule';
import { stageLabel } from '../../analysis/lookup';
import { chainRoot } from '../../analysis/shipping';
import { isOsImage } from '../../analysis/images';

/** Sources that mean "the root" (with --from, paths are relative to the source's root). */
const ROOTS = new Set(['/', '/.', '/*', '.', './', './*']);
const unquote = (value: string) => value.replace(/^(["'])(.*)\1$/, '$2');

export const copyWholeFilesystem: Rule = {
  id: 'copy-whole-filesystem',
  defaultSeverity: 'warning',
  summary: '`COPY --from=x / /` copies a whole filesystem (OS, caches, SDK) from another stage or image instead of its artifacts.',
  check({ model }) {
    const findings = [];
    // References by position of their text, built on the first candidate (a --from flag's value starts where its reference does).
    let references: Map<string, (typeof model.references)[number]> | undefined;
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.jsonForm || instruction.args.length < 2) continue;
        const flag = instruction.flags.find((f) => f.name.toLowerCase() === 'from' && f.valueRange);
        if (!flag) continue;
        const root = instruction.args.slice(0, -1).find((word) => ROOTS.has(unquote(word.value)));
        if (!root) continue;
        references ??= new Map(model.references.map((r) => [`${r.range.start.line}:${r.range.start.character}`, r]));
        const reference = references.get(`${flag.valueRange!.start.line}:${flag.valueRange!.start.character}`);
        if (!reference) continue;
        const destination = unquote(instruction.args[instruction.args.length - 1].value);
        const ownBase = chainRoot(model, stage.index).base;
        if (ownBase.kind === 'scratch' && destination === '/') continue; // squashing into one layer
        let from: string;
        if (reference.target.kind === 'stage') {
          const base = chainRoot(model, reference.target.stageIndex).base;
          if (base.kind !== 'image' || !isOsImage(base.image)) continue; // an export stage or a helper image
          from = `the stage \`${stageLabel(model.stages[reference.target.stageIndex])}\` (\`${base.image.raw}\`)`;
        } else if (reference.target.kind === 'image' && isOsImage(reference.target.image)) {
          from = `the image \`${reference.text}\``;
        } else {
          continue;
        }
        findings.push({
          range: { start: flag.range.start, end: root.range.end },
          message: `${instruction.keyword} copies the whole filesystem of ${from} (its OS files, package caches and tools) into this stage. Copy only the files it needs, e.g. \`COPY --from=${reference.text} /out/app /app\`.`,
        });
      }
    }
    return findings;
  },
};
