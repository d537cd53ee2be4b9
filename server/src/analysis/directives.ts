/**
 * BuildKit's parser directives (`# syntax=`, `# escape=`, `# check=`): the comment lines at the top
 * of a Dockerfile, read before anything else (the escape character changes how the rest is read).
 */
import type { ParserDirectives } from './model';

/** BuildKit's directive line: `#`, then `name = value` (name letters and digits, value not empty). */
const DIRECTIVE = /^[\s\uFEFF]*#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/** The directives, and the first line after them. */
export function readDirectives(lines: readonly string[]): { directives: ParserDirectives; firstLine: number } {
  const directives: ParserDirectives = { escape: '\\', ranges: {} };
  let line = 0;
  for (; line < lines.length; line++) {
    const match = DIRECTIVE.exec(lines[line]);
    if (!match) break;
    const name = match[1].toLowerCase();
    if (!['syntax', 'escape', 'check'].includes(name)) break;
    const range = { start: { line, character: lines[line].indexOf('#') }, end: { line, character: lines[line].length } };
    if (directives.ranges[name]) {
      directives.repeated = { name, range };
      break;
    }
    directives.ranges[name] = range;
    if (name === 'syntax') directives.syntax = match[2];
    else if (name === 'check') directives.check = match[2];
    else if (match[2] === '`' || match[2] === '\\') directives.escape = match[2];
    else {
      directives.badEscape = match[2];
      line++;
      break;
    } // BuildKit stops here: nothing after is read as a directive
  }
  return { directives, firstLine: line };
}
