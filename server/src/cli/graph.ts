/**
 * `stagecraft graph <Dockerfile> --format dot|mermaid`: the stage graph as text. Nodes are the
 * stages and the external images; edges go from what is used to the stage that uses it, one per kind
 * (FROM, COPY --from, ADD --from, RUN --mount from), from the model's references (`planEdges`, the
 * data the editor's graph view draws).
 */
import { parseArgs } from 'node:util';
import { planEdges } from '../features/buildPlan';
import { stageLabel } from '../analysis/lookup';
import type { DockerfileModel } from '../analysis/model';
import type { PlanEdge } from '../protocol';
import { EXIT, UsageError, type CliIO } from './io';
import { loadSettings } from './config';
import { contextForFile } from './single';
import { oneOf } from './options';

export const GRAPH_HELP = `Usage: stagecraft graph [options] <Dockerfile>

Prints the stage graph: stages and external images as nodes, an edge for every FROM, COPY --from,
ADD --from and RUN --mount from=.

Options:
  --format dot|mermaid     Graphviz dot (default) or a Mermaid flowchart
  --build-arg NAME=value   a build arg (repeatable), used to resolve FROM lines
  --config PATH            settings file (buildArgs), as for lint
  -h, --help               this help
`;

const EDGE_LABEL: Record<PlanEdge['kind'], string> = { from: 'FROM', copy: 'COPY --from', add: 'ADD --from', mount: 'RUN --mount from' };

export interface GraphData {
  stages: { id: string; label: string; target: boolean }[];
  images: { id: string; label: string }[];
  edges: { from: string; to: string; kind: PlanEdge['kind']; label: string }[];
}

export function graphData(model: DockerfileModel): GraphData {
  const images = new Map<string, string>();
  const edges: GraphData['edges'] = [];
  const seen = new Set<string>();
  for (const edge of planEdges(model)) {
    let from: string;
    if (edge.source !== undefined) from = `s${edge.source}`;
    else {
      if (!images.has(edge.image!)) images.set(edge.image!, `i${images.size}`);
      from = images.get(edge.image!)!;
    }
    const to = `s${edge.stage}`;
    const key = `${from}>${to}>${edge.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from, to, kind: edge.kind, label: EDGE_LABEL[edge.kind] });
  }
  return {
    stages: model.stages.map((stage) => ({ id: `s${stage.index}`, label: stageLabel(stage), target: stage.index === model.defaultTarget })),
    images: [...images].map(([label, id]) => ({ id, label })),
    edges,
  };
}

const dotString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function toDot(graph: GraphData): string {
  const lines = ['digraph stages {', '  rankdir=LR;', '  node [shape=box];'];
  for (const s of graph.stages) lines.push(`  ${s.id} [label=${dotString(s.label)}${s.target ? ', peripheries=2' : ''}];`);
  for (const i of graph.images) lines.push(`  ${i.id} [label=${dotString(i.label)}, shape=ellipse, style=dashed];`);
  for (const e of graph.edges) lines.push(`  ${e.from} -> ${e.to} [label=${dotString(e.label)}${e.kind === 'from' ? '' : ', style=dashed'}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Mermaid labels are quoted; a quote inside becomes `#quot;`. */
const mermaidString = (text: string) => `"${text.replace(/"/g, '#quot;').replace(/\n/g, ' ')}"`;

export function toMermaid(graph: GraphData): string {
  const lines = ['flowchart LR'];
  for (const s of graph.stages) lines.push(`  ${s.id}[${mermaidString(s.label)}]`);
  for (const i of graph.images) lines.push(`  ${i.id}([${mermaidString(i.label)}])`);
  for (const e of graph.edges) lines.push(`  ${e.from} ${e.kind === 'from' ? '-->' : '-.->'}|${mermaidString(e.label)}| ${e.to}`);
  return lines.join('\n') + '\n';
}

export function graph(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'dot' },
      'build-arg': { type: 'string', multiple: true },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(GRAPH_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`graph reads one Dockerfile, got ${positionals.length}`);
  const format = oneOf('--format', values.format!, ['dot', 'mermaid'] as const);
  const { settings } = loadSettings({ cwd: io.cwd, config: values.config, buildArgs: values['build-arg'], warn: (m) => io.err(`stagecraft: warning: ${m}\n`) });
  const data = graphData(contextForFile(positionals[0], io, settings).model);
  io.out(format === 'dot' ? toDot(data) : toMermaid(data));
  return EXIT.ok;
}
