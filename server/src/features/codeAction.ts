/**
 * Quick fixes: each rule's fixes for its own diagnostics, the suppression comments, and naming an
 * unnamed stage. (The baseline's quick fixes were for its validator's diagnostics, which are gone.)
 */
import type { CodeAction, CodeActionParams, Command, Diagnostic, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from '../lsp';
import type { FeatureContext } from './context';
import { rulesById } from './rules';
import type { RuleContext } from './rules/rule';
import { SOURCE } from './diagnostics';
import { nameStageEdits } from './stageNaming';
import { instructionAt } from '../analysis/lookup';
import { contextActions } from './contextSize';

/**
 * On the FROM of an unnamed stage: add `AS stage-N` and turn its `--from=N` references into the name,
 * so the stage can be built with `--target` and read by people.
 */
export function nameStageActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const { model, document } = context;
  const line = params.range.start.line;
  const stage = model.stages.find((s) => s.fromInstruction.range.start.line <= line && line <= s.fromInstruction.range.end.line);
  if (!stage || stage.name !== undefined) return [];
  const { name, edits } = nameStageEdits(model, stage.index);
  return [{ title: `Name this stage \`${name}\``, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [document.uri]: edits } } }];
}

export function codeActions(context: FeatureContext, params: CodeActionParams): (Command | CodeAction)[] {
  return [...ruleActions(context, params), ...nameStageActions(context, params), ...contextActions(context, params)];
}

/**
 * For each of our rule diagnostics in the request: the rule's own fixes, then "ignore this rule
 * here" (a `# stagecraft-ignore <id>` line above the instruction) and, for rules that mirror a
 * BuildKit check, "skip the check in this file" (`# check=skip=<Check>`, which BuildKit honours too).
 */
export function ruleActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const { model, document } = context;
  const ruleContext: RuleContext = { uri: document.uri, model, env: context.env ?? {}, buildArgs: context.settings.buildArgs };
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') continue;
    const rule = rulesById.get(diagnostic.code);
    if (!rule) continue;
    for (const fix of rule.fixes?.(ruleContext, diagnostic) ?? []) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: fix.edit });
    }
    const suppress = suppressAction(context, diagnostic, rule.id);
    if (suppress) actions.push(suppress);
    if (rule.buildkit) actions.push(skipCheckAction(context, diagnostic, rule.buildkit));
  }
  return actions;
}

function suppressAction(context: FeatureContext, diagnostic: Diagnostic, id: string): CodeAction | undefined {
  const instruction = instructionAt(context.model, diagnostic.range.start.line);
  const line = instruction ? instruction.range.start.line : diagnostic.range.start.line;
  const indent = instruction ? ' '.repeat(instruction.keywordRange.start.character) : '';
  const edit: TextEdit = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# stagecraft-ignore ${id}\n` };
  return {
    title: `Ignore \`${id}\` for this instruction`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [context.document.uri]: [edit] } },
  };
}

function skipCheckAction(context: FeatureContext, diagnostic: Diagnostic, check: string): CodeAction {
  const { directives } = context.model;
  const range = directives.ranges.check;
  let edit: TextEdit;
  if (range && directives.check !== undefined) {
    const parts = directives.check
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean);
    const skipIndex = parts.findIndex((part) => /^skip\s*=/i.test(part));
    if (skipIndex >= 0) parts[skipIndex] = `${parts[skipIndex].replace(/,\s*$/, '')},${check}`;
    else parts.unshift(`skip=${check}`);
    edit = { range, newText: `# check=${parts.join(';')}` };
  } else {
    edit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# check=skip=${check}\n` };
  }
  return {
    title: `Skip BuildKit check ${check} in this file (# check=skip)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [context.document.uri]: [edit] } },
  };
}
