/**
 * `--format tty` (the default): findings grouped by file, each as `line:col  severity  message  rule`
 * with the source line and a caret under the range, then a count. Colours only when stdout is a
 * terminal and NO_COLOR is unset or empty (https://no-color.org).
 */
import type { Reporter, ReporterOptions } from './reporter';
import type { Level } from '../lintFile';

const CODES = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, dim: 2, underline: 4 } as const;
type Paint = (style: keyof typeof CODES, text: string) => string;

const LEVEL_STYLE: Record<Level, keyof typeof CODES> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'gray' };

export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !env.NO_COLOR;
}

/** The source line (tabs shown as one space each, so the caret lines up) and carets under `from..to` (1-based, end exclusive). */
export function excerpt(line: string, from: number, to: number): [string, string] {
  const shown = line.replace(/\t/g, ' ');
  const width = Math.max(1, Math.min(to, shown.length + 1) - from);
  return [shown, ' '.repeat(Math.max(0, from - 1)) + '^'.repeat(width)];
}

export function ttyReporter(options: ReporterOptions): Reporter {
  const paint: Paint = options.color ? (style, text) => `\x1b[${CODES[style]}m${text}\x1b[0m` : (_style, text) => text;
  const out = options.out;
  return {
    file(report) {
      if (report.error) {
        out(`${paint('underline', report.path)}\n  ${paint('red', 'cannot lint')}  ${report.error}\n\n`);
        return;
      }
      if (report.findings.length === 0) return;
      out(`${paint('underline', report.path)}\n`);
      const lines = report.text?.split(/\r\n|\r|\n/) ?? [];
      for (const f of report.findings) {
        out(`  ${`${f.line}:${f.column}`.padEnd(8)} ${paint(LEVEL_STYLE[f.severity], f.severity.padEnd(7))}  ${f.message}  ${paint('dim', f.rule)}\n`);
        const source = lines[f.line - 1];
        if (source === undefined || source.length > 300) continue;
        const [text, carets] = excerpt(source, f.column, f.endLine === f.line ? f.endColumn : source.length + 1);
        const gutter = String(f.line).padStart(6);
        out(`${paint('gray', `${gutter} |`)} ${text}\n${paint('gray', `${' '.repeat(6)} |`)} ${paint(LEVEL_STYLE[f.severity], carets)}\n`);
      }
      out('\n');
    },
    end(summary) {
      const { error, warning, info, hint } = summary.counts;
      const total = error + warning + info + hint;
      const parts = `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info, ${hint} hint${hint === 1 ? '' : 's'}`;
      const unreadable = summary.unreadable ? `; ${summary.unreadable} could not be read` : '';
      const line = `${total} finding${total === 1 ? '' : 's'} (${parts}) in ${summary.files} file${summary.files === 1 ? '' : 's'}${unreadable}`;
      out(`${summary.failing || summary.unreadable ? paint('bold', line) : line}\n`);
    },
  };
}
