/**
 * `COPY --from=buidl`, `RUN --mount=from=buidl` or `FROM buidl` where no stage has that name:
 * BuildKit treats it as an image to pull. A bare name (no tag, registry or digest) close to a stage
 * name is almost always a typo; `--from` with any bare name that is not a stage is reported too
 * (hadolint DL3022), since `--from` rarely names an untagged image on purpose.
 */
import type { Rule } from './rule';
import { closest, textFix } from './rule';

/** A reference with no tag, digest, registry or path: how people write stage names. */
function looksLikeStageName(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.-]*$/.test(text) && !text.includes('.');
}

const SUGGESTION_CANDIDATES = 64;

const KIND = { copy: 'COPY --from', add: 'ADD --from', mount: 'RUN --mount from=', from: 'FROM' } as const;

export const unknownStage: Rule = {
  id: 'unknown-stage',
  defaultSeverity: 'warning',
  summary: 'A --from, mount from= or FROM names no stage of this file and will be pulled as an image.',
  check({ model }) {
    const findings = [];
    // Suggestions come from the nearest distinct names declared before the reference: bounded work
    // per reference, so a file with thousands of stages stays linear. Each is offered lower-cased, as
    // BuildKit compares stage names (`build` and `Build` are one name; `FROM Build` even fails).
    const names = (before: number) => {
      const seen = new Set<string>();
      for (let i = before - 1; i >= 0 && seen.size < SUGGESTION_CANDIDATES; i--) {
        const key = model.stages[i].key;
        if (key !== undefined) seen.add(key);
      }
      return seen;
    };
    for (const reference of model.references) {
      if (reference.target.kind !== 'image' || !looksLikeStageName(reference.text)) continue;
      const suggestion = closest(reference.text, names(reference.fromStage));
      const guess = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
      findings.push({
        range: reference.range,
        message: `${KIND[reference.kind]} \`${reference.text}\`: no earlier stage has this name, so BuildKit pulls an image named \`${reference.text}\`.${guess}`,
        data: suggestion ? { suggestion } : undefined,
      });
    }
    const lastIndex = new Map<string, number>();
    for (const stage of model.stages) if (stage.key !== undefined) lastIndex.set(stage.key, stage.index);
    for (const stage of model.stages) {
      if (stage.base.kind !== 'image' || !looksLikeStageName(stage.baseText)) continue;
      const suggestion = closest(stage.baseText, names(stage.index));
      if (!suggestion || suggestion === stage.baseText.toLowerCase()) continue; // FROM golang is an image
      if ((lastIndex.get(stage.baseText.toLowerCase()) ?? -1) > stage.index) continue; // later-stage-reference reports it
      findings.push({
        range: stage.baseRange,
        message: `FROM \`${stage.baseText}\`: no earlier stage has this name, so it is pulled as an image. Did you mean the stage \`${suggestion}\`?`,
        data: { suggestion },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const suggestion = (diagnostic.data as { suggestion?: string } | undefined)?.suggestion;
    return suggestion ? [textFix(context, `Change to \`${suggestion}\``, diagnostic.range, suggestion, true)] : [];
  },
};
