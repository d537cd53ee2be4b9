/**
 * One file through the editor's own pipeline: read it, build its model the way the server's model
 * cache does (`parseLines(splitLines(text), { buildArgs })`), read its `.dockerignore` with the
 * server's `readEnvironment`, and run `ruleDiagnostics` (rules, severities, suppressions). Nothing is
 * kept: the model is dropped when this returns.
 */
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { parseLines } from '../analysis/parse';
import { splitLines } from '../analysis/scanner';
import { ruleDiagnostics } from '../features/diagnostics';
import { readEnvironment } from '../environment';
import type { FeatureContext } from '../features/context';
import type { StagecraftSettings } from '../settings';

/** Larger files are not read (the largest real Dockerfile in the corpus is 30 KB; the 50k-line test file 2 MB). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export type Level = 'error' | 'warning' | 'info' | 'hint';
const LEVELS: Level[] = ['error', 'error', 'warning', 'info', 'hint']; // by LSP DiagnosticSeverity (1-4)

export interface Finding {
  /** 1-based, columns in UTF-16 code units (as the editor counts). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Level;
  rule: string;
  message: string;
}

export type FileOutcome = { ok: true; text: string; findings: Finding[]; ruleErrors: string[] } | { ok: false; error: string; binary?: boolean };

export function toFinding(diagnostic: Diagnostic): Finding {
  const { start, end } = diagnostic.range;
  return {
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: LEVELS[diagnostic.severity ?? 1],
    rule: String(diagnostic.code),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  };
}

/** The text of a Dockerfile, or why it cannot be linted (missing, unreadable, too large, binary). */
export function readDockerfile(path: string): { text: string } | { error: string; binary?: boolean } {
  let buffer: Buffer;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { error: 'not a file' };
    if (stat.size > MAX_FILE_BYTES) return { error: `too large (${stat.size} bytes; the limit is ${MAX_FILE_BYTES})` };
    buffer = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? error})` };
  }
  if (buffer.subarray(0, 64 * 1024).includes(0)) return { error: 'a binary file (it holds NUL bytes), not a Dockerfile', binary: true };
  // Editors drop a UTF-8 byte order mark before the server sees the text: so does the CLI.
  return { text: buffer.toString('utf8').replace(/^\uFEFF/, '') };
}

/** The rule diagnostics of a text, exactly as the server computes them for an open document. */
export async function diagnoseText(
  text: string,
  uri: string,
  settings: StagecraftSettings,
  onError?: (id: string, error: unknown) => void,
): Promise<Diagnostic[]> {
  const env = await readEnvironment(uri);
  const model = parseLines(splitLines(text), { buildArgs: settings.buildArgs });
  const context: FeatureContext = { document: TextDocument.create(uri, 'dockerfile', 1, text), model, settings, env };
  return ruleDiagnostics(context, env, onError);
}

export async function lintFile(path: string, settings: StagecraftSettings): Promise<FileOutcome> {
  const read = readDockerfile(path);
  if ('error' in read) return { ok: false, error: read.error, binary: read.binary };
  const ruleErrors: string[] = [];
  const diagnostics = await diagnoseText(read.text, pathToFileURL(path).href, settings, (id, error) =>
    ruleErrors.push(`rule ${id} failed: ${(error as Error)?.message ?? error}`),
  );
  return { ok: true, text: read.text, findings: diagnostics.map(toFinding), ruleErrors };
}
