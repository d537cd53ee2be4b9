/** Test helper: the plan the server sends for a Dockerfile text and target. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { buildPlan } from '../../../server/src/features/buildPlan';
import { defaultSettings } from '../../../server/src/settings';
import type { GraphPlan } from '../../../client/src/graph/graph';

export function planOf(text: string, target?: string | number): GraphPlan {
  const document = TextDocument.create('file:///work/Dockerfile', 'dockerfile', 1, text);
  return buildPlan({ document, model: parseDockerfile(text, {}), settings: defaultSettings }, { uri: document.uri, target });
}
