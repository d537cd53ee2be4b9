/**
 * BuildKit's SecretsUsedInArgOrEnv, as BuildKit has it (dockerfile2llb/validations.go
 * `validateNoSecretKey`): an ARG or ENV of a stage whose name has, as a whole `_`-separated word
 * (case-insensitive), APIKEY, AUTH, CREDENTIAL(S), KEY, PASSWORD, PWORD, PASSWD, SECRET or TOKEN,
 * unless a word of it is PUBLIC, FILE or VERSION. Global ARGs (before the first FROM) are not
 * checked, the values never matter. ENV values are stored in the image config, ARG values in the
 * build history: both leak. Reported on the name, with BuildKit's message.
 *
 * Quick fix for a stage ARG without a default that only RUN instructions of its stage use: drop the
 * ARG and give each of those RUNs `--mount=type=secret,id=<name>,env=<NAME>`, so the value reaches
 * the command as the same variable without being recorded.
 */
import type { TextEdit } from 'vscode-languageserver';
import type { Finding, Rule } from './rule';
import { goQuote } from './rule';
import type { ArgDeclaration, DockerfileModel, EnvDeclaration, Instruction, Stage } from '../../analysis/model';

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED = /(?:_|^)(?:public|file|version)(?:_|$)/i;

const secretId = (name: string) => name.toLowerCase();

export function looksSecret(name: string): boolean {
  return SECRET.test(name) && !ALLOWED.test(name);
}

export const secretsInArgEnv: Rule = {
  id: 'secrets-in-arg-env',
  buildkit: 'SecretsUsedInArgOrEnv',
  defaultSeverity: 'warning',
  summary: 'An ARG or ENV name says it holds a secret (password, token, key, ...): its value stays in the image or its history.',
  check({ model }) {
    const findings: Finding[] = [];
    const report = (kind: 'ARG' | 'ENV', declaration: ArgDeclaration | EnvDeclaration) => {
      if (!looksSecret(declaration.name)) return;
      findings.push({ range: declaration.nameRange, message: `Do not use ARG or ENV instructions for sensitive data (${kind} ${goQuote(declaration.name)})` });
    };
    for (const stage of model.stages) {
      for (const arg of stage.args) {
        const before = findings.length;
        report('ARG', arg);
        if (findings.length > before) {
          const edits = toSecretMount(model, stage, arg);
          if (edits) findings[findings.length - 1].data = { edits };
        }
      }
      for (const env of stage.envs) report('ENV', env);
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const edits = (diagnostic.data as { edits?: TextEdit[] } | undefined)?.edits;
    return edits
      ? [{ title: 'Pass it as a secret mount to the RUNs that use it (drop the ARG)', isPreferred: true, edit: { changes: { [context.uri]: edits } } }]
      : [];
  },
};

/** Does any word of the instruction (or its heredocs) expand `$NAME` / `${NAME…}`? */
function uses(instruction: Instruction, pattern: RegExp): boolean {
  return (
    instruction.args.some((word) => pattern.test(word.value)) ||
    instruction.flags.some((flag) => pattern.test(flag.value ?? '')) ||
    instruction.heredocs.some((heredoc) => pattern.test(heredoc.body))
  );
}

/**
 * The edits that turn `ARG NAME` (no default, in a stage) into secret mounts on the RUNs of the same
 * stage that use it; undefined when anything else uses it (another instruction kind, a later stage,
 * which could inherit the ARG) or nothing does.
 */
function toSecretMount(model: DockerfileModel, stage: Stage, arg: ArgDeclaration): TextEdit[] | undefined {
  if (arg.defaultValue !== undefined) return undefined;
  const pattern = new RegExp(`\\$(?:\\{)?${arg.name.replace(/[^A-Za-z0-9_]/g, '\\$&')}(?![A-Za-z0-9_])`);
  const declaration = stage.instructions.find((i) => i.keyword === 'ARG' && i.range.start.line === arg.range.start.line);
  if (!declaration) return undefined;
  const after = (i: Instruction) => i.range.start.line > declaration.range.end.line;
  const runs: Instruction[] = [];
  for (const instruction of stage.instructions) {
    if (!after(instruction) || !uses(instruction, pattern)) continue;
    if (instruction.keyword !== 'RUN') return undefined;
    runs.push(instruction);
  }
  for (const other of model.stages) {
    if (other.index > stage.index && other.instructions.some((i) => uses(i, pattern))) return undefined;
  }
  if (runs.length === 0) return undefined;
  const id = secretId(arg.name);
  const edits: TextEdit[] = runs.map((run) => ({
    range: { start: run.keywordRange.end, end: run.keywordRange.end },
    newText: ` --mount=type=secret,id=${id},env=${arg.name}`,
  }));
  const words = declaration.args;
  const index = words.findIndex((word) => word.range.start.line === arg.nameRange.start.line && word.range.start.character === arg.nameRange.start.character);
  if (index < 0) return undefined;
  if (words.length === 1) {
    edits.push({
      range: { start: { line: declaration.range.start.line, character: 0 }, end: { line: declaration.range.end.line + 1, character: 0 } },
      newText: '',
    });
  } else if (index > 0) {
    edits.push({ range: { start: words[index - 1].range.end, end: words[index].range.end }, newText: '' });
  } else {
    edits.push({ range: { start: words[0].range.start, end: words[1].range.start }, newText: '' });
  }
  return edits;
}
