/**
 * A Dockerfile on disk copies its whole build context (`COPY . .`), and the context has no
 * `.dockerignore`, or one that does not exclude `.git` and what this Dockerfile's tools leave in the
 * context (node_modules, Rust's target/, .NET's bin/ and obj/, Python's virtualenvs): all of it is
 * sent to the builder on each build and copied into the image. BuildKit transfers only the paths
 * COPY/ADD name, so without a copy of the whole context there is nothing to report. Reported on that
 * COPY. Information only; documents that are not files (no env.dockerignore) are never reported.
 * Quick fix: create the file, or add what is missing.
 */
import type { DockerfileModel, Instruction, Range } from '../../analysis/model';
import type { Fix, Rule, RuleEnvironment } from './rule';
import { commandName, runCommands } from '../../analysis/commands';

interface Need {
  pattern: string;
  why: string;
  excluded(patterns: string[]): boolean;
}

/** Does any exclusion pattern cover `name` at the context root or anywhere (`**` / `**\/name`)? */
function excludes(patterns: string[], name: string): boolean {
  return patterns.some(
    (p) =>
      p === name ||
      p === `${name}/` ||
      p === `/${name}` ||
      p === `/${name}/` ||
      p === `**/${name}` ||
      p === `**/${name}/` ||
      p === `${name}/**` ||
      p === `**/${name}/**`,
  );
}

/** Exclusion patterns (negations `!x` cancel an earlier exclusion of x; comments dropped). */
function patternsOf(text: string): { patterns: string[]; allowList: boolean } {
  const patterns: string[] = [];
  let allowList = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('!')) {
      const name = line.slice(1).replace(/^\/+|\/+$/g, '');
      const i = patterns.indexOf(name);
      if (i >= 0) patterns.splice(i, 1);
      continue;
    }
    if (line === '*' || line === '**' || line === '/*' || line === '**/*') allowList = true;
    patterns.push(line.replace(/^\.\//, ''));
  }
  return { patterns, allowList };
}

/** What the tools this Dockerfile uses leave in the build context. Linear in the file: each instruction is read once. */
function needs(model: DockerfileModel): Need[] {
  const result: Need[] = [{ pattern: '.git', why: 'the repository history', excluded: (p) => excludes(p, '.git') }];
  const images = model.stages.map((s) => (s.base.kind === 'image' ? s.base.image.path : ''));
  let commands: string[] | undefined; // read only when no base image tells
  const copied: string[] = []; // sources of COPY/ADD from the context, without a leading ./
  for (const i of model.instructions) {
    if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || i.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
    for (let k = 0; k < i.args.length - 1; k++) copied.push(i.args[k].value.replace(/^\.\//, ''));
  }
  const copiesFrom = (dir: string) => copied.some((source) => source === dir || source.startsWith(`${dir}/`));
  const uses = (image: RegExp, tools: RegExp) => {
    if (images.some((p) => image.test(p))) return true;
    commands ??= model.instructions.flatMap((i) => runCommands(i)).map(commandName);
    return commands.some((c) => tools.test(c));
  };
  if (uses(/(?:^|\/)node$/, /^(?:npm|yarn|pnpm|npx|node)$/) && !copiesFrom('node_modules')) {
    result.push({ pattern: 'node_modules', why: "the host's Node.js dependencies", excluded: (p) => excludes(p, 'node_modules') });
  }
  if (uses(/(?:^|\/)rust$/, /^cargo$/) && !copiesFrom('target'))
    result.push({ pattern: 'target', why: "Cargo's build output", excluded: (p) => excludes(p, 'target') });
  if (uses(/dotnet\/sdk$/, /^dotnet$/) && !copiesFrom('bin') && !copiesFrom('obj')) {
    result.push({ pattern: '**/bin', why: '.NET build output', excluded: (p) => excludes(p, 'bin') });
    result.push({ pattern: '**/obj', why: '.NET intermediate files', excluded: (p) => excludes(p, 'obj') });
  }
  if (uses(/(?:^|\/)python$/, /^(?:pip[23]?|python[23]?|poetry|uv)$/) && !copiesFrom('.venv')) {
    result.push({ pattern: '**/.venv', why: 'a local virtualenv', excluded: (p) => excludes(p, '.venv') });
    result.push({ pattern: '**/__pycache__', why: 'bytecode caches', excluded: (p) => excludes(p, '__pycache__') });
  }
  return result;
}

/** The first `COPY . …` / `ADD . …` from the build context (sources `.`, `./`, `*`, `./*`), if any. */
function copyOfContext(model: DockerfileModel): Instruction | undefined {
  return model.instructions.find(
    (i) =>
      (i.keyword === 'COPY' || i.keyword === 'ADD') &&
      i.stageIndex >= 0 &&
      !i.flags.some((f) => f.name.toLowerCase() === 'from') &&
      i.args.slice(0, -1).some((w) => /^(?:\.|\.\/|\*|\.\/\*)$/.test(w.value.replace(/^(["'])(.*)\1$/, '$2'))),
  );
}

/** The COPY from its keyword to its last argument (on the keyword's line when it spans lines). */
function anchor(copy: Instruction): Range {
  const last = copy.args[copy.args.length - 1];
  return { start: copy.keywordRange.start, end: last.range.start.line === copy.keywordRange.start.line ? last.range.end : copy.keywordRange.end };
}

/** "this Dockerfile's folder", or the context folder's name when `stagecraft.build.context` makes it another one. */
function contextName(uri: string, contextUri: string): string {
  if (uri.slice(0, uri.lastIndexOf('/')) === contextUri.replace(/\/$/, '')) return "this Dockerfile's folder";
  return `\`${decodeURIComponent(contextUri.replace(/\/$/, '').split('/').pop() ?? '')}\`, as stagecraft.build.context sets it`;
}

const fileName = (env: RuleEnvironment) => env.dockerignore!.uri.slice(env.dockerignore!.uri.lastIndexOf('/') + 1);

export const dockerignore: Rule = {
  id: 'dockerignore',
  defaultSeverity: 'information',
  summary: 'The build context has no .dockerignore, or it does not exclude .git, node_modules or build output.',
  check({ uri, model, env }) {
    if (!env.dockerignore || model.stages.length === 0) return [];
    // BuildKit transfers only the paths COPY/ADD name: without a copy of the whole context, what a
    // .dockerignore would exclude never leaves the disk.
    const copy = copyOfContext(model);
    if (!copy) return [];
    const what = `\`${copy.keyword} ${copy.args.map((w) => w.value).join(' ')}\``;
    const wanted = needs(model);
    if (env.dockerignore.text === undefined) {
      return [
        {
          range: anchor(copy),
          message: `The build context (${contextName(uri, env.dockerignore.contextUri)}) has no .dockerignore: ${what} sends every file in it to the builder on each build and copies it into the image, ${wanted.map((n) => `\`${n.pattern}\``).join(', ')} included.`,
          data: { create: wanted.map((n) => n.pattern) },
        },
      ];
    }
    const { patterns, allowList } = patternsOf(env.dockerignore.text);
    if (allowList) return [];
    const missing = wanted.filter((n) => !n.excluded(patterns));
    if (missing.length === 0) return [];
    return [
      {
        range: anchor(copy),
        message: `${fileName(env)} does not exclude ${missing.map((n) => `\`${n.pattern}\` (${n.why})`).join(', ')}: ${what} sends it to the builder on each build and copies it into the image.`,
        data: { append: missing.map((n) => n.pattern) },
      },
    ];
  },
  fixes({ env }, diagnostic) {
    const target = env.dockerignore;
    const data = diagnostic.data as { create?: string[]; append?: string[] } | undefined;
    if (!target || !data) return [];
    if (data.create) {
      const text = `# Not sent to the builder (see https://docs.docker.com/build/concepts/context/#dockerignore-files)\n${data.create.join('\n')}\n`;
      const fix: Fix = {
        title: 'Create .dockerignore',
        isPreferred: true,
        edit: {
          documentChanges: [
            { kind: 'create', uri: target.uri, options: { ignoreIfExists: true } },
            {
              textDocument: { uri: target.uri, version: null },
              edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }],
            },
          ],
        },
      };
      return [fix];
    }
    if (data.append && target.text !== undefined) {
      const lines = target.text.split(/\r\n|\r|\n/);
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      const prefix = target.text === '' || target.text.endsWith('\n') ? '' : '\n';
      return [
        {
          title: `Add ${data.append.join(', ')} to ${fileName(env)}`,
          isPreferred: true,
          edit: {
            documentChanges: [
              { textDocument: { uri: target.uri, version: null }, edits: [{ range: { start: end, end }, newText: `${prefix}${data.append.join('\n')}\n` }] },
            ],
          },
        },
      ];
    }
    return [];
  },
};
