/**
 * BuildKit's WorkdirRelativePath (dockerfile2llb/convert.go `dispatchWorkdir`): the first WORKDIR
 * of a stage is relative while no WORKDIR of the Dockerfile set an absolute one before, in this stage
 * or a stage it is built FROM (a base image's working directory does not count: it may change).
 * Later relative WORKDIRs are not reported (fixing the first fixes them). A path with a variable is
 * skipped unless it starts with `/`; a drive path (`C:/app`) is absolute in a Windows stage or one
 * whose base image is only known at build time. Quick fix: make the path absolute (`/` + path).
 */
import type { Finding, Rule } from './rule';
import { goQuote, textFix } from './rule';
import type { DockerfileModel } from '../../analysis/model';
import { chainRoot, isWindowsStage } from '../../analysis/shipping';

const unquote = (value: string) => value.replace(/^(["'])(.*)\1$/, '$2');

function isAbsolute(path: string, windows: boolean): boolean {
  if (path.startsWith('/')) return true;
  return windows && /^(?:[A-Za-z]:)?[\\/]/.test(path);
}

/** Per stage: does a WORKDIR of the Dockerfile set its working directory (its own or its FROM stage's)? */
function workdirSet(model: DockerfileModel): boolean[] {
  const set: boolean[] = [];
  for (const stage of model.stages) {
    set[stage.index] = (stage.base.kind === 'stage' && set[stage.base.stageIndex]) || stage.instructions.some((i) => i.keyword === 'WORKDIR');
  }
  return set;
}

export const workdirRelativePath: Rule = {
  id: 'workdir-relative-path',
  buildkit: 'WorkdirRelativePath',
  defaultSeverity: 'warning',
  summary: "The first WORKDIR of a stage is relative: it depends on the base image's working directory.",
  check({ model }) {
    const findings: Finding[] = [];
    const set = workdirSet(model);
    for (const stage of model.stages) {
      if (stage.base.kind === 'stage' && set[stage.base.stageIndex]) continue;
      const first = stage.instructions.find((i) => i.keyword === 'WORKDIR');
      const word = first?.args[0];
      if (!first || !word) continue;
      const path = unquote(first.args.map((w) => w.value).join(' '));
      // A base image only known at build time may be Windows: a drive path (C:/app) is then absolute.
      const windows = isWindowsStage(model, stage.index) || chainRoot(model, stage.index).base.kind === 'unresolved';
      if (isAbsolute(path, windows) || (path.includes('$') && !path.startsWith('/'))) continue;
      findings.push({
        range: first.range,
        message: `Relative workdir ${goQuote(path)} can have unexpected results if the base image changes`,
        data: { at: word.range.start },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const at = (diagnostic.data as { at?: { line: number; character: number } } | undefined)?.at;
    if (!at) return [];
    const quoted = /["']/.test(context.model.instructions.find((i) => i.range.start.line === diagnostic.range.start.line)?.args[0].value[0] ?? '');
    const position = quoted ? { line: at.line, character: at.character + 1 } : at;
    return [textFix(context, 'Make the path absolute', { start: position, end: position }, '/', true)];
  },
};
