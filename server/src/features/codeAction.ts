/**
 * Quick fixes. The baseline service answers with commands named `docker.command.*`; other Docker
 * extensions register those names too, so ours are renamed `stagecraft.baseline.*` and mapped back
 * when executed.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type TextEdit } from 'vscode-languageserver';
import { CommandIds } from 'dockerfile-language-service';
import type { DockerfileModel } from '../analysis/model';
import { baseline, type FeatureContext } from './context';

const PREFIX = 'stagecraft.baseline.';
const BASELINE_PREFIX = 'docker.command.';

export const baselineCommandIds: string[] = Object.values(CommandIds).map((id) => PREFIX + id.slice(BASELINE_PREFIX.length));

/**
 * A free name for an unnamed stage: `stage-N`, or `stage-N-2`, … when taken by a stage or used as an
 * image name (naming a stage like an image a later FROM uses would turn that FROM into a stage).
 */
function freeName(model: DockerfileModel, index: number): string {
  const taken = new Set<string | undefined>(model.stages.map((stage) => stage.key));
  for (const stage of model.stages) if (stage.base.kind === 'image') taken.add(stage.baseText.toLowerCase());
  for (const reference of model.references) if (reference.target.kind === 'image') taken.add(reference.text.toLowerCase());
  let name = `stage-${index}`;
  for (let n = 2; taken.has(name); n++) name = `stage-${index}-${n}`;
  return name;
}

/**
 * On the FROM of an unnamed stage: add `AS stage-N` and turn its `--from=N` references into the name,
 * so the stage can be built with `--target` and read by people.
 */
export function nameStageActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const { model, document } = context;
  const line = params.range.start.line;
  const stage = model.stages.find((s) => s.fromInstruction.range.start.line <= line && line <= s.fromInstruction.range.end.line);
  if (!stage || stage.name !== undefined) return [];
  const name = freeName(model, stage.index);
  const edits: TextEdit[] = [{ range: { start: stage.baseRange.end, end: stage.baseRange.end }, newText: ` AS ${name}` }];
  for (const reference of model.references) {
    if (reference.target.kind === 'stage' && reference.target.stageIndex === stage.index && /^\d+$/.test(reference.text)) {
      edits.push({ range: reference.range, newText: name });
    }
  }
  return [{ title: `Name this stage \`${name}\``, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [document.uri]: edits } } }];
}

export function codeActions(context: FeatureContext, params: CodeActionParams): (Command | CodeAction)[] {
  return [...nameStageActions(context, params), ...baselineActions(context, params)];
}

function baselineActions(context: FeatureContext, params: CodeActionParams): Command[] {
  // The baseline library predates LSP 3.18 (Markdown messages): it only gets plain-text diagnostics of its own.
  const diagnostics = params.context.diagnostics
    .filter((d) => d.source === 'stagecraft' && typeof d.code === 'number' && typeof d.message === 'string')
    .map((d) => ({ ...d, message: d.message as string }));
  return baseline()
    .computeCodeActions({ uri: context.document.uri }, params.range, { ...params.context, diagnostics })
    .filter((command) => command.command.startsWith(BASELINE_PREFIX))
    .map((command) => ({ ...command, command: PREFIX + command.command.slice(BASELINE_PREFIX.length) }));
}

/** Edits for a renamed baseline command; undefined when the command is not one of ours. */
export function baselineCommandEdits(context: FeatureContext, command: string, args: unknown[]): TextEdit[] | undefined {
  if (!command.startsWith(PREFIX)) return undefined;
  return baseline().computeCommandEdits(context.document.getText(), BASELINE_PREFIX + command.slice(PREFIX.length), args);
}
