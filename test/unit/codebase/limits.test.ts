/**
 * Size limits on the sources (client/src, server/src): no file over 400 lines, and no function,
 * method or arrow function over 80 lines unless the comment above it says why, with the marker
 * "Long because" (see CONTRIBUTING.md, "Code size").
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const FOLDERS = ['client/src', 'server/src'];
export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;
export const REASON_MARKER = 'Long because';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Lines in a file as an editor counts them (a final newline does not start a line). */
function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The comments above a node (and above the statement, member or property holding it). */
function leadingComments(node: ts.Node, text: string): string {
  const parts: string[] = [];
  for (let at: ts.Node | undefined = node; at && !ts.isSourceFile(at); at = at.parent) {
    for (const range of ts.getLeadingCommentRanges(text, at.getFullStart()) ?? []) parts.push(text.slice(range.pos, range.end));
    if (ts.isStatement(at) || ts.isClassElement(at) || ts.isPropertyAssignment(at) || ts.isObjectLiteralElement(at)) break;
  }
  return parts.join('\n');
}

function functionName(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(argument of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

/** Every function-like node over `maxLines` lines whose comments do not carry the marker. */
export function longFunctions(fileName: string, text: string, maxLines = MAX_FUNCTION_LINES): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const declaration = node as ts.FunctionLikeDeclaration;
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > maxLines && !leadingComments(node, text).includes(REASON_MARKER)) {
        found.push(`${fileName}:${first + 1} ${functionName(declaration)} is ${lines} lines`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));

test(`no source file over ${MAX_FILE_LINES} lines`, () => {
  assert.ok(files.length > 50, `only ${files.length} files found`);
  const over = files
    .map((file) => ({ file: path.relative(ROOT, file), lines: lineCount(readFileSync(file, 'utf8')) }))
    .filter(({ lines }) => lines > MAX_FILE_LINES)
    .map(({ file, lines }) => `${file} is ${lines} lines`);
  assert.deepEqual(over, []);
});

test(`no function over ${MAX_FUNCTION_LINES} lines unless its comment says "${REASON_MARKER}"`, () => {
  const over = files.flatMap((file) => longFunctions(path.relative(ROOT, file), readFileSync(file, 'utf8')));
  assert.deepEqual(over, []);
});

test('the function finder sees declarations, methods and arrows, and honours the marker', () => {
  const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
  const text = [
    `function long() {\n${body(3)}\n}`,
    `// ${REASON_MARKER} splitting it would hurt.\nfunction explained() {\n${body(3)}\n}`,
    `class C {\n  method() {\n${body(3)}\n  }\n}`,
    `const arrow = () => {\n${body(3)}\n};`,
    `register(() => {\n${body(3)}\n});`,
    `function short() {\n  return 1;\n}`,
  ].join('\n');
  assert.deepEqual(longFunctions('x.ts', text, 4), [
    'x.ts:1 long is 5 lines',
    'x.ts:13 method is 5 lines',
    'x.ts:19 arrow is 5 lines',
    'x.ts:24 (argument of register) is 5 lines',
  ]);
});
