/**
 * `COPY . .` (the whole build context) before the step that installs dependencies (npm ci, pip
 * install -r, go mod download, dotnet restore, mvn dependency:go-offline, bundle install, ...) in
 * the same stage: any change to any file invalidates the cache of the install step, so every build
 * downloads the dependencies again. Copy the manifests first, install, then copy the rest.
 */
import type { Rule } from './rule';
import type { Instruction } from '../../analysis/model';
import { commandName, runCommands, subcommand, type SimpleCommand } from '../../analysis/commands';

interface Ecosystem {
  name: string;
  /** What to copy first, as the message names it. */
  manifests: string;
  /** What the quick fix copies (files at the context root that exist whenever the step works); none: no fix. */
  fix?: string;
  matches(command: SimpleCommand): boolean;
}

const args = (command: SimpleCommand) => command.words.map((w) => w.value);

const ECOSYSTEMS: Ecosystem[] = [
  {
    name: 'npm',
    manifests: 'package.json package-lock.json',
    fix: 'package*.json',
    matches: (c) => commandName(c) === 'npm' && ['ci', 'install', 'i'].includes(subcommand(c)?.word.value ?? ''),
  },
  {
    name: 'yarn',
    manifests: 'package.json yarn.lock',
    fix: 'package.json yarn.lock',
    matches: (c) => commandName(c) === 'yarn' && (subcommand(c) === undefined || subcommand(c)?.word.value === 'install'),
  },
  {
    name: 'pnpm',
    manifests: 'package.json pnpm-lock.yaml',
    fix: 'package.json pnpm-lock.yaml',
    matches: (c) => commandName(c) === 'pnpm' && ['install', 'i'].includes(subcommand(c)?.word.value ?? ''),
  },
  {
    name: 'pip',
    manifests: '<requirements file>',
    matches: (c) => {
      const a = args(c);
      const pip = /^pip[23]?(?:\.\d+)?$/.test(commandName(c))
        ? 1
        : /^python[23]?(?:\.\d+)?$/.test(commandName(c)) && a[1] === '-m' && /^pip[23]?$/.test(a[2] ?? '')
          ? 3
          : -1;
      return pip > 0 && subcommand(c, pip)?.word.value === 'install' && a.some((w) => w === '-r' || w.startsWith('--requirement') || /^-r\S/.test(w));
    },
  },
  {
    name: 'poetry',
    manifests: 'pyproject.toml poetry.lock',
    fix: 'pyproject.toml poetry.lock',
    matches: (c) => commandName(c) === 'poetry' && subcommand(c)?.word.value === 'install',
  },
  {
    name: 'uv',
    manifests: 'pyproject.toml uv.lock',
    fix: 'pyproject.toml uv.lock',
    matches: (c) => commandName(c) === 'uv' && subcommand(c)?.word.value === 'sync',
  },
  {
    name: 'go',
    manifests: 'go.mod go.sum',
    fix: 'go.mod go.sum',
    matches: (c) => commandName(c) === 'go' && args(c)[1] === 'mod' && args(c)[2] === 'download',
  },
  {
    name: 'maven',
    manifests: 'pom.xml',
    fix: 'pom.xml',
    matches: (c) => /^(?:mvn|mvnw)$/.test(commandName(c)) && args(c).some((w) => /^dependency:(?:go-offline|resolve)/.test(w)),
  },
  { name: 'dotnet', manifests: '*.csproj', matches: (c) => commandName(c) === 'dotnet' && subcommand(c)?.word.value === 'restore' },
  {
    name: 'cargo',
    manifests: 'Cargo.toml Cargo.lock',
    matches: (c) => commandName(c) === 'cargo' && (subcommand(c)?.word.value === 'fetch' || (subcommand(c)?.word.value === 'chef' && args(c).includes('cook'))),
  },
  {
    name: 'bundler',
    manifests: 'Gemfile Gemfile.lock',
    fix: 'Gemfile Gemfile.lock',
    matches: (c) => commandName(c) === 'bundle' && subcommand(c)?.word.value === 'install',
  },
  {
    name: 'composer',
    manifests: 'composer.json composer.lock',
    fix: 'composer.json composer.lock',
    matches: (c) => commandName(c) === 'composer' && subcommand(c)?.word.value === 'install',
  },
];

/** `COPY . .`, `COPY . /app`, `ADD ./ ./`: the whole build context (no --from). */
function copiesWholeContext(instruction: Instruction): boolean {
  if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.args.length < 2) return false;
  if (instruction.flags.some((f) => f.name.toLowerCase() === 'from')) return false;
  return instruction.args.slice(0, -1).some((word) => /^(?:\.|\.\/|\.\/\*|\*)$/.test(word.value.replace(/^(["'])(.*)\1$/, '$2')));
}

export const copyAllBeforeInstall: Rule = {
  id: 'copy-all-before-install',
  defaultSeverity: 'warning',
  summary: '`COPY . .` comes before the dependency install step, so any source change re-downloads every dependency.',
  check({ model }) {
    const findings = [];
    for (const stage of model.stages) {
      let copyAll: Instruction | undefined;
      for (const instruction of stage.instructions) {
        if (!copyAll) {
          if (copiesWholeContext(instruction)) copyAll = instruction;
          continue;
        }
        if (instruction.keyword !== 'RUN') continue;
        let found: { ecosystem: Ecosystem; command: SimpleCommand } | undefined;
        for (const command of runCommands(instruction)) {
          const ecosystem = ECOSYSTEMS.find((e) => e.matches(command));
          if (ecosystem) {
            found = { ecosystem, command };
            break;
          }
        }
        if (!found) continue;
        const { ecosystem, command } = found;
        const whole = command.words.map((w) => w.value).join(' ');
        const step = whole.length > 40 ? `${whole.slice(0, 39)}…` : whole;
        const manifests =
          ecosystem.name === 'pip'
            ? command.words
                .map((w, i, all) => (w.value === '-r' ? all[i + 1]?.value : (/^-r(\S+)/.exec(w.value)?.[1] ?? /^--requirement=(\S+)/.exec(w.value)?.[1])))
                .filter(Boolean)
                .join(' ') || 'requirements.txt'
            : ecosystem.manifests;
        // The fix reorders only the plain case: a RUN that only installs, right after a one-line COPY
        // (a RUN that also builds needs the sources).
        const previous = stage.instructions[stage.instructions.indexOf(instruction) - 1];
        const onlyInstalls = runCommands(instruction).every((c) => ecosystem.matches(c));
        const fixFiles = ecosystem.name === 'pip' ? (/^[^/\s$*]+$/.test(manifests) ? manifests : undefined) : ecosystem.fix;
        const reorder =
          fixFiles && onlyInstalls && previous === copyAll && copyAll.range.start.line === copyAll.range.end.line && !copyAll.jsonForm
            ? { files: fixFiles, copyLine: copyAll.range.start.line }
            : undefined;
        findings.push({
          data: reorder,
          range: { start: copyAll.keywordRange.start, end: copyAll.range.end.line === copyAll.range.start.line ? copyAll.range.end : copyAll.keywordRange.end },
          message: `\`${copyAll.keyword} ${copyAll.args.map((w) => w.value).join(' ')}\` copies the whole build context before \`${step}\` (line ${instruction.range.start.line + 1}): any change to any file re-runs the install. Copy ${manifests
            .split(' ')
            .map((m) => `\`${m}\``)
            .join(', ')} first, install, then copy the rest.`,
        });
        break;
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const data = diagnostic.data as { files?: string; copyLine?: number } | undefined;
    if (!data?.files || data.copyLine === undefined) return [];
    const stage = context.model.stages.find((s) => s.instructions.some((i) => i.keyword !== 'FROM' && i.range.start.line === data.copyLine));
    const copy = stage?.instructions.find((i) => i.range.start.line === data.copyLine);
    const run = stage && copy ? stage.instructions[stage.instructions.indexOf(copy) + 1] : undefined;
    if (!copy || !run || run.keyword !== 'RUN') return [];
    const flags = copy.flags.map((f) => `--${f.name}${f.value !== undefined ? `=${f.value}` : ''} `).join('');
    const dest = copy.args[copy.args.length - 1].value;
    const dir = dest.endsWith('/') ? dest : `${dest}/`;
    const indent = ' '.repeat(copy.keywordRange.start.character);
    const whole = `${copy.keywordText} ${flags}${copy.args.map((w) => w.value).join(' ')}`;
    return [
      {
        title: `Copy ${data.files} first, install, then copy the rest`,
        isPreferred: true,
        edit: {
          changes: {
            [context.uri]: [
              { range: { start: copy.keywordRange.start, end: copy.range.end }, newText: `${copy.keywordText} ${flags}${data.files} ${dir}` },
              { range: { start: run.range.end, end: run.range.end }, newText: `\n${indent}${whole}` },
            ],
          },
        },
      },
    ];
  },
};
