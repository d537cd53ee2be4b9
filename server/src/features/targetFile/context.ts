/**
 * What the features of a Compose, Dev Container or CI file get (wiring/targetFiles.ts builds it):
 * the document, the builds whose target is written in it, its read problems, and the model of each
 * Dockerfile those builds mean. Features are pure functions of it.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel, Position } from '../../analysis/model';
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

/** The Dockerfile a build means, when it was read. */
export function dockerfileOf(context: TargetFileContext, ref: TargetRef): { uri: string; model: DockerfileModel } | undefined {
  return ref.dockerfile === undefined ? undefined : context.dockerfiles.get(ref.dockerfile);
}
