/**
 * `--format github`: GitHub Actions workflow commands, one per finding
 * (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which the runner shows as
 * annotations on the pull request. Escaping as the runner's toolkit does it: `%`, `\r`, `\n` in the
 * message; those and `:` and `,` in property values. Info and hint findings become `::notice`.
 */
import type { Reporter, ReporterOptions } from './reporter';
import type { Level } from '../lintFile';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function githubReporter(options: ReporterOptions): Reporter {
  return {
    file(report) {
      if (report.error) {
        options.out(`::error file=${escapeProperty(report.path)},title=${escapeProperty('stagecraft')}::${escapeData(report.error)}\n`);
        return;
      }
      for (const f of report.findings) {
        const props = [
          `file=${escapeProperty(report.path)}`,
          `line=${f.line}`,
          `col=${f.column}`,
          `endLine=${f.endLine}`,
          `endColumn=${f.endColumn}`,
          `title=${escapeProperty(`stagecraft ${f.rule}`)}`,
        ];
        options.out(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`);
      }
    },
    end(summary) {
      options.out(
        `stagecraft: ${summary.files} files, ${summary.counts.error} errors, ${summary.counts.warning} warnings, ${summary.counts.info} info, ${summary.counts.hint} hints\n`,
      );
    },
  };
}
