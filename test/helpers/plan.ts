/** Test helper: the plan the server sends for a Dockerfile text and target. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { buildPlan } from '../../server/src/features/buildPlan';
import { defaultSettings } from '../../server/src/settings';
import type { GraphPlan } from '../../client/src/graph/graph';

/**
 * The server's plan without `groups` and `criticalPath` (the optional parts the graph uses when a
 * server sends them): expectations stay the same whether or not this server computes them. Tests of
 * those parts add them explicitly.
 */
export function planOf(text: string, target?: string | number): GraphPlan {
  const document = TextDocument.create('file:///work/Dockerfile', 'dockerfile', 1, text);
  const plan: GraphPlan = buildPlan({ document, model: parseDockerfile(text, {}), settings: defaultSettings }, { uri: document.uri, target });
  delete plan.groups;
  delete plan.criticalPath;
  return plan;
}
