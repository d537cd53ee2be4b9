/**
 * What the features of a Compose, Dev Container or CI file get (wiring/targetFiles.ts builds it):
 * the document, the builds whose target is written in it, its read problems, and the model of each
 * Dockerfile those builds mean. Features are pure functions of it.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel, Position, Range } from '../../analysis/model';
import { contains } from '../../analysis/lookup';
import type { TargetFileProblem, TargetRef } from '../../targets/types';

export interface TargetFileContext {
  document: TextDocument;
  /** This file's path. */
  path: string;
  /** Builds whose target is written in this file. */
  refs: TargetRef[];
  problems: TargetFileProblem[];
  /** By Dockerfile path: its URI and model; a path missing here is a Dockerfile that could not be read. */
  dockerfiles: Map<string, { uri: string; model: DockerfileModel }>;
}

/** The build whose target name holds `position` (its end included, so a name being typed counts). */
export function targetAt(context: TargetFileContext, position: Position): TargetRef | undefined {
  return context.refs.find((ref) => ref.targetRange && ref.targetFile === context.path && contains(ref.targetRange, position));
}

/** Where a stage name goes at `position`: a target's name, or an empty `target:` (its line, from the value on). */
export function targetSlotAt(context: TargetFileContext, position: Position): { ref: TargetRef; range: Range } | undefined {
  const ref = targetAt(context, position);
  if (ref?.targetRange) return { ref, range: ref.targetRange };
  const empty = context.refs.find(
    (r) => r.file === context.path && r.emptyTargetAt && r.emptyTargetAt.start.line === position.line && position.character >= r.emptyTargetAt.start.character,
  );
  return empty && { ref: empty, range: { start: empty.emptyTargetAt!.start, end: position } };
}

/** The Dockerfile a build means, when it was read. */
export function dockerfileOf(context: TargetFileContext, ref: TargetRef): { uri: string; model: DockerfileModel } | undefined {
  return ref.dockerfile === undefined ? undefined : context.dockerfiles.get(ref.dockerfile);
}
