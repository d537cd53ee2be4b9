/**
 * Rename a stage everywhere it is named. On variables the baseline renames ARG/ENV; every other
 * token is refused. A new stage name must be one BuildKit accepts and must not clash with another stage.
 * Compose, Dev Container and CI files that build the stage as their target are edited too (in the
 * same workspace edit, applied only when the user accepts it).
 */
import type { PrepareRenameParams, Range, RenameParams, WorkspaceEdit } from 'vscode-languageserver';
import { ResponseError, ErrorCodes } from '../lsp';
import { stageOccurrenceAt, stageOccurrences } from '../analysis/lookup';
import { outsideOccurrences } from '../analysis/outsideBuilds';
import { STAGE_NAME } from '../protocol';
import { baseline, type FeatureContext } from './context';

export function prepareRename(context: FeatureContext, params: PrepareRenameParams): Range | null {
  const occurrence = stageOccurrenceAt(context.model, params.position);
  if (occurrence) {
    if (/^\d+$/.test(context.document.getText(occurrence.range))) return null; // --from=0 names an index, not a name
    return occurrence.range;
  }
  return baseline().prepareRename(context.document.getText(), params.position);
}

export function rename(context: FeatureContext, params: RenameParams): WorkspaceEdit | null {
  const { model, document } = context;
  const occurrence = stageOccurrenceAt(model, params.position);
  if (occurrence) {
    const newName = params.newName.trim();
    if (!STAGE_NAME.test(newName)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid stage name: use a letter, then letters, digits, '_', '.' or '-'.`);
    }
    const clash = model.stages.find((stage) => stage.index !== occurrence.stageIndex && stage.key === newName.toLowerCase());
    if (clash) throw new ResponseError(ErrorCodes.InvalidParams, `A stage named "${clash.name}" already exists (stage names are case-insensitive).`);
    const changes: NonNullable<WorkspaceEdit['changes']> = {
      [document.uri]: stageOccurrences(model, occurrence.stageIndex).map((o) => ({ range: o.range, newText: newName })),
    };
    for (const at of outsideOccurrences(model, context.env?.builds ?? [], occurrence.stageIndex)) {
      (changes[at.uri] ??= []).push({ range: at.range, newText: newName });
    }
    return { changes };
  }
  const edits = baseline().computeRename({ uri: document.uri }, document.getText(), params.position, params.newName);
  return edits.length ? { changes: { [document.uri]: edits } } : null;
}
