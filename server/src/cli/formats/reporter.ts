/**
 * What every `--format` gets: each file's findings as soon as the file is linted (its text too, for
 * excerpts; not kept after the call), then a summary. Streaming formats (tty, github) print per file;
 * documents (json, sarif, junit) keep the findings, never the text or the model.
 */
import type { Finding, Level } from '../lintFile';
import type { StagecraftSettings } from '../../settings';

export type FailOn = 'error' | 'warning' | 'info' | 'none';
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];
export const FORMATS = ['tty', 'json', 'sarif', 'github', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

const RANK: Record<Level, number> = { error: 3, warning: 2, info: 1, hint: 0 };
const THRESHOLD: Record<FailOn, number> = { error: 3, warning: 2, info: 1, none: Infinity };

/** Does a finding of this level fail the run under `--fail-on`? Hints never do. */
export function fails(level: Level, failOn: FailOn): boolean {
  return RANK[level] >= THRESHOLD[failOn];
}

export interface FileReport {
  /** As printed: relative to the current folder, `/`-separated. */
  path: string;
  findings: Finding[];
  /** The file's text (tty excerpts); absent when it could not be read. */
  text?: string;
  /** Why the file could not be linted. */
  error?: string;
}

export interface Summary {
  files: number;
  counts: Record<Level, number>;
  /** Findings at or above --fail-on. */
  failing: number;
  /** Files that could not be read. */
  unreadable: number;
}

export interface ReporterOptions {
  out(text: string): void;
  failOn: FailOn;
  settings: StagecraftSettings;
  color: boolean;
  version: string;
}

export interface Reporter {
  file(report: FileReport): void;
  end(summary: Summary): void;
}
