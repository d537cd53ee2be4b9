/** Test helpers: run the `stagecraft` command in-process on a temporary folder and capture what it prints. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { run } from '../../server/src/cli/run';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function cli(argv: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await run(
    argv,
    {
      cwd,
      env: options.env ?? {},
      isTTY: options.isTTY ?? false,
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    },
    '9.8.7',
  );
  return { code, out, err };
}

/** A temporary folder with these files (path -> text or bytes), removed after the test file. */
export function folder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-cli-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A Dockerfile with one error (later-stage-reference) and one warning (stage-name-casing). */
export const ERROR_AND_WARNING = 'FROM alpine:3.20 AS base\nCOPY --from=later /a /a\nFROM alpine:3.20 AS Later\n';
/** A Dockerfile with nothing to report at warning or above. */
export const CLEAN = 'FROM alpine:3.20\nRUN echo ok\n';

/** Five stages with every kind of use (FROM, COPY --from, RUN --mount from=), for `plan` and `graph`. */
export const FIVE_STAGES = `FROM golang:1.22 AS deps
FROM deps AS build
RUN --mount=type=cache,from=deps,target=/cache go build
FROM deps AS lint
FROM deps AS test
COPY --from=build /out /out
FROM alpine:3.20 AS final
COPY --from=build /out /app
COPY --from=build /other /other
`;
