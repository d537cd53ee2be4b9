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
import { targets, type Target } from './discover';
import { lintFile, type Finding, type Level } from './lintFile';
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

function parseLintArgs(argv: string[]) {
  return parseArgs({
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
}

function reporterFor(format: Format, options: ReporterOptions, cwd: string): Reporter {
  switch (format) {
    case 'json':
      return jsonReporter(options);
    case 'sarif':
      return sarifReporter({ ...options, cwd });
    case 'github':
      return githubReporter(options);
    case 'junit':
      return junitReporter(options);
    default:
      return ttyReporter(options);
  }
}

/** What a run has seen so far: the counts for the report's end, and whether reading anything failed. */
interface LintRun {
  io: CliIO;
  format: Format;
  failOn: FailOn;
  reporter: Reporter;
  summary: Summary;
  ioError: boolean;
}

/** A path as the report shows it: relative to the current folder, with forward slashes. */
function displayPath(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join('/') || path;
}

function countFindings(run: LintRun, findings: Finding[]): void {
  run.summary.files++;
  findings.sort((a, b) => a.line - b.line || a.column - b.column); // stable: rule order within a position
  for (const finding of findings) {
    run.summary.counts[finding.severity as Level]++;
    if (fails(finding.severity, run.failOn)) run.summary.failing++;
  }
}

/** Lints one target into the report; a missing or unreadable one is an I/O error, a found binary file a note. */
async function lintTarget(run: LintRun, target: Target, settings: ReporterOptions['settings']): Promise<void> {
  const { io } = run;
  if (target.kind === 'missing') {
    run.ioError = true;
    io.err(`stagecraft: ${target.message}\n`);
    return;
  }
  const path = displayPath(io.cwd, target.path);
  const outcome = await lintFile(target.path, settings);
  if (!outcome.ok) {
    if (outcome.binary && !target.explicit) {
      io.err(`stagecraft: skipped ${path}: ${outcome.error}\n`);
      return;
    }
    run.ioError = true;
    run.summary.unreadable++;
    // The tty report says it on stdout already; other formats are for machines, so say it on stderr too.
    if (run.format !== 'tty') io.err(`stagecraft: cannot lint ${path}: ${outcome.error}\n`);
    run.reporter.file({ path, findings: [], error: outcome.error });
    return;
  }
  for (const message of outcome.ruleErrors) {
    run.ioError = true;
    io.err(`stagecraft: ${path}: ${message}\n`);
  }
  countFindings(run, outcome.findings);
  run.reporter.file({ path, findings: outcome.findings, text: outcome.text });
}

function writeReport(cwd: string, output: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, output), text);
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${(error as Error).message}`);
  }
}

export async function lint(argv: string[], io: CliIO, version: string): Promise<number> {
  const { values, positionals } = parseLintArgs(argv);
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
  const run: LintRun = {
    io,
    format,
    failOn,
    reporter: reporterFor(format, options, io.cwd),
    summary: { files: 0, counts: { error: 0, warning: 0, info: 0, hint: 0 }, failing: 0, unreadable: 0 },
    ioError: false,
  };
  const onWalkError = (path: string, error: unknown) => {
    run.ioError = true;
    io.err(`stagecraft: cannot read folder ${displayPath(io.cwd, path)}: ${(error as NodeJS.ErrnoException).code ?? error}\n`);
  };
  for (const target of targets(positionals, io.cwd, onWalkError)) await lintTarget(run, target, settings);
  run.reporter.end(run.summary);
  if (values.output !== undefined) writeReport(io.cwd, values.output, chunks.join(''));
  if (run.ioError) return EXIT.error;
  return run.summary.failing > 0 ? EXIT.findings : EXIT.ok;
}
