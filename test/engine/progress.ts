/**
 * Reads what a real `docker build` printed into ordered events, for tests that compare the engine
 * with the model's schedule. Only the order of lines is used, never durations.
 *
 * BuildKit `--progress=plain` names each step `#N [stage i/n] INSTRUCTION` and prints `#N DONE 1.2s`
 * (or `CACHED`, `ERROR`) when the step completes. Its printer shows completions in the order they
 * happen but may show a step's header late, so a DONE line is the reliable event: a step that is done
 * has started. The classic builder prints `Step k/n : INSTRUCTION` as it starts each step, one at a time.
 */

export interface BuildkitStep {
  /** The vertex number, `#N`. */
  id: number;
  /** Stage name as BuildKit prints it (`stage-2` for an unnamed stage). */
  stage: string;
  /** Step within the stage, 1-based; step 1 is the FROM. */
  step: number;
  of: number;
  /** The instruction, e.g. `RUN sleep 1`. */
  text: string;
}

export interface BuildkitEvent {
  kind: 'done' | 'cached' | 'error';
  step: BuildkitStep;
  /** 0-based position among all events: what the tests compare. */
  order: number;
}

const HEADER = /^#(\d+) \[([^\]\s]+) (\d+)\/(\d+)\] (.*)$/;
const END = /^#(\d+) (DONE|CACHED|ERROR)\b/;

/** Completion events of stage steps, in the order printed; `[internal]` and export steps are left out. */
export function parseBuildkitPlain(output: string): BuildkitEvent[] {
  const steps = new Map<number, BuildkitStep>();
  const events: BuildkitEvent[] = [];
  for (const line of output.split(/\r?\n/)) {
    const header = HEADER.exec(line);
    if (header) {
      const id = Number(header[1]);
      if (!steps.has(id)) steps.set(id, { id, stage: header[2], step: Number(header[3]), of: Number(header[4]), text: header[5] });
      continue;
    }
    const end = END.exec(line);
    const step = end && steps.get(Number(end[1]));
    if (step) events.push({ kind: end[2].toLowerCase() as BuildkitEvent['kind'], step, order: events.length });
  }
  return events;
}

export interface ClassicStep {
  /** Stage name from `FROM … AS name`, else `stage-K` like BuildKit. */
  stage: string;
  /** Step number over the whole file, as printed. */
  step: number;
  of: number;
  text: string;
  /** The image the step made (` ---> id`), for cleaning up; the base image's ID for a FROM. */
  image?: string;
}

const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const FROM_AS = /^FROM\s+\S+(?:\s+AS\s+(\S+))?\s*$/i;

/** The classic builder's steps in the order it started them, each tagged with its stage. */
export function parseClassic(output: string): ClassicStep[] {
  const steps: ClassicStep[] = [];
  let stage = '';
  let stageCount = 0;
  for (const line of output.split(/\r?\n/)) {
    const image = /^ ---> ([0-9a-f]{12,64})$/.exec(line);
    if (image && steps.length) steps[steps.length - 1].image = image[1];
    const match = CLASSIC_STEP.exec(line);
    if (!match) continue;
    const from = FROM_AS.exec(match[3]);
    if (from) stage = from[1] ?? `stage-${stageCount}`;
    if (from) stageCount++;
    steps.push({ stage, step: Number(match[1]), of: Number(match[2]), text: match[3] });
  }
  return steps;
}

/**
 * True when each of the two stages has a step done before the other's last step is done: neither ran
 * entirely before the other, so they ran at the same time. (A done step has started.)
 */
export function interleaved(events: BuildkitEvent[], a: string, b: string): boolean {
  const of = (stage: string) => events.filter((event) => event.step.stage === stage).map((event) => event.order);
  const [left, right] = [of(a), of(b)];
  if (left.length === 0 || right.length === 0) return false;
  return Math.max(left[0], right[0]) < Math.min(left[left.length - 1], right[right.length - 1]);
}

/** `a, a, b, b, a` -> `a, b, a`: the stages in the order the builder worked on them. */
export function runsOf(stages: string[]): string[] {
  return stages.filter((stage, i) => i === 0 || stages[i - 1] !== stage);
}
