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
import type * as Ast from 'dockerfile-ast';
import { detach } from '../analysis/scanner';
import type * as AstParser from 'dockerfile-ast/lib/parser';

type Method = (this: object, ...args: unknown[]) => unknown;
interface Patched { prototype: Record<string, unknown>; name: string; original: Method }

let installed: Patched[] | undefined;

function memoize(prototype: Record<string, unknown>, name: string, copy: boolean): Patched {
  const original = prototype[name] as Method;
  const key = Symbol(name); // on the instance: faster than a WeakMap lookup (measured)
  // `arguments`, not a rest parameter: no array made on each of the ~800k calls per 50k-line validation.
  prototype[name] = function memoized(this: Record<symbol, unknown>): unknown {
    // eslint-disable-next-line prefer-rest-params
    if (arguments.length > 0) return original.apply(this, arguments as unknown as unknown[]);
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

/**
 * Keeps V8's optimized code for the baseline valid across full collections. Every object dockerfile-ast
 * builds gets its fields (and the memos above) after construction, so its shape is a transition of its
 * class's first shape, which V8 holds weakly: once no such object is alive, a full collection (V8's
 * memory reducer after 8 s of quiet, the idle collector's passes) frees the shape, and every function
 * optimized for it is thrown away. The next large file then ran half cold. So a few parsed documents
 * stay alive, and their shapes with them: one of every `KEEP_EVERY` parses of a small text, the last
 * `KEEP_COUNT` of them, with the parser that read it (a slice of a large file is a small text; a
 * large text is never kept). Measured on the 50k-line file opened after 9 s of quiet with the corpus
 * open: 1.9-2.25 s to diagnostics (3.0-3.5 s of CPU) against 2.15-2.7 s (3.5-4.4 s); functions thrown
 * away for "weak objects" 160 -> 50 per quiet spell.
 */
const KEEP_EVERY = 16;
const KEEP_COUNT = 24;
const KEEP_MAX_CHARS = 16 * 1024;
const kept: [parser: unknown, document: unknown][] = [];
let parses = 0;

/** Is this parse one to keep? */
function keepsNext(text: unknown): text is string {
  return parses++ % KEEP_EVERY === 0 && typeof text === 'string' && text.length <= KEEP_MAX_CHARS;
}

function keepShapes(parser: unknown, document: unknown): void {
  kept.push([parser, document]);
  if (kept.length > KEEP_COUNT) kept.shift();
}

/** For tests: the parsed documents kept alive. */
export function keptDocuments(): unknown[] {
  return kept.map(([, document]) => document);
}

/**
 * The baseline's one check across stages, duplicate stage names, is off while a stage's slice is
 * validated: a slice holds one stage, so it finds nothing there, and the skeleton runs it for the
 * file (see sliced.ts). It cost 40 ms of each 50k-line validation (3,099 slices).
 */
let crossStageCheck = true;
export function withoutCrossStageCheck<T>(work: () => T): T {
  crossStageCheck = false;
  try {
    return work();
  } finally {
    crossStageCheck = true;
  }
}

type CreateDuplicate = (instructionLine: number, range: ReturnType<Ast.From['getBuildStageRange']>, name: string) => unknown;

/**
 * dockerfile-utils' duplicate stage name check, with a Map where it keeps a plain object (whose
 * inherited `constructor` it takes for a list of stages): the same diagnostics, in the same order for
 * names that are not integers (a plain object lists those first).
 */
function duplicateStageNames(problems: unknown[], froms: readonly Ast.From[], create: CreateDuplicate): void {
  const byName = new Map<string, Ast.From[]>();
  for (const from of froms) {
    const name = from.getBuildStage()?.toLowerCase();
    if (name === undefined) continue;
    const same = byName.get(name);
    if (same) same.push(from);
    else byName.set(name, [from]);
  }
  for (const [name, same] of byName) {
    if (same.length > 1) for (const from of same) problems.push(create(from.getInstructionRange().start.line, from.getBuildStageRange(), name));
  }
}

/** Installs the memos (once per process). */
export function installBaselineMemo(): void {
  if (installed) return;
  // Loaded here, with the baseline (see context.ts), not when the server starts.
  const { DockerfileParser, Instruction, Line } = require('dockerfile-ast') as typeof Ast;
  const { Parser } = require('dockerfile-ast/lib/parser') as typeof AstParser;
  const { Validator } = require('dockerfile-utils/lib/dockerValidator') as { Validator: { prototype: Record<string, unknown>; createDuplicateBuildStageName: CreateDuplicate } };
  const validator = Validator.prototype;
  const duplicateNames = validator.createDuplicateBuildStageNameDiagnostics as Method;
  const instruction = Instruction.prototype as unknown as Record<string, unknown>;
  const line = Line.prototype as unknown as Record<string, unknown>;
  const dockerfile = Object.getPrototypeOf(DockerfileParser.parse('')) as Record<string, unknown>; // the class is not exported
  const parser = Parser.prototype as unknown as Record<string, unknown>;
  const parse = parser.parse as Method;
  installed = [
    { prototype: parser, name: 'parse', original: parse },
    { prototype: validator, name: 'createDuplicateBuildStageNameDiagnostics', original: duplicateNames },
    memoize(instruction, 'getRawArguments', true),
    memoize(instruction, 'getVariables', true),
    memoize(line, 'getTextContent', false),
    { prototype: dockerfile, name: 'organizeComments', original: dockerfile.organizeComments as Method },
  ];
  dockerfile.organizeComments = organizeComments;
  validator.createDuplicateBuildStageNameDiagnostics = function duplicateNamesUnlessSliced(this: object, problems: unknown, froms: unknown): void {
    if (!crossStageCheck) return;
    try {
      duplicateNames.call(this, problems, froms);
    } catch {
      // It throws on a stage named `constructor` or `__proto__` (before it reports anything), and the
      // whole validation with it: every baseline diagnostic of the file would be lost.
      duplicateStageNames(problems as unknown[], froms as Ast.From[], (line, range, name) => Validator.createDuplicateBuildStageName(line, range, name));
    }
  };
  parser.parse = function parseKeepingShapes(this: object, text: unknown): unknown {
    if (!keepsNext(text)) return parse.call(this, text);
    // A kept parse holds its text: a copy, as a slice of a large file can be a view into the whole
    // text (V8 keeps a cut as a view), which would stay alive with it (found in review).
    const document = parse.call(this, detach(text));
    keepShapes(this, document);
    return document;
  };
}

/** Removes them (tests compare results with and without). */
export function uninstallBaselineMemo(): void {
  for (const { prototype, name, original } of installed ?? []) prototype[name] = original;
  installed = undefined;
}
