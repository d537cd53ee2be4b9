/**
 * The syntax errors BuildKit raises, case by case: BuildKit's own parser tests
 * (instructions/parse_test.go, parse_heredoc_test.go, parser/testfiles-negative) and what Debian's
 * 20.10 engine answered for the same files (test/engine/syntax-differential.test.ts compares
 * thousands more). Each case: the file, and the first error a build reports (1-based line, message),
 * or none.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile, parseLines } from '../../../server/src/analysis/parse';
import { splitLines } from '../../../server/src/analysis/scanner';
import { firstError, syntaxErrors, type SyntaxError } from '../../../server/src/analysis/syntax';
import { counting } from '../../helpers/counting';

function first(text: string): string | undefined {
  const error = firstError(syntaxErrors(parseDockerfile(text)));
  return error && `${error.range.start.line + 1}: ${error.message}`;
}

const CASES: [string, string | undefined][] = [
  // instructions/parse_test.go
  ...['MAINTAINER', 'WORKDIR', 'USER', 'STOPSIGNAL'].map((cmd): [string, string] => [`FROM a\n${cmd}`, `2: ${cmd} requires exactly one argument`]),
  ...['ENV', 'LABEL', 'ONBUILD', 'HEALTHCHECK', 'EXPOSE', 'VOLUME'].map((cmd): [string, string] => [
    `FROM a\n${cmd}`,
    `2: ${cmd} requires at least one argument`,
  ]),
  ...['ADD', 'COPY'].map((cmd): [string, string] => [
    `FROM a\n${cmd} arg1`,
    `2: ${cmd} requires at least two arguments, but only one was provided. Destination could not be determined`,
  ]),
  ['FROM a\nENV =arg2', '2: ENV names can not be blank'],
  ['FROM a\nLABEL =arg2', '2: LABEL names can not be blank'],
  ['FROM a\nONBUILD FROM scratch', "2: FROM isn't allowed as an ONBUILD trigger"],
  ['FROM a\nMAINTAINER --boo joe@example.com', '2: unknown flag: --boo'],
  ['FROM a\nONBUILD ONBUILD RUN touch foobar', "2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"],
  ['FROM a\nFOO bar', '2: unknown instruction: FOO'],
  ['FROM a\nfoo bar', '2: unknown instruction: foo'],
  ['FROM a\nHEALTHCHECK --interval=1ns CMD true', '2: Interval "interval" cannot be less than 1ms'],
  // parse_heredoc_test.go
  ['FROM a\nCOPY /foo <<EOF\nEOF', '2: COPY cannot accept a heredoc as a destination'],
  // parser/testfiles-negative
  ['FROM busybox\n\nENV PATH', '3: ENV must have two arguments'],
  ['# Hello\n# These are just comments\n', '1: file with no instructions'],
  ['CMD [ "echo", [ "nested json" ] ]', '1: when using JSON array syntax, arrays must be comprised of strings only'],
  // What the engine answered (test/engine/syntax-differential.test.ts)
  ['FROM alpine\nRUN echo hi\n', undefined],
  ['FROM a\nENV A=1 B\n', '2: Syntax error - can\'t find = in "B". Must be of the form: name=value'],
  ['RUN x\nFROM a\n', '1: no build stage in current context'],
  ['# escape=x\nFROM a\n', "1: invalid escape token 'x' does not match ` or \\"],
  ['# escape=`\n# escape=\\\nFROM a\n', '2: only one escape parser directive can be used'],
  ['FROM a\nRUN\nCMD\n', undefined],
  ['FROM a\nCOPY a b c\n', undefined],
  ['FROM a\nSTOPSIGNAL --x 9\n', undefined],
  ['FROM a\nEXPOSE --x 80\n', '2: unknown flag: --x'],
  ['FROM a AS 1x\n', '1: invalid name for build stage: "1x", name can\'t start with a number or contain symbols'],
  ['FROM a b\n', '1: FROM requires either one or three arguments'],
  ['FROM a\nHEALTHCHECK --interval=3 CMD x\n', '2: time: missing unit in duration "3"'],
  ['FROM a\nRUN --mount=type=foo x\n', '2: unsupported mount type "foo"'],
  ['FROM a\nCOPY --link=maybe a b\n', '2: expecting boolean value for flag --link, not: maybe'],
  ['FROM a\nCOPY --from a b\n', '2: missing a value on flag: --from'],
  ['FROM a\nCOPY --chown=1 --chown=2 a b\n', '2: duplicate flag specified: --chown'],
  ['FROM a\nSHELL sh -c\n', '2: SHELL requires the arguments to be in JSON form'],
  ['FROM a\nHEALTHCHECK NONE x\n', '2: HEALTHCHECK NONE takes no arguments'],
  ['FROM a\nHEALTHCHECK WHAT x\n', '2: Unknown type "WHAT" in HEALTHCHECK (try CMD)'],
  ['FROM a\nRUN <<EOF\nnever closed\n', '2: unterminated heredoc'],
  // BuildKit's source, newer than the engine (convert.go; 20.10 only reports the missing target)
  ['ARG A\n', '1: dockerfile contains no stages to build'],
  ['FROM --platform=$NOPE alpine\n', '1: empty platform value from expression $NOPE'],
  ['# check=skip=JSONArgsRecommended;error=true\nFROM a\n', undefined],
  [
    '# check=error=maybe\nFROM a\n',
    '1: failed to parse check options: failed to parse check option "error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax',
  ],
  ['# check=skipp=all\nFROM a\n', '1: failed to parse check options: invalid check option "skipp"'],
  // Found by the differential test: the keyword runs up to a continuing escape; flags on legacy ENV
  ['FROM a\nRUN\\\n  echo hi\n', undefined],
  ['# escape=`\nFROM`\n a\n', undefined],
  ['FROM a\nENV --from GOPATH /go\n', '2: unknown flag: --from'],
  // dockerfile2llb/convert_copy.go (today's BuildKit; 20.10 ignored a mode that is not octal)
  ['FROM a\nCOPY --chmod=0755 a /b\nCOPY --chmod=u+x,g=r a /c\n', undefined],
  ['FROM a\nCOPY --chmod=999 a /b\n', "2: invalid chmod parameter: '999'. it should be octal string and between 0 and 07777"],
  ['FROM a\nCOPY --chmod=17777 a /b\n', "2: invalid chmod parameter: '17777'. it should be octal string and between 0 and 07777"],
  // dockerfile2llb/convert_expose.go (raised when the stage is built)
  ['FROM a\nEXPOSE 80 443/udp 8000-8010/TCP\n', undefined],
  ['FROM a\nEXPOSE 80/http\n', '2: invalid port: "80/http": invalid proto: http'],
  ['FROM a\nEXPOSE 70000\n', '2: invalid containerPort: 70000'],
  ['FROM a\nEXPOSE 90-80\n', '2: invalid containerPort: 90-80'],
  ['FROM a\nEXPOSE $PORT\n', undefined],
  // dockerfile2llb/convert.go dispatchStopSignal (moby/sys/signal)
  ['FROM a\nSTOPSIGNAL SIGTERM\nSTOPSIGNAL term\nSTOPSIGNAL 9\nSTOPSIGNAL SIGRTMIN+3\n', undefined],
  ['FROM a\nSTOPSIGNAL SIGTERMINATE\n', '2: invalid signal: SIGTERMINATE'],
  ['FROM a\nSTOPSIGNAL 0\n', '2: invalid signal: 0'],
  // Not errors in BuildKit
  ['FROM a\nCOPY -- --weird /dst\n', undefined],
  ['FROM a\nONBUILD WHATEVER x\n', undefined],
  ['FROM a\nCOPY a b /not-a-dir\n', undefined],
  // Phases: the parser's errors (anywhere) come before an instruction's.
  ['FROM a\nFORM b\nENV X\n', '3: ENV must have two arguments'],
];

for (const [text, expected] of CASES) {
  test(`${JSON.stringify(text)} -> ${expected ?? 'no error'}`, () => {
    assert.equal(first(text), expected);
  });
}

test('a base name blank without --build-arg is an error a build can avoid when a global ARG is involved: marked so', () => {
  const errors = syntaxErrors(parseDockerfile('ARG B\nFROM $B\nFROM ${UNDECLARED}\n'));
  assert.deepEqual(
    errors.map((e) => [e.message, e.buildArgs]),
    [
      ['base name ($B) should not be blank', true],
      ['base name (${UNDECLARED}) should not be blank', false],
    ],
  );
});

test('a flag named like an object property is an unknown flag, on every instruction', () => {
  const errors = syntaxErrors(
    parseDockerfile('FROM alpine:3.20\nCOPY --constructor=x a /b\nHEALTHCHECK --toString=1 CMD true\nHEALTHCHECK --interval=5constructor CMD true\n'),
  );
  assert.deepEqual(
    errors.map((e) => [e.range.start.line, e.message]),
    [
      [1, 'unknown flag: --constructor'],
      [2, 'unknown flag: --toString'],
      [3, 'time: unknown unit "constructor" in duration "5constructor"'],
    ],
  );
});

/** A file of `n` stages, each with the kinds of instruction the checks read most; one error per twenty stages. */
function stagesFile(n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `FROM alpine:3.${i % 20} AS s${i}\nARG V${i}=1\nENV A${i}=$V${i} B=2\nCOPY --from=s0 --chmod=644 /a /b\nRUN --mount=type=cache,target=/c echo $A${i}\n${i % 20 === 7 ? 'RUN --nope x' : 'WORKDIR /w'}`,
  ).join('\n');
}

/** `text` with `insert` put at `character` of line `line`. */
function edited(text: string, line: number, character: number, insert: string): string {
  const lines = text.split('\n');
  lines[line] = lines[line].slice(0, character) + insert + lines[line].slice(character);
  return lines.join('\n');
}

test('the errors of a version parsed from the last one are those of a fresh parse (edits that keep, add and remove lines)', () => {
  let text = stagesFile(60);
  let lines = splitLines(text);
  let model = parseLines(lines);
  syntaxErrors(model);
  const edits: [number, number, string][] = [
    [100, 3, 'x'], // RUN -> RUNx: an unknown instruction
    [100, 3, ''],
    [40, 0, 'FROM scratch\n'], // a stage added: every instruction below is one line further down
    [41, 4, ' --nope'],
    [10, 0, '\\\n'],
    [200, 5, '\n\n'],
  ];
  for (const [line, character, insert] of edits) {
    const next = insert === '' ? lines.join('\n').replace(/RUNx/, 'RUN') : edited(text, line, character, insert);
    const nextLines = splitLines(next);
    const reused = parseLines(nextLines, {}, { lines, model });
    assert.equal(JSON.stringify(syntaxErrors(reused)), JSON.stringify(syntaxErrors(parseLines(nextLines))), `edit at ${line}:${character}`);
    [text, lines, model] = [next, nextLines, reused];
  }
});

test('an edit checks again only the instructions it changed: counted reads of the next version a fraction of a first check', () => {
  const text = stagesFile(400);
  const lines = splitLines(text);
  const model = parseLines(lines);
  const proxies = new WeakMap<object, unknown>(); // one proxy per object across versions: a kept instruction is the same object
  const counter = { reads: 0 };
  syntaxErrors(counting(model, counter, proxies));
  const first = counter.reads;
  const nextLines = splitLines(edited(text, 1204, 3, 'x')); // a RUN in the middle, same line count
  const next = parseLines(nextLines, {}, { lines, model });
  counter.reads = 0;
  const errors = syntaxErrors(counting(next, counter, proxies));
  const again = counter.reads;
  assert.ok(errors.some((error) => error.message === 'unknown instruction: RUNx'));
  assert.ok(again * 3 < first, `${again} reads after the edit, ${first} for the first check`);
});

test('a line added above an instruction: its errors are those it had, moved, not worked out again', () => {
  const text = edited(stagesFile(400), 1204, 3, 'x'); // RUNx: an unknown instruction in the middle
  const lines = splitLines(text);
  const model = parseLines(lines);
  const unknown = (errors: readonly SyntaxError[]) => errors.find((error) => error.message === 'unknown instruction: RUNx')!;
  const before = unknown(syntaxErrors(model));
  const addedLines = splitLines(edited(text, 600, 0, 'RUN added\n'));
  const errors = syntaxErrors(parseLines(addedLines, {}, { lines, model }));
  assert.equal(JSON.stringify(errors), JSON.stringify(syntaxErrors(parseLines(addedLines))));
  const after = unknown(errors);
  assert.equal(after.range.start.line, 1205);
  assert.equal(after.unknown!.candidates, before.unknown!.candidates, 'the error moved (a check makes a new list of candidates)');
});

test('FROM lines below an edit keep their base and --platform errors, moved, as a fresh parse gives them', () => {
  const text = [
    'ARG EMPTY=',
    'FROM alpine AS a',
    'RUN true',
    'FROM --platform=$EMPTY alpine AS b',
    'FROM --platform=linux/a.b alpine AS c',
    'FROM $EMPTY AS d',
  ].join('\n');
  const lines = splitLines(text);
  const model = parseLines(lines);
  const messages = (errors: readonly SyntaxError[]) => errors.map((error) => `${error.range.start.line}:${error.range.start.character} ${error.message}`);
  const before = messages(syntaxErrors(model));
  assert.deepEqual(before, [
    '3:5 empty platform value from expression $EMPTY',
    '4:5 failed to parse platform linux/a.b: "linux/a.b": invalid platform specifier',
    '5:5 base name ($EMPTY) should not be blank',
  ]);
  for (const insert of ['RUN added\n', 'RUN one\nRUN two\n']) {
    const addedLines = splitLines(edited(text, 2, 0, insert));
    const errors = messages(syntaxErrors(parseLines(addedLines, {}, { lines, model })));
    assert.deepEqual(errors, messages(syntaxErrors(parseLines(addedLines))));
    const added = insert.split('\n').length - 1;
    assert.deepEqual(
      errors,
      before.map((line) => line.replace(/^\d+/, (n) => String(Number(n) + added))),
    );
  }
});
