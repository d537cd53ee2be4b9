/**
 * `--format json`: one JSON document at the end:
 * `{ version, files, findings: [{ file, line, column, endLine, endColumn, severity, rule, message }], errors: [{ file, message }], summary }`.
 * Lines and columns are 1-based, columns in UTF-16 code units.
 */
import type { Reporter, ReporterOptions } from './reporter';
import type { Finding } from '../lintFile';

export function jsonReporter(options: ReporterOptions): Reporter {
  const findings: (Finding & { file: string })[] = [];
  const errors: { file: string; message: string }[] = [];
  return {
    file(report) {
      if (report.error) errors.push({ file: report.path, message: report.error });
      for (const finding of report.findings) findings.push({ file: report.path, ...finding });
    },
    end(summary) {
      options.out(
        JSON.stringify(
          {
            tool: 'stagecraft',
            version: options.version,
            files: summary.files,
            findings,
            errors,
            summary: { ...summary.counts, failing: summary.failing, failOn: options.failOn },
          },
          null,
          2,
        ) + '\n',
      );
    },
  };
}
