/** Messages between the stage graph panel (extension host) and its webview. */
import type { GraphPlan } from './graph';

export type ToWebview = {
  type: 'plan';
  /** Null when the server has no plan for the document (closed, or not a Dockerfile any more). */
  plan: GraphPlan | null;
  /** The chosen target: undefined follows the default target. */
  target?: number;
  trusted: boolean;
};

export type ToExtension =
  /** The script started (first time, or again after the panel was hidden); `target` from its saved state. */
  { type: 'ready'; target?: number } | { type: 'target'; target?: number } | { type: 'reveal'; stage: number } | { type: 'build'; stage: number };
