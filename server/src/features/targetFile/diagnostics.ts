/**
 * Diagnostics of a Compose, Dev Container or CI file: a file that could not be read or parsed (its
 * place and why), a target that is no stage of its Dockerfile (with the closest name, for the
 * quick fix), a Dockerfile that is not there, and for a Dev Container, the stages the classic
 * builder runs for its target that BuildKit skips.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from '../../lsp';
import { dirname, relative } from 'node:path';
import { stageLabel } from '../../analysis/lookup';
import { buildersText, targetStage } from '../../analysis/outsideBuilds';
import { closest } from '../rules/rule';
import { SOURCE } from '../diagnostics';
import type { TargetRef } from '../../targets/types';
import { dockerfileOf, type TargetFileContext } from './context';

/** How the Dockerfile's path reads from this file's folder. */
export function dockerfileName(context: TargetFileContext, dockerfile: string): string {
  return relative(dirname(context.path), dockerfile) || dockerfile;
}

const NAMES_SHOWN = 8;

export function targetFileDiagnostics(context: TargetFileContext): Diagnostic[] {
  const result: Diagnostic[] = context.problems.map((problem) => ({
    range: problem.range,
    message: problem.message,
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
  }));
  const seen = new Set<string>();
  for (const ref of context.refs) {
    if (!ref.targetRange || ref.targetFile !== context.path || ref.dockerfile === undefined || ref.target === undefined) continue;
    const key = `${ref.targetRange.start.line}:${ref.targetRange.start.character}`;
    if (seen.has(key)) continue; // one place, several builds (services that extend one base)
    seen.add(key);
    const diagnostic = checkTarget(context, ref, ref.dockerfile, ref.target);
    if (diagnostic) result.push({ ...diagnostic, range: ref.targetRange, source: SOURCE });
  }
  return result;
}

function checkTarget(context: TargetFileContext, ref: TargetRef, dockerfile: string, target: string): Omit<Diagnostic, 'range'> | undefined {
  const name = dockerfileName(context, dockerfile);
  const found = dockerfileOf(context, ref);
  if (!found)
    return { severity: DiagnosticSeverity.Warning, message: `${name} was not found (or could not be read): ${ref.label} cannot build target \`${target}\`.` };
  const { model } = found;
  const index = targetStage(model, target);
  if (index === undefined) {
    const names = model.stages.filter((stage) => stage.name !== undefined).map((stage) => stage.name!);
    const suggestion = closest(target, names);
    const listed = names.length
      ? `its stages are ${buildersText(
          names.map((n) => `\`${n}\``),
          NAMES_SHOWN,
        )}`
      : 'it has no named stage';
    return {
      severity: DiagnosticSeverity.Error,
      message: `\`${target}\` is not a stage of ${name} (${listed}): the build fails.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      ...(suggestion ? { data: { targetSuggestion: suggestion } } : {}),
    };
  }
  if (ref.kind !== 'devcontainer') return undefined;
  const { buildkit, classic } = model.plans[index];
  const extra = classic.filter((i) => !buildkit.includes(i));
  if (!extra.length) return undefined;
  const labels = extra.map((i) => `\`${stageLabel(model.stages[i])}\``);
  return {
    severity: DiagnosticSeverity.Information,
    message: `With the classic builder (DOCKER_BUILDKIT=0, or a Docker without BuildKit) this Dev Container also runs ${buildersText(labels, NAMES_SHOWN)}, which \`${target}\` does not need; BuildKit skips ${extra.length === 1 ? 'it' : 'them'}.`,
  };
}
