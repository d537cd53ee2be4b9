/**
 * BuildKit's JSONArgsRecommended: CMD or ENTRYPOINT in shell form runs under `/bin/sh -c`, which
 * does not forward signals (SIGTERM on `docker stop`), so the app is killed after the grace period.
 * Like BuildKit, a stage with an explicit SHELL (here or in a stage it is FROM) is not reported;
 * neither are `CMD exec app` (the app replaces the shell) and Windows images (cmd.exe).
 * Quick fix: the JSON form, offered when the words need no shell (no variables, quotes, globs, ...).
 */
import type { Rule } from './rule';
import { textFix } from './rule';
import { chainFacts, isWindowsStage } from '../../analysis/shipping';

const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+$/;

export const jsonArgsRecommended: Rule = {
  id: 'json-args-recommended',
  buildkit: 'JSONArgsRecommended',
  defaultSeverity: 'warning',
  summary: 'CMD/ENTRYPOINT in shell form: the process runs under /bin/sh and does not get signals such as SIGTERM.',
  check({ model }) {
    const findings = [];
    const { shell } = chainFacts(model);
    for (const stage of model.stages) {
      if (shell[stage.index]) continue;
      if (isWindowsStage(model, stage.index)) continue; // cmd.exe, not /bin/sh
      for (const instruction of stage.instructions) {
        if ((instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') || instruction.jsonForm || instruction.args.length === 0) continue;
        if (instruction.args[0].value === 'exec') continue; // `exec app`: the app replaces the shell as PID 1
        const safe = instruction.args.every((word) => PLAIN.test(word.value)) && instruction.range.start.line === instruction.range.end.line;
        const json = `[${instruction.args.map((word) => JSON.stringify(word.value)).join(', ')}]`;
        const last = instruction.args[instruction.args.length - 1];
        findings.push({
          range: { start: instruction.keywordRange.start, end: last.range.end },
          message: `JSON arguments recommended for ${instruction.keywordText} to prevent unintended behavior related to OS signals`,
          data: safe ? { start: instruction.args[0].range.start, json } : undefined,
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const data = diagnostic.data as { start?: { line: number; character: number }; json?: string } | undefined;
    if (!data?.start || !data.json) return [];
    return [textFix(context, `Use the JSON form ${data.json}`, { start: data.start, end: diagnostic.range.end }, data.json, true)];
  },
};
