/**
 * Reading a build's output: the Dockerfile line a failed build names (in any of the forms the
 * builders print), and the stages a build ran. Pure, unit-tested with real builders' output.
 *
 * The forms:
 *  - BuildKit 0.10+ (buildx, Docker 23+): `Dockerfile:12` above a `-----` excerpt, then
 *    `ERROR: failed to solve: ...`.
 *  - BuildKit 0.8 (Docker 20.10's built-in): ` > [build 2/3] RUN make:` then the error; the step
 *    numbers count the stage's instructions (FROM counts only when it loads an image).
 *  - The classic builder: `Step 5/7 : RUN make`, then `The command ... returned a non-zero code`;
 *    steps count every instruction of the file.
 *  - Parse errors: `dockerfile parse error line 2: unknown instruction: FOO` (both builders).
 */

export interface OutputPlan {
  /** 0-based start line of every instruction, in file order. */
  instructionLines: number[];
  stages: { index: number; name?: string; instructionLines: number[] }[];
}

export interface BuildFailure {
  /** 0-based line in the Dockerfile. */
  line: number;
  message: string;
  /** The failing instruction as the output shows it (`RUN make`), when it does. */
  step?: string;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function lastMeaningfulLine(lines: string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line && !/^-+$/.test(line)) return line.replace(/^(?:ERROR|error):\s*/, '');
  }
  return 'the build failed';
}

function errorLine(lines: string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^(?:ERROR|error): (.*)$/.exec(lines[i].trim());
    if (match) return match[1];
  }
  return lastMeaningfulLine(lines);
}

function stageOf(plan: OutputPlan, name: string) {
  const key = name.toLowerCase();
  const named = [...plan.stages].reverse().find((s) => s.name?.toLowerCase() === key);
  if (named) return named;
  const index = /^stage-(\d+)$/.exec(key);
  return index ? plan.stages.find((s) => s.index === Number(index[1])) : undefined;
}

/** An instruction as one line: continuations joined, runs of blanks as one. */
const oneLine = (text: string) =>
  text
    .replace(/\\\s*$/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The `>>>` lines of BuildKit's excerpt (`   6 | >>> RUN make \`) after `Dockerfile:6`, joined: the failing instruction. */
function excerptStep(lines: string[], at: number): string | undefined {
  const marked: string[] = [];
  // lines[at] is `Dockerfile:6`, lines[at + 1] the excerpt's opening rule; it ends at the next rule.
  for (let i = at + 2; i < lines.length && !/^-{10,}$/.test(lines[i].trim()); i++) {
    const match = /^\s*\d+ \| >>> ?(.*)$/.exec(lines[i]);
    if (match) marked.push(match[1]);
  }
  return marked.length ? oneLine(marked.join('\n')) : undefined;
}

/** Where a failed build failed, when its output says so. */
export function findFailure(output: string, plan: OutputPlan | undefined): BuildFailure | undefined {
  const lines = stripAnsi(output).split(/\r?\n/);
  // BuildKit 0.10+: `Dockerfile:12` followed by the excerpt.
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^(\S+):(\d+)$/.exec(lines[i].trim());
    if (match && /^-{10,}$/.test(lines[i + 1]?.trim() ?? '')) {
      const step = excerptStep(lines, i);
      return { line: Number(match[2]) - 1, message: errorLine(lines.slice(i)), ...(step ? { step } : {}) };
    }
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /dockerfile parse error (?:on )?line (\d+): (.*)$/i.exec(lines[i]);
    if (match) return { line: Number(match[1]) - 1, message: `dockerfile parse error: ${match[2]}` };
  }
  if (!plan) return undefined;
  // BuildKit 0.8: the failing step's summary after `------`.
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^\s*> \[(?:[\w.-]+\/[\w./-]+ )?([\w.-]+) (\d+)\/(\d+)\] (.*?):?$/.exec(lines[i]);
    if (!match) continue;
    const stage = stageOf(plan, match[1]);
    if (!stage) break;
    const step = Number(match[2]);
    const total = Number(match[3]);
    // FROM is step 1 when it loads an image (n = all instructions); otherwise steps start after it.
    const instruction = total === stage.instructionLines.length ? step - 1 : step;
    const line = stage.instructionLines[instruction];
    if (line === undefined) break;
    return { line, message: lastMeaningfulLine(lines.slice(i + 1)), step: oneLine(match[4]) };
  }
  // The classic builder: the last step it started. It appends one LABEL step for `--label`.
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^Step (\d+)\/(\d+) : /.exec(lines[i]);
    if (!match) continue;
    const total = Number(match[2]);
    if (total !== plan.instructionLines.length && total !== plan.instructionLines.length + 1) break;
    const line = plan.instructionLines[Number(match[1]) - 1];
    if (line === undefined) break;
    return { line, message: lastMeaningfulLine(lines.slice(i + 1)), step: oneLine(lines[i].slice(match[0].length)) };
  }
  return undefined;
}

const SHOWN = 100;

const shorten = (text: string) => (text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text);

/**
 * The last line of a failed build's terminal: `Build failed: step RUN make at app/Dockerfile:12 (exit code 1)`;
 * with no step, what failed there (a parse error); with no line, that docker's output says why.
 */
export function failureSummary(file: string, exitCode: number, failure: BuildFailure | undefined): string {
  const code = `exit code ${exitCode}`;
  if (!failure) return `Build failed (${code}); docker's output above says why.`;
  const where = `${file}:${failure.line + 1}`;
  if (failure.step) return `Build failed: step ${shorten(failure.step)} at ${where} (${code})`;
  return `Build failed at ${where} (${code}): ${shorten(oneLine(failure.message))}`;
}

/** One line a problem matcher reads: `stagecraft: error: /path/Dockerfile:12: message`. */
export function problemLine(dockerfile: string, failure: BuildFailure): string {
  return `stagecraft: error: ${dockerfile}:${failure.line + 1}: ${failure.message.replace(/\s+/g, ' ')}`;
}

/** The problem matcher's pattern for that line (package.json `problemMatchers`). */
export const PROBLEM_PATTERN = '^stagecraft: (error|warning): (.+):(\\d+): (.*)$';

/**
 * Stage names a build ran, from its plain output: BuildKit's `#5 [build 2/3] RUN ...` steps (a
 * stage whose every step was cached still shows `CACHED` steps), or the classic builder's
 * `Step 4/9 : FROM base AS build` lines. Unnamed stages appear as `stage-N`.
 * BuildKit's `[x 1/n] FROM image` step is left out: the engine shares that step between every
 * build FROM the same image, and shows it under the stage name of whichever build loaded it first
 * (another project's stage, on a shared engine).
 */
export function stagesRun(output: string): string[] {
  const seen: string[] = [];
  const add = (name: string) => {
    if (!seen.includes(name)) seen.push(name);
  };
  let classicIndex = 0;
  for (const raw of stripAnsi(output).split(/\r?\n/)) {
    const kit = /^#\d+ \[(?:[\w.-]+\/[\w./-]+ )?([\w.-]+) \d+\/\d+\] (\S+)/.exec(raw);
    if (kit) {
      if (kit[2] !== 'FROM') add(kit[1].toLowerCase());
      continue;
    }
    const classic = /^Step \d+\/\d+ : FROM\s+(?:--\S+\s+)*\S+(?:\s+AS\s+(\S+))?\s*$/i.exec(raw);
    if (classic) add((classic[1] ?? `stage-${classicIndex}`).toLowerCase());
    if (/^Step \d+\/\d+ : FROM\b/i.test(raw)) classicIndex++;
  }
  return seen;
}
