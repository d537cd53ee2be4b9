/**
 * The stage outline: one symbol per stage (its name, or `stage N`), detail `FROM <base>`, its
 * instructions as children; directives and global ARGs before the first stage at the top level.
 */
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from '../lsp';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel, Instruction, Stage } from '../analysis/model';
import { stageLabel } from '../analysis/lookup';
import { sameInstructions } from '../analysis/reuse';
import { RawJson } from '../rawJson';
import type { FeatureContext } from './context';

/**
 * An instruction's detail: its flags and arguments as written, cut at this length. The outline
 * shows the start of a line, and the whole outline of a large file is sent on every change of the
 * document, so its size is the cost. A cut detail ends in three dots, not `…`: one character outside
 * ASCII makes the whole JSON of the response a two-byte string, slower to encode and to decode
 * (docs/performance.md, "The outline kept as JSON").
 */
const MAX_DETAIL = 60;

function instructionDetail(instruction: Instruction): string {
  let detail = '';
  for (const flag of instruction.flags) {
    if (detail.length > MAX_DETAIL) break;
    detail += (detail ? ' --' : '--') + flag.name + (flag.value === undefined ? '' : `=${flag.value}`);
  }
  for (const word of instruction.args) {
    if (detail.length > MAX_DETAIL) break;
    detail += (detail ? ' ' : '') + word.value;
  }
  return detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 3)}...` : detail;
}

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  const detail = instructionDetail(instruction);
  const symbol: DocumentSymbol = {
    name: instruction.keyword,
    kind: instruction.keyword === 'ARG' || instruction.keyword === 'ENV' ? SymbolKind.Variable : SymbolKind.Field,
    range: instruction.range,
    selectionRange: instruction.keywordRange,
  };
  if (detail) symbol.detail = detail;
  return symbol;
}

/** Directives and global ARGs: the symbols before the first stage. */
function preludeSymbols(model: DockerfileModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const [name, range] of Object.entries(model.directives.ranges)) {
    symbols.push({ name: `# ${name}`, kind: SymbolKind.Property, range, selectionRange: range });
  }
  for (const arg of model.globalArgs) {
    symbols.push({
      name: arg.name,
      detail: arg.defaultValue === undefined ? 'global ARG' : `global ARG = ${arg.defaultValue}`,
      kind: SymbolKind.Variable,
      range: arg.range,
      selectionRange: arg.nameRange,
    });
  }
  return symbols;
}

function stageSymbol(stage: Stage): DocumentSymbol {
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.fromInstruction;
  return {
    name: stageLabel(stage),
    detail: `FROM ${stage.baseText}`,
    kind: SymbolKind.Class,
    range: { start: stage.range.start, end: last.range.end },
    selectionRange: stage.nameRange ?? stage.fromInstruction.keywordRange,
    children: stage.instructions.filter((instruction) => instruction !== stage.fromInstruction).map(instructionSymbol),
  };
}

export function documentSymbols(context: FeatureContext): DocumentSymbol[] {
  return [...preludeSymbols(context.model), ...context.model.stages.map(stageSymbol)];
}

/** A stage's symbol as JSON, and the instructions it was made from. */
interface Made {
  instructions: readonly Instruction[];
  json: string;
}

/** Per open document: the JSON of each stage's symbol, by stage index. */
const stageJson = new WeakMap<TextDocument, Made[]>();

/** Drops what is kept for a document's outline (it holds the instructions of the model it was made from). */
export function forgetOutline(document: TextDocument): void {
  stageJson.delete(document);
}

/**
 * `documentSymbols` as JSON, for the wire. Only the stages read anew since the last request for this
 * document are made and serialized again (a keystroke: one stage); the others' JSON is kept, for the
 * stages of the newest version only.
 */
export function documentSymbolsJson(context: FeatureContext): RawJson {
  const { document, model } = context;
  const previous = stageJson.get(document) ?? [];
  const made: Made[] = [];
  const parts = preludeSymbols(model).map((symbol) => JSON.stringify(symbol));
  for (const stage of model.stages) {
    const last = previous[stage.index];
    // The same instruction objects at the same stage index: the same symbol (see sameInstructions).
    const now =
      last && sameInstructions(last.instructions, stage.instructions) ? last : { instructions: stage.instructions, json: JSON.stringify(stageSymbol(stage)) };
    made.push(now);
    parts.push(now.json);
  }
  stageJson.set(document, made);
  return RawJson.array(parts);
}
