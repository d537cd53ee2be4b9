/**
 * `stagecraft lint [paths/globs…]`: the editor's diagnostics for every Dockerfile named or found,
 * one file at a time (nothing of a file is kept but its findings), in the chosen format. Exit 0 when
 * nothing reaches `--fail-on`, 1 when something does, 2 when an argument names nothing or a named
 * file cannot be read (a found file that turns out binary is skipped with a note on stderr).
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { EXIT, UsageError, type CliIO } from './io';
import { loadSettings } from './config';
import { targets } from './discover';
import { lintFile, type Level } from './lintFile';
import { FAIL_ON, FORMATS, fails, type FailOn, type Format, type Reporter, type ReporterOptions, type Summary } from './formats/reporter';
import { ttyReporter, useColor } from './formats/tty';
import { jsonReporter } from './formats/json';
import { sarifReporter } from './formats/sarif';
import { githubReporter } from './formats/github';
import { junitReporter } from './formats/junit';
import { oneOf } from './options';

export const LINT_HELP = `Usage: stagecraft lint [options] [paths or globs…]

Reports the editor's Stagecraft diagnostics for Dockerfiles. With no path: every Dockerfile and
Containerfile under the current folder (Dockerfile, Containerfile, Dockerfile.*, Containerfile.*,
*.dockerfile, *.Dockerfile, *.containerfile), honouring .gitignore, skipping node_modules and .git.

Options:
  --format tty|json|sarif|github|junit   output format (default: tty)
  --fail-on error|warning|info|none      lowest severity that makes the exit code 1 (default: error)
  --config PATH                          settings file over .stagecraft.json and .vscode/settings.json
  --build-arg NAME=value                 a build arg (repeatable), over the config files' buildArgs
  --output PATH                          write the report to a file instead of stdout
  -h, --help                             this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error.
`;

export async function lint(argv: string[], io: CliIO, version: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'tty' },
      'fail-on': { type: 'string', default: 'error' },
      config: { type: 'string' },
      'build-arg': { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(LINT_HELP);
    return EXIT.ok;
  }
  const format = oneOf<Format>('--format', values.format!, FORMATS);
  const failOn = oneOf<FailOn>('--fail-on', values['fail-on']!, FAIL_ON);
  const warn = (message: string) => io.err(`stagecraft: warning: ${message}\n`);
  const { settings } = loadSettings({ cwd: io.cwd, config: values.config, buildArgs: values['build-arg'], warn });

  const chunks: string[] = [];
  const out =
    values.output !== undefined
      ? (text: string) => {
          chunks.push(text);
        }
      : io.out;
  const options: ReporterOptions = { out, failOn, settings, color: values.output === undefined && useColor(io.isTTY, io.env), version };
  const reporter: Reporter =
    format === 'json'
      ? jsonReporter(options)
      : format === 'sarif'
        ? sarifReporter({ ...options, cwd: io.cwd })
        : format === 'github'
          ? githubReporter(options)
          : format === 'junit'
            ? junitReporter(options)
            : ttyReporter(options);

  const summary: Summary = { files: 0, counts: { error: 0, warning: 0, info: 0, hint: 0 }, failing: 0, unreadable: 0 };
  let ioError = false;
  const display = (path: string) => relative(io.cwd, path).split(sep).join('/') || path;
  const onWalkError = (path: string, error: unknown) => {
    ioError = true;
    io.err(`stagecraft: cannot read folder ${display(path)}: ${(error as NodeJS.ErrnoException).code ?? error}\n`);
  };
  for (const target of targets(positionals, io.cwd, onWalkError)) {
    if (target.kind === 'missing') {
      ioError = true;
      io.err(`stagecraft: ${target.message}\n`);
      continue;
    }
    const path = display(target.path);
    const outcome = await lintFile(target.path, settings);
    if (!outcome.ok) {
      if (outcome.binary && !target.explicit) {
        io.err(`stagecraft: skipped ${path}: ${outcome.error}\n`);
        continue;
      }
      ioError = true;
      summary.unreadable++;
      // The tty report says it on stdout already; other formats are for machines, so say it on stderr too.
      if (format !== 'tty') io.err(`stagecraft: cannot lint ${path}: ${outcome.error}\n`);
      reporter.file({ path, findings: [], error: outcome.error });
      continue;
    }
    for (const message of outcome.ruleErrors) {
      ioError = true;
      io.err(`stagecraft: ${path}: ${message}\n`);
    }
    summary.files++;
    outcome.findings.sort((a, b) => a.line - b.line || a.column - b.column); // stable: rule order within a position
    for (const finding of outcome.findings) {
      summary.counts[finding.severity as Level]++;
      if (fails(finding.severity, failOn)) summary.failing++;
    }
    reporter.file({ path, findings: outcome.findings, text: outcome.text });
  }
  reporter.end(summary);
  if (values.output !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, values.output), chunks.join(''));
    } catch (error) {
      throw new UsageError(`cannot write ${values.output}: ${(error as Error).message}`);
    }
  }
  if (ioError) return EXIT.error;
  return summary.failing > 0 ? EXIT.findings : EXIT.ok;
}
