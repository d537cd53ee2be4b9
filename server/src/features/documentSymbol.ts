/**
 * The stage outline: one symbol per stage (its name, or `stage N`), detail `FROM <base>`, its
 * instructions as children; directives and global ARGs before the first stage at the top level.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Instruction } from '../analysis/model';
import { stageLabel } from '../analysis/lookup';
import type { FeatureContext } from './context';

const MAX_DETAIL = 80;

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  const args = instruction.args.map((word) => word.value).join(' ');
  const flags = instruction.flags.map((flag) => `--${flag.name}${flag.value === undefined ? '' : `=${flag.value}`}`).join(' ');
  const detail = [flags, args].filter(Boolean).join(' ');
  return {
    name: instruction.keyword,
    detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail,
    kind: instruction.keyword === 'ARG' || instruction.keyword === 'ENV' ? SymbolKind.Variable : SymbolKind.Field,
    range: instruction.range,
    selectionRange: instruction.keywordRange,
  };
}

export function documentSymbols(context: FeatureContext): DocumentSymbol[] {
  const { model } = context;
  const symbols: DocumentSymbol[] = [];
  for (const [name, range] of Object.entries(model.directives.ranges)) {
    symbols.push({ name: `# ${name}`, kind: SymbolKind.Property, range, selectionRange: range });
  }
  for (const arg of model.globalArgs) {
    symbols.push({ name: arg.name, detail: arg.defaultValue === undefined ? 'global ARG' : `global ARG = ${arg.defaultValue}`, kind: SymbolKind.Variable, range: arg.range, selectionRange: arg.nameRange });
  }
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.fromInstruction;
    symbols.push({
      name: stageLabel(stage),
      detail: `FROM ${stage.baseText}`,
      kind: SymbolKind.Class,
      range: { start: stage.range.start, end: last.range.end },
      selectionRange: stage.nameRange ?? stage.fromInstruction.keywordRange,
      children: stage.instructions.filter((instruction) => instruction !== stage.fromInstruction).map(instructionSymbol),
    });
  }
  return symbols;
}
