/**
 * What ARG and ENV instructions declare, and the ranges of the parts of a word (a name within
 * `NAME=value`, a value inside JSON quotes, an option within a flag's value).
 */
import type { ArgDeclaration, EnvDeclaration, Instruction, Range, Word } from './model';
import { intern } from './scanner';

/** `NAME=value` or `NAME`, quotes around the value removed. */
export function splitAssignment(word: string): { name: string; value?: string } {
  const eq = word.indexOf('=');
  if (eq < 0) return { name: word };
  return { name: intern(word.slice(0, eq)), value: unquote(word.slice(eq + 1)) };
}

export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1);
  return value;
}

export function nameRangeOf(word: Word, name: string): Range {
  const { start, end } = word.range;
  if (start.line !== end.line) return word.range;
  const character = start.character + name.length;
  // A name that is the whole word (`ARG NAME`) has the word's range: the same object.
  return character === end.character ? word.range : { start, end: { line: start.line, character } };
}

export function offsetRange(range: Range, from: number, length: number): Range {
  if (range.start.line !== range.end.line) return range;
  const character = range.start.character + from;
  return { start: { line: range.start.line, character }, end: { line: range.start.line, character: character + length } };
}

/** Where a word's value starts: inside the quotes of a JSON-form argument (`["$A", …]`). */
export function valueRange(word: Word, jsonForm: boolean): Range {
  const { start, end } = word.range;
  if (!jsonForm || start.line !== end.line) return word.range;
  return { start: { line: start.line, character: start.character + 1 }, end: { line: end.line, character: end.character - 1 } };
}

export function readArgs(instruction: Instruction): ArgDeclaration[] {
  return instruction.args.map((word) => {
    const { name, value } = splitAssignment(word.value);
    return { name, defaultValue: value, range: instruction.range, nameRange: nameRangeOf(word, name) };
  });
}

export function readEnvs(instruction: Instruction): EnvDeclaration[] {
  const { args } = instruction;
  if (args.length === 0) return [];
  if (!args[0].value.includes('=')) {
    // Legacy form: `ENV NAME value with spaces`.
    const value = args
      .slice(1)
      .map((word) => word.value)
      .join(' ');
    return [{ name: args[0].value, value, range: instruction.range, nameRange: args[0].range }];
  }
  return args
    .filter((word) => word.value.includes('='))
    .map((word) => {
      const { name, value } = splitAssignment(word.value);
      return { name, value: value ?? '', range: instruction.range, nameRange: nameRangeOf(word, name) };
    });
}
