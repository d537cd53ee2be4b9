/**
 * `.devcontainer/devcontainer.json`, `.devcontainer/<name>/devcontainer.json` and `.devcontainer.json`
 * (JSON with comments, read with jsonc-parser): `build.dockerfile` relative to the file's folder,
 * `build.context` relative to it too (default "."), `build.target` (default: the last stage), as the
 * Dev Containers CLI resolves them. The older top-level `dockerFile` and `context` are read as well.
 * A configuration that uses Docker Compose (`dockerComposeFile`) builds through the Compose file.
 */
import { dirname } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { against, isRemoteContext } from './paths';
import { LineOffsets } from './positions';
import { isLiteralTarget, type ParsedTargetFile, type TargetRef } from './types';

function stringAt(root: Node, path: string[]): Node | undefined {
  const node = findNodeAtLocation(root, path);
  return node?.type === 'string' ? node : undefined;
}

export function readDevcontainer(file: string, source: string): ParsedTargetFile {
  const lines = new LineOffsets(source);
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root) {
    const error = errors[0];
    const at = error ? lines.range(error.offset, error.offset + error.length) : lines.range(0, 0);
    const why = error ? printParseErrorCode(error.error) : 'empty file';
    return { refs: [], problems: [{ file, message: `devcontainer.json is not valid JSON with comments: ${why}`, range: at }] };
  }
  const dockerfile = stringAt(root, ['build', 'dockerfile']) ?? stringAt(root, ['dockerFile']);
  if (!dockerfile) return { refs: [], problems: [] };
  const context = stringAt(root, ['build', 'context']) ?? stringAt(root, ['context']);
  const target = stringAt(root, ['build', 'target']);
  const folder = dirname(file);
  const ref: TargetRef = { kind: 'devcontainer', file, label: 'Dev Container' };
  const contextValue = typeof context?.value === 'string' ? context.value : '.';
  if (!isRemoteContext(contextValue)) ref.context = against(folder, contextValue);
  ref.dockerfile = against(folder, String(dockerfile.value));
  if (target && typeof target.value === 'string') {
    ref.target = target.value;
    // The string's text between its quotes, when it holds no escapes (then it is the name as written).
    if (isLiteralTarget(target.value) && target.length === target.value.length + 2) {
      ref.targetRange = lines.range(target.offset + 1, target.offset + target.length - 1);
      ref.targetFile = file;
    }
  }
  return { refs: [ref], problems: [] };
}
