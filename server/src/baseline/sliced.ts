/**
 * The baseline (dockerfile-language-service) on slices of a large file, for hover, signature help,
 * completion and folding: results equal the whole-text results (unit tests compare them on the
 * corpus) at a cost that grows with the stage around the cursor, not with the file. Small files keep
 * the whole text: there it is cheap and nothing can differ. See slices.ts for where the cuts go and why.
 */
import { FoldingRangeKind } from '../lsp';
import type { CompletionItem, FoldingRange, Hover, Position, Range, SignatureHelp, TextEdit, InsertReplaceEdit } from 'vscode-languageserver';
import type { DockerfileModel, Instruction } from '../analysis/model';
import { lineOffsets, slicePlan, stageAtLine, stageSlice, textKey, type Slice, type SlicePlan } from './slices';
import { baseline } from './service';

/** Files with fewer lines go to the baseline whole. */
export const SLICE_MIN_LINES = 400;

/** A slice plan when the file is large enough to be worth it (and can be cut), else undefined. */
export function planFor(model: DockerfileModel, text: string, minLines = SLICE_MIN_LINES): { plan: SlicePlan; offsets: number[] } | undefined {
  if (model.lineCount < minLines || model.stages.length < 2) return undefined;
  // One model is one version of the text: its plan serves every request on that version.
  const known = plans.get(model);
  if (known?.text === text) return known.sliced;
  const sliced = computePlan(model, text);
  plans.set(model, { text, sliced });
  return sliced;
}

const plans = new WeakMap<DockerfileModel, { text: string; sliced: { plan: SlicePlan; offsets: number[] } | undefined }>();

function computePlan(model: DockerfileModel, text: string): { plan: SlicePlan; offsets: number[] } | undefined {
  const offsets = lineOffsets(text);
  const plan = slicePlan(model, (line) => (line >= 0 && line + 1 < offsets.length ? text.slice(offsets[line], offsets[line + 1]) : ''));
  if (!plan) return undefined;
  return { plan, offsets };
}

function mapPosition(slice: Slice, position: Position): Position | undefined {
  const line = slice.toFile(position.line);
  return line === undefined ? undefined : { line, character: position.character };
}

function mapRange(slice: Slice, range: Range): Range | undefined {
  const start = mapPosition(slice, range.start);
  const end = mapPosition(slice, range.end);
  return start && end ? { start, end } : undefined;
}

/** The slice a request at a file position needs: its stage's (a position in the prelude: the first stage's). */
function sliceAt(
  model: DockerfileModel,
  text: string,
  sliced: { plan: SlicePlan; offsets: number[] },
  position: Position,
): { slice: Slice; position: Position } | undefined {
  const stage = Math.max(0, stageAtLine(sliced.plan, position.line));
  // The stages it is built FROM too: the baseline offers their WORKDIRs.
  const ancestors: number[] = [];
  for (let base = model.stages[stage]?.base; base?.kind === 'stage'; base = model.stages[base.stageIndex].base) {
    if (ancestors.includes(base.stageIndex)) break;
    ancestors.push(base.stageIndex);
  }
  const slice = stageSlice(text, sliced.offsets, sliced.plan, stage, ancestors);
  const line = slice.fromFile(position.line);
  return line === undefined ? undefined : { slice, position: { line, character: position.character } };
}

export function slicedHover(model: DockerfileModel, text: string, position: Position, minLines?: number): Hover | null {
  const sliced = planFor(model, text, minLines);
  const at = sliced && sliceAt(model, text, sliced, position);
  if (!at) return baseline().computeHover(text, position);
  const hover = baseline().computeHover(at.slice.text, at.position);
  if (!hover?.range) return hover;
  const range = mapRange(at.slice, hover.range);
  return range ? { ...hover, range } : { contents: hover.contents };
}

export function slicedSignatureHelp(model: DockerfileModel, text: string, position: Position, minLines?: number): SignatureHelp | null {
  const sliced = planFor(model, text, minLines);
  const at = sliced && sliceAt(model, text, sliced, position);
  return baseline().computeSignatureHelp(at ? at.slice.text : text, at ? at.position : position);
}

function mapEdit(slice: Slice, edit: TextEdit | InsertReplaceEdit): TextEdit | InsertReplaceEdit | undefined {
  if ('range' in edit) {
    const range = mapRange(slice, edit.range);
    return range && { ...edit, range };
  }
  const insert = mapRange(slice, edit.insert);
  const replace = mapRange(slice, edit.replace);
  return insert && replace && { ...edit, insert, replace };
}

export async function slicedCompletion(model: DockerfileModel, text: string, position: Position, minLines?: number): Promise<CompletionItem[]> {
  const sliced = planFor(model, text, minLines);
  const at = sliced && sliceAt(model, text, sliced, position);
  if (!at) return baseline().computeCompletionItems(text, position);
  const items = await baseline().computeCompletionItems(at.slice.text, at.position);
  const result: CompletionItem[] = [];
  for (const item of items) {
    const mapped: CompletionItem = { ...item };
    if (item.textEdit) {
      const edit = mapEdit(at.slice, item.textEdit);
      if (!edit) continue;
      mapped.textEdit = edit;
    }
    if (item.additionalTextEdits) {
      const edits = item.additionalTextEdits.map((edit) => mapEdit(at.slice, edit) as TextEdit | undefined);
      if (edits.some((edit) => !edit)) continue;
      mapped.additionalTextEdits = edits as TextEdit[];
    }
    result.push(mapped);
  }
  return result;
}

/** Results of the baseline per slice text, reused while the slice is unchanged; one per document. */
export class SliceCache<T> {
  private entries = new Map<string, T>();
  private next = new Map<string, T>();

  /** The cached result for a slice text, or compute it. */
  get(text: string, compute: (text: string) => T): T {
    const key = textKey(text);
    let value = this.next.get(key) ?? this.entries.get(key);
    if (value === undefined) value = compute(text);
    this.next.set(key, value);
    return value;
  }

  /** A run used every slice it needs: keep only those. */
  commit(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}

/** What the baseline was told about the client's folding (dockerfile-language-service 0.16.1 keeps it on the service). */
function foldingOptions(): { lineFoldingOnly: boolean; limit: number | undefined } {
  const service = baseline() as unknown as { foldingRangeLineFoldingOnly?: boolean; foldingRangeLimit?: number };
  return { lineFoldingOnly: service.foldingRangeLineFoldingOnly === true, limit: service.foldingRangeLimit };
}

/**
 * Can the baseline's folding of this chunk be read off our model? Multi-line instructions and runs
 * of comment lines (outside heredoc bodies) are the same there, except after an unclosed heredoc, an
 * escape character written twice at a line end (the baseline continues the line, Docker does not), and
 * comment lines that start after a space other than blank or tab. Those chunks (and the first, with
 * the directives) go to the baseline.
 */
function modelFolds(model: DockerfileModel, text: string, offsets: number[], start: number, end: number, instructions: Instruction[], escape: string): boolean {
  for (const instruction of instructions) if (instruction.heredocs.some((heredoc) => !heredoc.terminated)) return false;
  const twice = escape + escape;
  for (let line = start; line < end; line++) {
    const content = lineContent(text, offsets, line);
    if (content.trimEnd().endsWith(twice)) return false;
    if (/^[\s\uFEFF]*#/.test(content) && !/^[ \t]*#/.test(content)) return false;
  }
  return model.stages.length > 0;
}

function lineContent(text: string, offsets: number[], line: number): string {
  let end = offsets[line + 1];
  while (end > offsets[line] && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return text.slice(offsets[line], end);
}

/**
 * The baseline's folding ranges (multi-line instructions, then runs of two or more comment lines, in
 * file order), on a large file computed per stage: from our model where it reads the same, else from
 * the stage's slice (cached while the slice is unchanged). Equal to the whole-text result (tests).
 */
export function slicedFoldingRanges(model: DockerfileModel, text: string, cache?: SliceCache<FoldingRange[]>, minLines?: number): FoldingRange[] {
  const sliced = planFor(model, text, minLines);
  if (!sliced) return baseline().computeFoldingRanges(text);
  const { plan, offsets } = sliced;
  const { lineFoldingOnly, limit } = foldingOptions();
  if (limit !== undefined && limit < 1) return [];
  const instructionRanges: FoldingRange[] = [];
  const commentRanges: FoldingRange[] = [];
  const compute = (sliceText: string) => baseline().computeFoldingRanges(sliceText);
  const byStage: Instruction[][] = plan.chunks.map(() => []);
  for (const instruction of model.instructions) if (instruction.stageIndex >= 0) byStage[instruction.stageIndex].push(instruction);
  // A line that is no instruction is not in the model's instructions: the baseline folds its stage.
  const unread = new Set<number>();
  for (const problem of model.problems) {
    for (let stage = stageAtLine(plan, problem.range.start.line); stage <= stageAtLine(plan, problem.range.end.line); stage++) unread.add(stage);
  }
  for (let stage = 0; stage < plan.chunks.length; stage++) {
    const [start, end] = plan.chunks[stage];
    if (stage > 0 && !unread.has(stage) && modelFolds(model, text, offsets, start, end, byStage[stage], model.directives.escape)) {
      for (const instruction of byStage[stage]) {
        const { start: from, end: to } = instruction.range;
        if (from.line === to.line) continue;
        instructionRanges.push(
          lineFoldingOnly
            ? { startLine: from.line, endLine: to.line }
            : {
                startLine: from.line,
                endLine: to.line,
                startCharacter: lineContent(text, offsets, from.line).length,
                endCharacter: lineContent(text, offsets, to.line).length,
              },
        );
      }
      const bodies = new Set<number>(); // heredoc lines: no comments there
      for (const instruction of byStage[stage]) {
        for (const heredoc of instruction.heredocs)
          for (let line = heredoc.bodyRange.start.line; line <= heredoc.bodyRange.end.line + 1; line++) bodies.add(line);
      }
      let run: { first: number; last: number; startCharacter: number; endCharacter: number } | undefined;
      const flush = () => {
        if (run && run.last > run.first) {
          commentRanges.push(
            lineFoldingOnly
              ? { startLine: run.first, endLine: run.last, kind: FoldingRangeKind.Comment }
              : { startLine: run.first, endLine: run.last, startCharacter: run.startCharacter, endCharacter: run.endCharacter, kind: FoldingRangeKind.Comment },
          );
        }
        run = undefined;
      };
      for (let line = start; line < end; line++) {
        const content = lineContent(text, offsets, line);
        if (bodies.has(line) || !/^[ \t]*#/.test(content)) {
          flush();
          continue;
        }
        if (run && run.last === line - 1) {
          run.last = line;
          run.endCharacter = content.length;
          continue;
        }
        flush();
        run = { first: line, last: line, startCharacter: content.length, endCharacter: content.length };
      }
      flush();
      continue;
    }
    const slice = stageSlice(text, offsets, plan, stage);
    const ranges = cache ? cache.get(slice.text, compute) : compute(slice.text);
    for (const range of ranges) {
      const startLine = slice.toFile(range.startLine);
      const endLine = slice.toFile(range.endLine);
      if (startLine === undefined || endLine === undefined) continue;
      if (stage > 0 && startLine < plan.preludeEnd) continue;
      (range.kind === FoldingRangeKind.Comment ? commentRanges : instructionRanges).push({ ...range, startLine, endLine });
    }
  }
  cache?.commit();
  const result = [...instructionRanges, ...commentRanges];
  return limit !== undefined && result.length > limit ? result.slice(0, limit) : result;
}
