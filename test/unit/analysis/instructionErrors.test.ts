/**
 * The errors of one instruction as BuildKit reports them: its parser (phase 0), its instruction parse
 * (phase 1) and its stage's dispatch (phase 3), first error first. Each case is the second line of
 * `FROM alpine\n<line>\n`; expected: [phase, message, start character, end character] on that line.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { instructionErrors } from '../../../server/src/analysis/instructionErrors';
import type { SyntaxError } from '../../../server/src/analysis/syntaxSplit';

function errorsOf(line: string): SyntaxError[] {
  const instruction = parseDockerfile(`FROM alpine\n${line}\n`).instructions[1];
  const errors: SyntaxError[] = [];
  instructionErrors(instruction, '\\', errors);
  return errors;
}

const summary = (line: string) => errorsOf(line).map((error) => [error.phase, error.message, error.range.start.character, error.range.end.character]);

const CASES: [string, (string | number)[][]][] = [
  ['FROM', [[1, 'FROM requires either one or three arguments', 0, 4]]],
  ['FROM alpine AS', [[1, 'FROM requires either one or three arguments', 0, 14]]],
  ['FROM alpine AS 1st', [[1, 'invalid name for build stage: "1st", name can\'t start with a number or contain symbols', 15, 18]]],
  ['ENV A', [[0, 'ENV must have two arguments', 0, 5]]],
  ['ENV A=1 B', [[0, 'Syntax error - can\'t find = in "B". Must be of the form: name=value', 8, 9]]],
  ['ENV =x', [[1, 'ENV names can not be blank', 4, 6]]],
  ['LABEL', [[1, 'LABEL requires at least one argument', 0, 5]]],
  ['USER', [[1, 'USER requires exactly one argument', 0, 4]]],
  ['MAINTAINER', [[1, 'MAINTAINER requires exactly one argument', 0, 10]]],
  ['STOPSIGNAL SIGFOO', [[3, 'invalid signal: SIGFOO', 0, 17]]],
  ['STOPSIGNAL 0', [[3, 'invalid signal: 0', 0, 12]]],
  ['COPY a', [[1, 'COPY requires at least two arguments, but only one was provided. Destination could not be determined', 0, 6]]],
  ['COPY a <<EOF\nx\nEOF', [[1, 'COPY cannot accept a heredoc as a destination', 7, 12]]],
  ['COPY --chmod=999 a b', [[3, "invalid chmod parameter: '999'. it should be octal string and between 0 and 07777", 5, 16]]],
  [
    'COPY --from=$X a b',
    [[3, 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround', 5, 14]],
  ],
  ['COPY https://x/y /z', [[3, "source can't be a URL for COPY", 0, 19]]],
  ['COPY --link=maybe a b', [[1, 'expecting boolean value for flag --link, not: maybe', 5, 17]]],
  ['RUN --network=bogus x', [[1, 'invalid network mode "bogus"', 4, 19]]],
  ['RUN --security=x y', [[1, 'security "x" is not valid', 4, 16]]],
  ['CMD ["a", 1]', [[0, 'when using JSON array syntax, arrays must be comprised of strings only', 0, 12]]],
  ['ENTRYPOINT --x y', [[1, 'unknown flag: --x', 11, 14]]],
  ['EXPOSE', [[1, 'EXPOSE requires at least one argument', 0, 6]]],
  ['EXPOSE 80/xyz', [[3, 'invalid port: "80/xyz": invalid proto: xyz', 7, 13]]],
  ['EXPOSE 8080-80', [[3, 'invalid containerPort: 8080-80', 7, 14]]],
  ['EXPOSE /tcp', [[3, 'invalid port: "/tcp": no port specified', 7, 11]]],
  ['EXPOSE 70000', [[3, 'invalid containerPort: 70000', 7, 12]]],
  ['VOLUME [""]', [[1, 'VOLUME specified can not be an empty string', 0, 11]]],
  ['ARG', [[1, 'ARG requires at least one argument', 0, 3]]],
  ['ARG =x', [[1, 'ARG names can not be blank', 4, 6]]],
  ['SHELL', [[1, 'SHELL requires at least one argument', 0, 5]]],
  ['SHELL sh -c', [[1, 'SHELL requires the arguments to be in JSON form', 0, 11]]],
  ['ONBUILD ONBUILD RUN x', [[1, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", 8, 15]]],
  ['ONBUILD FROM x', [[1, "FROM isn't allowed as an ONBUILD trigger", 8, 12]]],
  ['ONBUILD CMD ["a", 1]', [[0, 'when using JSON array syntax, arrays must be comprised of strings only', 0, 20]]],
  ['HEALTHCHECK', [[1, 'HEALTHCHECK requires at least one argument', 0, 11]]],
  ['HEALTHCHECK NONE x', [[1, 'HEALTHCHECK NONE takes no arguments', 0, 18]]],
  ['HEALTHCHECK FOO x', [[1, 'Unknown type "FOO" in HEALTHCHECK (try CMD)', 12, 15]]],
  ['HEALTHCHECK CMD', [[1, 'Missing command after HEALTHCHECK CMD', 0, 15]]],
  ['HEALTHCHECK --interval=abc CMD x', [[1, 'time: invalid duration "abc"', 12, 26]]],
  ['HEALTHCHECK --interval=500us CMD x', [[1, 'Interval "interval" cannot be less than 1ms', 12, 28]]],
  ['HEALTHCHECK --retries=-1 CMD x', [[1, '--retries cannot be negative (-1)', 12, 24]]],
];

for (const [line, expected] of CASES) {
  test(`${JSON.stringify(line)}: ${expected.map((error) => error[1]).join('; ')}`, () => {
    assert.deepEqual(summary(line), expected);
  });
}

test('instructions BuildKit accepts have no error', () => {
  const valid = [
    'USER a b', // USER and WORKDIR read the rest of the line as one argument
    'WORKDIR /a /b',
    'STOPSIGNAL 9',
    'STOPSIGNAL sigterm',
    'STOPSIGNAL RTMIN+3',
    'ADD https://x/y /z',
    'COPY --chmod=0755 --link a b',
    'RUN --network=host --mount=type=cache,target=/c x',
    'EXPOSE 80 $P "8" 1-2/udp',
    'SHELL ["sh", "-c"]',
    'ONBUILD COPY a',
    'ENV A=1 B=',
    'LABEL "a b"=c',
    'HEALTHCHECK --interval=0s CMD x',
    'HEALTHCHECK --interval=30s --retries=3 CMD ["curl", "x"]',
  ];
  assert.deepEqual(
    valid.filter((line) => errorsOf(line).length),
    [],
  );
});

test('an unknown instruction is one error at its keyword, with the instructions BuildKit knows for a suggestion', () => {
  const [error] = errorsOf('FORM alpine');
  assert.equal(error.message, 'unknown instruction: FORM');
  assert.deepEqual(error.unknown?.name, 'FORM');
  assert.ok(error.unknown?.candidates.includes('FROM'));
  assert.equal(errorsOf('FORM alpine').length, 1);
});

test("an unknown flag carries the instruction's flags for a suggestion", () => {
  const [error] = errorsOf('COPY --form=x a b');
  assert.equal(error.message, 'unknown flag: --form');
  assert.equal(error.unknown?.name, 'form');
  assert.ok(error.unknown?.candidates.includes('from'));
});

test("the instruction parse's errors come before the dispatch's: a missing destination hides a bad --chmod", () => {
  assert.deepEqual(
    errorsOf('COPY --chmod=999 --from=$X a').map((error) => error.phase),
    [1],
  );
});

test('errors are added to the list given, after what it already holds', () => {
  const instruction = parseDockerfile('FROM alpine\nUSER\n').instructions[1];
  const earlier: SyntaxError = { phase: 0, message: 'earlier', range: instruction.range };
  const errors = [earlier];
  instructionErrors(instruction, '\\', errors);
  assert.deepEqual(
    errors.map((error) => error.message),
    ['earlier', 'USER requires exactly one argument'],
  );
});
