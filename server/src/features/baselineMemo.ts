/**
 * dockerfile-ast, which parses for every baseline feature (validation, hover, completion, folding),
 * reads an instruction's arguments afresh from its text on every call. Profile of validating the
 * 50k-line corpus file stage by stage: `getRawArguments` ran 13 times per instruction (5,145 calls
 * for 380 instructions of the 1k file) and took 39% of the time, `getTextContent` ran 15 times per
 * instruction. A parsed instruction never changes (its document and range are set once, in the
 * constructor), so each result is kept per instance: the first call computes it, later calls get a
 * copy of the array (callers such as `ModifiableInstruction.getArguments` shift the array they get).
 * Measured: stage-by-stage validation of the 50k file 1.35-1.75 s -> 0.94-1.13 s; results equal
 * (test/unit/features/baselineMemo.test.ts compares them on the whole corpus).
 */
import { DockerfileParser, Instruction, Line } from 'dockerfile-ast';

type Method = (this: object, ...args: unknown[]) => unknown;
interface Patched { prototype: Record<string, unknown>; name: string; original: Method }

let installed: Patched[] | undefined;

function memoize(prototype: Record<string, unknown>, name: string, copy: boolean): Patched {
  const original = prototype[name] as Method;
  const key = Symbol(name); // on the instance: faster than a WeakMap lookup (measured)
  prototype[name] = function memoized(this: Record<symbol, unknown>, ...args: unknown[]): unknown {
    if (args.length > 0) return original.apply(this, args);
    let value = this[key];
    if (value === undefined) this[key] = value = original.call(this);
    return copy && Array.isArray(value) ? value.slice() : value;
  };
  return { prototype, name, original };
}

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }
interface Template { getRange(): Range; addComment(comment: unknown): void }
interface Parsed { getComments(): { getRange(): Range }[]; initialInstructions: Template; buildStages: Template[] }

/** dockerfile-ast's `Util.isInsideRange` (not exported), same logic. */
function isInsideRange(position: Position, range: Range): boolean {
  if (range.start.line === range.end.line) {
    return range.start.line === position.line && range.start.character <= position.character && position.character <= range.end.character;
  }
  if (range.start.line === position.line) return range.start.character <= position.character;
  if (range.end.line === position.line) return position.character <= range.end.character;
  return range.start.line < position.line && position.line < range.end.line;
}

/**
 * The last step of dockerfile-ast's parse hands each comment to its stage, asking every stage for its
 * range once per comment (each time a new Range, checked field by field: 17% of validation time in
 * the 50k profile). A stage's range depends on its instructions only, which this step does not
 * change: here each range is read once. Same assignments, same order.
 */
function organizeComments(this: Parsed): void {
  const initial = this.initialInstructions.getRange();
  const stages = this.buildStages.map((stage) => ({ stage, range: stage.getRange() }));
  for (const comment of this.getComments()) {
    if (isInsideRange(comment.getRange().end, initial)) {
      this.initialInstructions.addComment(comment);
      continue;
    }
    for (const { stage, range } of stages) if (isInsideRange(comment.getRange().start, range)) stage.addComment(comment);
  }
}

/** Installs the memos (once per process). */
export function installBaselineMemo(): void {
  if (installed) return;
  const instruction = Instruction.prototype as unknown as Record<string, unknown>;
  const line = Line.prototype as unknown as Record<string, unknown>;
  const dockerfile = Object.getPrototypeOf(DockerfileParser.parse('')) as Record<string, unknown>; // the class is not exported
  installed = [
    memoize(instruction, 'getRawArguments', true),
    memoize(instruction, 'getVariables', true),
    memoize(line, 'getTextContent', false),
    { prototype: dockerfile, name: 'organizeComments', original: dockerfile.organizeComments as Method },
  ];
  dockerfile.organizeComments = organizeComments;
}

/** Removes them (tests compare results with and without). */
export function uninstallBaselineMemo(): void {
  for (const { prototype, name, original } of installed ?? []) prototype[name] = original;
  installed = undefined;
}
