/**
 * BuildKit's JSONArgsRecommended: CMD or ENTRYPOINT in shell form runs under `/bin/sh -c`, which
 * does not forward signals (SIGTERM on `docker stop`), so the app is killed after the grace period.
 * Like BuildKit (dispatchCmd), a CMD or ENTRYPOINT after a SHELL (earlier in the stage or in a stage
 * it is FROM) is not reported; `CMD exec app` is, as BuildKit reports it. Windows images (cmd.exe) are
 * left alone.
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
    const { shell, parent } = chainFacts(model);
    for (const stage of model.stages) {
      if (parent[stage.index] >= 0 && shell[parent[stage.index]]) continue; // a SHELL of the stage it is FROM
      if (isWindowsStage(model, stage.index)) continue; // cmd.exe, not /bin/sh
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'SHELL') break; // BuildKit: the image has a shell from here on
        if ((instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') || instruction.jsonForm || instruction.args.length === 0) continue;
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
