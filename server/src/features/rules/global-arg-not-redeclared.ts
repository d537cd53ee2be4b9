/**
 * A global ARG (declared before the first FROM, or an automatic platform ARG such as TARGETARCH) used
 * inside a stage that does not declare `ARG NAME` itself: global ARGs are visible only in FROM lines,
 * so inside the stage the variable is empty. Under BuildKit a stage also sees the ARGs of the stage it
 * is `FROM`, so a declaration in a parent stage counts. Covers instructions Docker expands and the
 * shell of RUN. The fix inserts `ARG NAME` right after the stage's FROM.
 */
import type { Instruction, Stage, VariableUse } from '../../analysis/model';
import type { Finding, Rule } from './rule';
import { textFix } from './rule';
import { Scopes, WELL_KNOWN_ENV, before } from './scope';
import { PREDEFINED_ARGS } from '../../analysis/variables';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Does this RUN set the variable itself (`NAME=…`, `for NAME in`, `read NAME`, `export NAME`)? Then the global ARG is not what it reads. */
function assignedInShell(instruction: Instruction, name: string): boolean {
  const text = [...instruction.args.map((w) => w.value), ...instruction.heredocs.map((h) => h.body)].join(' ');
  const n = escapeRegExp(name);
  return new RegExp(`(^|[^A-Za-z0-9_$])${n}=|\\bfor\\s+${n}\\b|\\bread\\b[^;&|\\n]*\\b${n}\\b|\\b(export|local|declare|typeset)\\s+(-\\w+\\s+)*${n}\\b`).test(
    text,
  );
}

/** The RUN instruction of each shell use, by walking both lists in file order once. */
function runOf(stage: Stage): (use: VariableUse) => Instruction | undefined {
  const instructions = stage.instructions;
  let i = 0;
  return (use) => {
    while (i < instructions.length && before(instructions[i].range.end, use.range.start)) i++;
    const instruction = instructions[i];
    return instruction && !before(use.range.start, instruction.range.start) ? instruction : undefined;
  };
}

export const globalArgNotRedeclared: Rule = {
  id: 'global-arg-not-redeclared',
  defaultSeverity: 'warning',
  summary: 'A global ARG is used inside a stage that does not declare it again (it is empty there).',
  check({ model }) {
    const findings: Finding[] = [];
    const globals = new Map(model.globalArgs.map((arg) => [arg.name, arg]));
    const scopes = new Scopes(model);
    const isGlobal = (use: VariableUse) => globals.has(use.name) || PREDEFINED_ARGS.has(use.name);
    for (const stage of model.stages) {
      const expanded = stage.variableUses.filter(isGlobal);
      const shell = stage.shellVariableUses.filter(isGlobal);
      if (expanded.length === 0 && shell.length === 0) continue;
      const firstUse = new Map<string, { use: VariableUse; count: number }>();
      const consider = (use: VariableUse, instruction?: Instruction) => {
        if (WELL_KNOWN_ENV.has(use.name) || scopes.imageMaySet(stage, use.name)) return; // the image's ENV gives it a value
        if (scopes.inFromFlag(stage, use)) return;
        const seen = scopes.visibility(stage, use.name, use.range.start);
        if (seen.local || seen.inherited) return;
        if (instruction && assignedInShell(instruction, use.name)) return;
        const entry = firstUse.get(use.name);
        if (!entry) firstUse.set(use.name, { use, count: 1 });
        else {
          entry.count++;
          if (before(use.range.start, entry.use.range.start)) entry.use = use;
        }
      };
      for (const use of expanded) consider(use);
      const run = runOf(stage);
      for (const use of shell) consider(use, run(use));
      for (const [name, { use, count }] of firstUse) {
        const global = globals.get(name);
        const what = global ? `the global ARG \`${name}\` (line ${global.range.start.line + 1})` : `the automatic platform ARG \`${name}\``;
        const more = count > 1 ? ` (${count} uses in this stage)` : '';
        const declaredLater = scopes.declarations(stage.index).has(name) ? ` This stage declares \`${name}\` only after this use.` : '';
        findings.push({
          range: use.range,
          message: `\`${name}\` is empty here${more}: ${what} is visible only in FROM lines until the stage declares \`ARG ${name}\`.${declaredLater} Add \`ARG ${name}\` after this stage's FROM${stage.name ? ` (\`${stage.name}\`)` : ''}.`,
          data: { name, stageIndex: stage.index },
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const { name, stageIndex } = (diagnostic.data ?? {}) as { name?: string; stageIndex?: number };
    const stage = stageIndex === undefined ? undefined : context.model.stages[stageIndex];
    if (!name || !stage) return [];
    const from = stage.fromInstruction;
    const indent = ' '.repeat(from.keywordRange.start.character);
    const end = from.range.end;
    return [textFix(context, `Add \`ARG ${name}\` to this stage`, { start: end, end }, `\n${indent}ARG ${name}`, true)];
  },
};
