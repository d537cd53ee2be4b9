/**
 * `--format sarif`: a SARIF 2.1.0 log (what GitHub code scanning and Azure DevOps read). The driver
 * lists every rule (id, its one-line summary, the link to its page as the editor makes it, and the
 * level the run's settings give it; a rule set to off is `enabled: false`); each result has the rule,
 * the level and one physical location relative to `%SRCROOT%` (the current folder). Columns count
 * UTF-16 code units, as the editor does. Files that could not be read are tool notifications and make
 * `executionSuccessful` false.
 */
import { pathToFileURL } from 'node:url';
import { rules } from '../../features/rules';
import { ruleDocsUri } from '../../features/rules/docs';
import type { Level } from '../lintFile';
import type { Reporter, ReporterOptions } from './reporter';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';
const LEVEL: Record<Level, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const SETTING_LEVEL: Record<string, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note', off: 'none' };

export interface SarifOptions extends ReporterOptions {
  /** The folder paths are relative to (`%SRCROOT%`). */
  cwd: string;
}

/** Paths as relative URI references: `/`-separated, each part percent-encoded. */
const uriOf = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export function sarifReporter(options: SarifOptions): Reporter {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  return {
    file(report) {
      if (report.error) {
        notifications.push({
          level: 'error',
          message: { text: `${report.path}: ${report.error}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(report.path), uriBaseId: '%SRCROOT%' } } }],
        });
        return;
      }
      for (const f of report.findings) {
        results.push({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(report.path), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        });
      }
    },
    end() {
      const driverRules = rules.map((rule) => {
        const severity = options.settings.diagnostics[rule.id] ?? rule.defaultSeverity;
        return {
          id: rule.id,
          shortDescription: { text: rule.summary },
          helpUri: ruleDocsUri(rule.id),
          defaultConfiguration: severity === 'off' ? { enabled: false } : { level: SETTING_LEVEL[severity] },
          ...(rule.buildkit ? { properties: { buildkitCheck: rule.buildkit } } : {}),
        };
      });
      const root = pathToFileURL(options.cwd).href;
      const log = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'stagecraft', version: options.version, semanticVersion: options.version, rules: driverRules } },
            originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : `${root}/` } },
            columnKind: 'utf16CodeUnits',
            invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
            results,
          },
        ],
      };
      options.out(JSON.stringify(log, null, 2) + '\n');
    },
  };
}
