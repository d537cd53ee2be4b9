/**
 * A variable that an instruction Docker expands (COPY, ADD, ENV, ARG, LABEL, WORKDIR, USER, EXPOSE,
 * VOLUME, STOPSIGNAL; not RUN/CMD/ENTRYPOINT, which the shell expands) uses although nothing defines
 * it: no ARG or ENV of the stage before it, none in its parent stages, not a global ARG (that is
 * `global-arg-not-redeclared`), not a predefined ARG, not set by the environment every image has
 * (PATH, HOME, …). `${VAR:-default}`-style uses are fine. BuildKit UndefinedVar also knows the ENV of
 * a base image, which the editor does not: on a stage based on an image, only a likely typo of a
 * visible name, or a name the stage declares only further down, is reported; on a stage based on
 * scratch, every undefined name.
 */
import type { Finding, Rule } from './rule';
import { editDistance, textFix } from './rule';
import { PROXY_ARGS, Scopes, WELL_KNOWN_ENV, handlesUnset, nameRangeOfUse } from './scope';
import { PREDEFINED_ARGS } from '../../analysis/variables';

/**
 * A visible name one edit away (two for long names): `PAHT` -> `PATH`. Stricter than `closest`, since
 * on a stage based on an image the suggestion is the only evidence (`GOPATH` is golang's, not a typo).
 */
function typoOf(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > bestDistance) continue; // the distance is at least the length difference
    const distance = editDistance(name, candidate);
    if (distance < bestDistance || (distance === bestDistance && candidate.toLowerCase() === name.toLowerCase())) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

export const undefinedVar: Rule = {
  id: 'undefined-var',
  buildkit: 'UndefinedVar',
  defaultSeverity: 'warning',
  summary: 'An instruction uses a variable that no ARG or ENV defines.',
  check({ model }) {
    const findings: Finding[] = [];
    const globals = new Set(model.globalArgs.map((arg) => arg.name));
    const scopes = new Scopes(model);
    for (const stage of model.stages) {
      if (stage.variableUses.length === 0) continue;
      const fromScratch = scopes.root(stage).base.kind === 'scratch';
      for (const use of stage.variableUses) {
        const { name } = use;
        if (handlesUnset(use) || WELL_KNOWN_ENV.has(name) || PROXY_ARGS.has(name) || PREDEFINED_ARGS.has(name) || globals.has(name)) continue;
        if (scopes.inFromFlag(stage, use)) continue;
        const seen = scopes.visibility(stage, name, use.range.start);
        if (seen.local || seen.inherited || scopes.imageMaySet(stage, name)) continue;
        const suggestion = typoOf(name, scopes.visibleNames(stage, use.range.start));
        const declaredLater = scopes.declarations(stage.index).has(name);
        // The base image may define it, unless the stage itself declares it further down (then the
        // use is meant for that declaration, which it comes before).
        if (!fromScratch && !suggestion && !declaredLater) continue;
        findings.push({
          range: use.range,
          message: `Usage of undefined variable '$${name}'${suggestion ? ` (did you mean $${suggestion}?)` : ''}`,
          data: suggestion ? { suggestion } : undefined,
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const suggestion = (diagnostic.data as { suggestion?: string } | undefined)?.suggestion;
    if (!suggestion) return [];
    const stage = context.model.stages.find((s) =>
      s.variableUses.some((u) => u.range.start.line === diagnostic.range.start.line && u.range.start.character === diagnostic.range.start.character),
    );
    const use = stage?.variableUses.find(
      (u) => u.range.start.line === diagnostic.range.start.line && u.range.start.character === diagnostic.range.start.character,
    );
    return use ? [textFix(context, `Change to \`${suggestion}\``, nameRangeOfUse(use), suggestion, true)] : [];
  },
};
