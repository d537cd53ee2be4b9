/**
 * `--format junit`: JUnit XML for CI test reports, one `<testsuite>` per file. A clean file has one
 * passing test case; each finding is a test case named `<rule> at <line>:<col>`, with a `<failure>`
 * when it is at or above `--fail-on` (a passing case with the message in `<system-out>` otherwise);
 * a file that cannot be read has an `<error>`.
 */
import { fails, type Reporter, type ReporterOptions } from './reporter';

export function xmlEscape(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function junitReporter(options: ReporterOptions): Reporter {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  return {
    file(report) {
      const name = xmlEscape(report.path);
      if (report.error) {
        tests++;
        errors++;
        suites.push(
          `  <testsuite name="${name}" tests="1" failures="0" errors="1">\n    <testcase classname="${name}" name="lint"><error message="${xmlEscape(report.error)}"/></testcase>\n  </testsuite>\n`,
        );
        return;
      }
      const cases: string[] = [];
      let failed = 0;
      for (const f of report.findings) {
        const head = `    <testcase classname="${name}" name="${xmlEscape(`${f.rule} at ${f.line}:${f.column}`)}">`;
        const text = xmlEscape(`${report.path}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}]`);
        if (fails(f.severity, options.failOn)) {
          failed++;
          cases.push(`${head}<failure type="${f.severity}" message="${xmlEscape(f.message)}">${text}</failure></testcase>\n`);
        } else {
          cases.push(`${head}<system-out>${text}</system-out></testcase>\n`);
        }
      }
      if (cases.length === 0) cases.push(`    <testcase classname="${name}" name="lint"/>\n`);
      tests += cases.length;
      failures += failed;
      suites.push(`  <testsuite name="${name}" tests="${cases.length}" failures="${failed}" errors="0">\n${cases.join('')}  </testsuite>\n`);
    },
    end() {
      options.out(
        `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stagecraft" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('')}</testsuites>\n`,
      );
    },
  };
}
