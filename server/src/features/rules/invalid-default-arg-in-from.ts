/**
 * A FROM whose image, with every global ARG at its default (no `--build-arg`), is empty or not a valid
 * image reference: `ARG TAG` then `FROM alpine:${TAG}` gives `alpine:` (BuildKit
 * InvalidDefaultArgInFrom). A build should not need `--build-arg` to be valid.
 */
import type { Finding, Rule } from './rule';
import { globalNames } from './scope';
import { PREDEFINED_ARGS, substitute } from '../../analysis/variables';
import { isValidImageReference } from '../../analysis/imageRef';

export const invalidDefaultArgInFrom: Rule = {
  id: 'invalid-default-arg-in-from',
  buildkit: 'InvalidDefaultArgInFrom',
  defaultSeverity: 'warning',
  summary: 'A FROM gives an empty or invalid image when the global ARGs keep their defaults.',
  check({ model }) {
    const findings: Finding[] = [];
    const declared = globalNames(model);
    // Global ARG defaults as BuildKit reads them, in order (a default may use an earlier ARG).
    const defaults = new Map<string, string | undefined>(PREDEFINED_ARGS);
    for (const arg of model.globalArgs) {
      const value = arg.defaultValue === undefined ? undefined : substitute(arg.defaultValue, defaults, model.directives.escape).value;
      defaults.set(arg.name, value ?? defaults.get(arg.name));
    }
    const stageKeys = new Set(model.stages.map((s) => s.key));
    for (const stage of model.stages) {
      const uses = stage.fromVariableUses.filter(
        (use) =>
          stage.baseRange.start.line === use.range.start.line &&
          use.range.start.character >= stage.baseRange.start.character &&
          use.range.end.character <= stage.baseRange.end.character,
      );
      if (uses.length === 0 || uses.some((use) => !declared.has(use.name))) continue; // undeclared: undefined-arg-in-from
      let text = stage.baseText;
      if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) text = text.slice(1, -1);
      const value = substitute(text, defaults, model.directives.escape).value.trim();
      if (value !== '' && (value.toLowerCase() === 'scratch' || stageKeys.has(value.toLowerCase()) || isValidImageReference(value))) continue;
      findings.push({
        range: stage.baseRange,
        message: `Default value for ARG ${stage.baseText} results in empty or invalid base image name`,
      });
    }
    return findings;
  },
};
