#!/usr/bin/env node
// `node bench/graph-layout.mjs [--repeats=N]`: the stage graph's layout (client/src/graph/layout.ts)
// side by side with @dagrejs/dagre and elkjs (layered), on the stage graph of every corpus file
// (test/corpus/files), the graph test fixtures (test/fixtures/graph) and synthetic wide/deep graphs,
// all made by the real model (parse -> build plan -> stageGraph). Same node sizes (SIZES), same gaps,
// top to bottom. Every drawing is measured the same way, from its node boxes and edge points.
// Writes bench/results/graph-layout.md and bench/results/graph-layout.json. Not part of `npm test`.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { register } from 'tsx/cjs/api';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { layoutGraph, SIZES } = require('../client/src/graph/layout.ts');
const { stageGraph } = require('../client/src/graph/graph.ts');
const { planOf } = require('../test/helpers/plan.ts');
const dagre = require('@dagrejs/dagre');
const ELK = require('elkjs/lib/elk.bundled.js');
const elk = new ELK();

const REPEATS = Number(process.argv.find((a) => a.startsWith('--repeats='))?.slice(10) ?? 5);

// ---------------------------------------------------------------------------------------------
// Inputs

/** Deterministic pseudo-random numbers (a fixed LCG), so the synthetic graphs are the same every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function synthetic() {
  const n = 30;
  const lines = (f) => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n');
  const graphs = {
    'fan-out 30 (one base, 30 stages FROM it)': `FROM alpine:3 AS base\n${lines((i) => `FROM base AS s${i}`)}`,
    'fan-in 30 (30 stages, each its own image, one final copies all)': `${lines((i) => `FROM golang:1.${i} AS s${i}`)}\nFROM scratch AS final\n${lines((i) => `COPY --from=s${i} /a /a${i}`)}`,
    'diamond 30 (base -> 30 -> final)': `FROM alpine:3 AS base\n${lines((i) => `FROM base AS s${i}`)}\nFROM scratch AS final\n${lines((i) => `COPY --from=s${i} /a /a${i}`)}`,
    'deep 30 (chain; copies from 2 and 5 back, one tool image)': lines(
      (i) =>
        `FROM ${i === 1 ? 'alpine:3' : `s${i - 1}`} AS s${i}` +
        (i > 2 ? `\nCOPY --from=s${i - 2} /a /a` : '') +
        (i > 5 ? `\nCOPY --from=s${i - 5} /b /b` : '') +
        (i % 7 === 0 ? '\nCOPY --from=busybox:1 /bin/true /t' : ''),
    ),
  };
  for (const seed of [1, 2, 3, 4, 5]) {
    const next = random(seed);
    const images = ['alpine:3', 'golang:1.22', 'node:20', 'debian:12', 'python:3.12'];
    const text = lines((i) => {
      const base = i > 1 && next() < 0.7 ? `s${1 + Math.floor(next() * (i - 1))}` : images[Math.floor(next() * images.length)];
      const copies = i > 1 ? Math.floor(next() * 3) : 0;
      const copyLines = Array.from({ length: copies }, () => `\nCOPY --from=s${1 + Math.floor(next() * (i - 1))} /a /a`);
      return `FROM ${base} AS s${i}${copyLines.join('')}`;
    });
    graphs[`random 30 (seed ${seed})`] = text;
  }
  return Object.entries(graphs).map(([name, text]) => ({ set: 'synthetic', name, graph: stageGraph(planOf(text)) }));
}

function inputs() {
  const fixtures = join(root, 'test', 'fixtures', 'graph');
  const fixtureInputs = readdirSync(fixtures)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => ({ set: 'fixtures', name: f, graph: stageGraph(planOf(readFileSync(join(fixtures, f), 'utf8'))) }));
  const corpus = join(root, 'test', 'corpus', 'files');
  const corpusInputs = readdirSync(corpus)
    .sort()
    .map((f) => ({ set: 'corpus', name: f, graph: stageGraph(planOf(readFileSync(join(corpus, f), 'utf8'))) }));
  return [...corpusInputs, ...fixtureInputs, ...synthetic()];
}

// ---------------------------------------------------------------------------------------------
// The three layouts, each returning the same drawing: node boxes (top-left x, y) and edge polylines.

const sizeOf = (node) => SIZES[node.kind];
const realEdges = (graph) => {
  const ids = new Set(graph.nodes.map((n) => n.id));
  return graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
};

function ours(graph) {
  const layout = layoutGraph(graph);
  return {
    nodes: layout.nodes.map(({ id, x, y, width, height }) => ({ id, x, y, width, height })),
    edges: layout.edges.map(({ id, from, to, points }) => ({ id, from, to, points, drawn: flattenCurves(points) })),
  };
}

/** Ours is drawn as one cubic per segment (`edgePath`: leaves and enters vertically); measured as drawn, 16 pieces a segment. */
function flattenCurves(points) {
  const out = [points[0]];
  const at = (t, p0, p1, p2, p3) => (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const middle = (a.y + b.y) / 2;
    for (let k = 1; k <= 16; k++) out.push({ x: at(k / 16, a.x, a.x, b.x, b.x), y: at(k / 16, a.y, middle, middle, b.y) });
  }
  return out;
}

const DAGRE_OPTIONS = {
  rankdir: 'TB',
  nodesep: SIZES.nodeGap,
  ranksep: SIZES.layerGap,
  // Ours keeps nodeGap around a 16-wide virtual point: centre to centre 48 between two long edges.
  edgesep: SIZES.nodeGap + SIZES.virtual.width,
  marginx: SIZES.margin,
  marginy: SIZES.margin,
};

function dagreLayout(graph) {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ ...DAGRE_OPTIONS });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...sizeOf(node) });
  for (const edge of realEdges(graph)) g.setEdge(edge.from, edge.to);
  dagre.layout(g);
  return {
    nodes: graph.nodes.map((node) => {
      const { x, y, width, height } = g.node(node.id);
      return { id: node.id, x: x - width / 2, y: y - height / 2, width, height };
    }),
    edges: realEdges(graph).map((edge) => ({
      id: edge.id,
      from: edge.from,
      to: edge.to,
      points: g.edge(edge.from, edge.to).points.map(({ x, y }) => ({ x, y })),
    })),
  };
}

const ELK_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'POLYLINE',
  'elk.spacing.nodeNode': String(SIZES.nodeGap),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(SIZES.layerGap),
  'elk.spacing.edgeNode': String(SIZES.nodeGap),
  'elk.spacing.edgeEdge': String(SIZES.nodeGap),
  'elk.padding': `[top=${SIZES.margin},left=${SIZES.margin},bottom=${SIZES.margin},right=${SIZES.margin}]`,
};

async function elkLayout(graph) {
  const edges = realEdges(graph);
  const result = await elk.layout({
    id: 'root',
    layoutOptions: ELK_OPTIONS,
    children: graph.nodes.map((node) => ({ id: node.id, ...sizeOf(node) })),
    edges: edges.map((edge) => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
  });
  const byId = new Map(result.children.map((c) => [c.id, c]));
  const laidEdges = new Map(result.edges.map((e) => [e.id, e]));
  return {
    nodes: graph.nodes.map((node) => {
      const { x, y, width, height } = byId.get(node.id);
      return { id: node.id, x, y, width, height };
    }),
    edges: edges.map((edge) => {
      const section = laidEdges.get(edge.id).sections[0];
      return {
        id: edge.id,
        from: edge.from,
        to: edge.to,
        points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(({ x, y }) => ({ x, y })),
      };
    }),
  };
}

const LAYOUTS = { ours, dagre: dagreLayout, elk: elkLayout };
const LABELS = {
  ours: 'ours (layout.ts)',
  dagre: `@dagrejs/dagre ${require('@dagrejs/dagre/package.json').version}`,
  elk: `elkjs ${require('elkjs/package.json').version} (layered)`,
};

// ---------------------------------------------------------------------------------------------
// Measures, the same for every drawing: edges as straight segments between their points.

const orient = (a, b, c) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
/** Proper crossing: the segments cross at a point inside both (touching ends or overlapping do not count). */
const cross = (a, b, c, d) => orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
const segments = (points) => points.slice(1).map((p, i) => [points[i], p]);

function crossings(edges) {
  const segs = edges.map((e) => segments(e.drawn ?? e.points));
  let total = 0;
  for (let i = 0; i < segs.length; i++)
    for (let j = i + 1; j < segs.length; j++) for (const [a, b] of segs[i]) for (const [c, d] of segs[j]) if (cross(a, b, c, d)) total++;
  return total;
}

/** Does the segment pass through the inside of the box (shrunk by 1 so that touching a side does not count)? */
function throughBox([a, b], box) {
  const [x0, y0, x1, y1] = [box.x + 1, box.y + 1, box.x + box.width - 1, box.y + box.height - 1];
  if (x1 <= x0 || y1 <= y0) return false;
  let [t0, t1] = [0, 1];
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  for (const [p, q] of [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ]) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
    }
  }
  return t0 < t1;
}

function measure(drawing, graph) {
  const xs = [...drawing.nodes.flatMap((n) => [n.x, n.x + n.width]), ...drawing.edges.flatMap((e) => (e.drawn ?? e.points).map((p) => p.x))];
  const ys = [...drawing.nodes.flatMap((n) => [n.y, n.y + n.height]), ...drawing.edges.flatMap((e) => (e.drawn ?? e.points).map((p) => p.y))];
  const width = xs.length ? Math.max(...xs) - Math.min(...xs) + 2 * SIZES.margin : 2 * SIZES.margin;
  const height = ys.length ? Math.max(...ys) - Math.min(...ys) + 2 * SIZES.margin : 2 * SIZES.margin;
  let length = 0;
  let bends = 0;
  let throughNodes = 0;
  for (const edge of drawing.edges) {
    const drawn = segments(edge.drawn ?? edge.points);
    for (const [a, b] of drawn) length += Math.hypot(b.x - a.x, b.y - a.y);
    const segs = segments(edge.points);
    for (let i = 1; i < segs.length; i++) if (orient(segs[i - 1][0], segs[i - 1][1], segs[i][1]) !== 0) bends++;
    for (const node of drawing.nodes) if (node.id !== edge.from && node.id !== edge.to && drawn.some((s) => throughBox(s, node))) throughNodes++;
  }
  // Stages of one layer (same top y) drawn left to right against file order.
  const stageIndex = new Map(graph.nodes.filter((n) => n.kind === 'stage').map((n) => [n.id, n.stage]));
  const stages = drawing.nodes.filter((n) => stageIndex.has(n.id));
  let outOfFileOrder = 0;
  for (const a of stages)
    for (const b of stages)
      if (Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < 1 && stageIndex.get(a.id) < stageIndex.get(b.id) && a.x > b.x) outOfFileOrder++;
  let overlaps = 0;
  for (let i = 0; i < drawing.nodes.length; i++)
    for (let j = i + 1; j < drawing.nodes.length; j++) {
      const [a, b] = [drawing.nodes[i], drawing.nodes[j]];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) overlaps++;
    }
  return { crossings: crossings(drawing.edges), length, width, height, area: width * height, bends, throughNodes, outOfFileOrder, overlaps };
}

// ---------------------------------------------------------------------------------------------
// Run

async function timed(layout, graph) {
  const times = [];
  let first;
  let deterministic = true;
  for (let r = 0; r < REPEATS; r++) {
    const start = process.hrtime.bigint();
    const drawing = await layout(graph);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const json = JSON.stringify(drawing);
    if (first === undefined) first = { drawing, json };
    else if (json !== first.json) deterministic = false;
  }
  times.sort((a, b) => a - b);
  return { drawing: first.drawing, ms: times[Math.floor(times.length / 2)], deterministic };
}

/** Minified (and gzipped) bytes of a browser bundle of `source`, as esbuild.mjs builds dist/graph.js. */
async function bundleBytes(source) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  return { bytes: bytes.length, gzip: gzipSync(bytes).length };
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};
const fmt = (n, digits = 0) => (Number.isInteger(n) && digits === 0 ? String(n) : n.toFixed(digits));
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

function summaryRows(rows, names) {
  const lines = [
    '| layout | graphs | crossings (sum) | graphs with crossings | edge length (sum, px) | area (sum, Mpx²) | width (max, px) | height (max, px) | bends (sum) | edges through nodes | stage pairs out of file order | node overlaps | time per layout (median / max / sum) | deterministic |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const name of names) {
    const m = rows.map((r) => r[name]);
    lines.push(
      `| ${LABELS[name]} | ${m.length} | ${sum(m.map((x) => x.crossings))} | ${m.filter((x) => x.crossings > 0).length} | ${fmt(sum(m.map((x) => x.length)))} | ${fmt(sum(m.map((x) => x.area)) / 1e6, 2)} | ${fmt(Math.max(...m.map((x) => x.width)))} | ${fmt(Math.max(...m.map((x) => x.height)))} | ${sum(m.map((x) => x.bends))} | ${sum(m.map((x) => x.throughNodes))} | ${sum(m.map((x) => x.outOfFileOrder))} | ${sum(m.map((x) => x.overlaps))} | ${fmt(median(m.map((x) => x.ms)), 3)} / ${fmt(Math.max(...m.map((x) => x.ms)), 2)} / ${fmt(sum(m.map((x) => x.ms)), 1)} ms | ${m.every((x) => x.deterministic) ? 'yes' : `no (${m.filter((x) => !x.deterministic).length} graphs differ)`} |`,
    );
  }
  return lines;
}

/** Per graph, how often a library is better / equal / worse than ours on a measure (lower is better). */
function versusRows(rows, names) {
  const lines = [
    '| library vs ours | crossings fewer / same / more | area smaller / same / larger | edge length shorter / same / longer |',
    '|---|---|---|---|',
  ];
  const tally = (name, key) => {
    const d = rows.map((r) => r[name][key] - r.ours[key]);
    const eps = key === 'crossings' ? 0.5 : 1e-6 * Math.max(1, ...rows.map((r) => r.ours[key]));
    return `${d.filter((x) => x < -eps).length} / ${d.filter((x) => Math.abs(x) <= eps).length} / ${d.filter((x) => x > eps).length}`;
  };
  for (const name of names.filter((n) => n !== 'ours'))
    lines.push(`| ${LABELS[name]} | ${tally(name, 'crossings')} | ${tally(name, 'area')} | ${tally(name, 'length')} |`);
  return lines;
}

function graphRows(rows, names) {
  const lines = [
    `| graph | nodes / edges | ${names.map((n) => `${n}: crossings · area (w×h) · length · bends · through nodes · ms`).join(' | ')} |`,
    `|---|---|${names.map(() => '---').join('|')}|`,
  ];
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.nodes} / ${r.edges} | ${names.map((n) => `${r[n].crossings} · ${fmt(r[n].width)}×${fmt(r[n].height)} · ${fmt(r[n].length)} · ${r[n].bends} · ${r[n].throughNodes} · ${fmt(r[n].ms, 2)}`).join(' | ')} |`,
    );
  return lines;
}

async function main() {
  const names = Object.keys(LAYOUTS);
  const all = inputs();
  // Warm-up: every layout once over everything (JIT), not measured.
  for (const input of all) for (const name of names) await LAYOUTS[name](input.graph);
  const rows = [];
  for (const input of all) {
    const row = { set: input.set, name: input.name, nodes: input.graph.nodes.length, edges: realEdges(input.graph).length };
    for (const name of names) {
      const { drawing, ms, deterministic } = await timed(LAYOUTS[name], input.graph);
      row[name] = { ...measure(drawing, input.graph), ms, deterministic };
    }
    rows.push(row);
  }
  const bundles = {
    ours: await bundleBytes(`import { layoutGraph } from './client/src/graph/layout'; (globalThis as any).l = layoutGraph;`),
    dagre: await bundleBytes(`import { layout, graphlib } from '@dagrejs/dagre'; (globalThis as any).l = [layout, graphlib];`),
    elk: await bundleBytes(`import ELK from 'elkjs/lib/elk.bundled.js'; (globalThis as any).l = ELK;`),
  };
  writeFileSync(
    join(root, 'bench', 'results', 'graph-layout.json'),
    JSON.stringify({ repeats: REPEATS, bundles, rows }, (_key, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v)) + '\n',
  );

  const corpus = rows.filter((r) => r.set === 'corpus');
  const multi = corpus.filter((r) => r.nodes > 2);
  const sets = [
    ['All graphs', rows],
    [`Corpus: all ${corpus.length} files`, corpus],
    [`Corpus: the ${multi.length} graphs with more than one stage or image`, multi],
    ['Fixtures (test/fixtures/graph)', rows.filter((r) => r.set === 'fixtures')],
    ['Synthetic (30 stages)', rows.filter((r) => r.set === 'synthetic')],
  ];
  const largest = [...corpus].sort((a, b) => b.nodes + b.edges - (a.nodes + a.edges)).slice(0, 12);
  const method = [
    '# Stage graph layout: ours vs @dagrejs/dagre vs elkjs',
    '',
    `Machine: ${cpus()[0].model.trim()}, ${cpus().length} cores, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Times are only comparable within one run. Reproduce: \`node bench/graph-layout.mjs\` (raw figures: graph-layout.json).`,
    '',
    '**Method.** Every stage graph comes from the real model: each file is parsed and planned as the server does (`planOf`, the unit tests’ helper: parse → build plan → `stageGraph`) — the ' +
      `${corpus.length} real Dockerfiles of test/corpus/files, the graph test fixtures, and synthetic 30-stage graphs (fan-out, fan-in, diamond, a deep chain with long edges, five seeded random DAGs). ` +
      'Each is laid out by `layoutGraph` (ours), by @dagrejs/dagre (`rankdir TB`, default network-simplex ranking) and by elkjs (`layered`, direction DOWN, polyline routing), with the same node sizes (`SIZES`: stage 200×62, image 180×34), ' +
      `the same gaps (${SIZES.nodeGap} px between nodes, ${SIZES.layerGap} px between layers, dagre \`edgesep\` ${DAGRE_OPTIONS.edgesep} = our 16 px virtual point plus the gap, ELK edge spacing ${SIZES.nodeGap}) and the same ${SIZES.margin} px margin. ` +
      'All drawings are measured alike, from their node boxes and edges as drawn: the libraries’ edges as straight segments between their points (dagre’s and ELK’s polylines), ours as the cubic curves `edgePath` draws through its points (cut into 16 straight pieces each): crossings = pairs of segments of different edges that properly cross; ' +
      'area = bounding box of nodes and edge points plus the margin; bends = inner points of an edge’s layout points where it changes direction (ours: virtual points off the straight line; its curves have no corners); edges through nodes = (edge, node) pairs where an edge passes over a node it does not join; ' +
      'stage pairs out of file order = two stages side by side in one layer drawn right-to-left against their order in the file. ' +
      `Time: median of ${REPEATS} runs per graph after a warm-up pass (includes building the library’s graph object; ELK’s layout is a promise, awaited). ` +
      `Deterministic: all ${REPEATS} runs of a graph gave the same JSON. Bundle: minified browser IIFE (as dist/graph.js is built) of the layout alone, and gzipped.`,
    '',
  ];
  const out = [...method];
  for (const [title, set] of sets) out.push(`## ${title}`, '', ...summaryRows(set, names), '', ...versusRows(set, names), '');
  out.push(
    '## Bundle cost (minified browser IIFE, as esbuild.mjs builds dist/graph.js)',
    '',
    '| layout | minified | gzipped |',
    '|---|---|---|',
    ...names.map((n) => `| ${LABELS[n]} | ${kib(bundles[n].bytes)} | ${kib(bundles[n].gzip)} |`),
    '',
  );
  out.push('## Per graph: fixtures and synthetic', '', ...graphRows([...rows.filter((r) => r.set !== 'corpus')], names), '');
  out.push('## Per graph: the 12 largest corpus graphs', '', ...graphRows(largest, names), '');
  writeFileSync(join(root, 'bench', 'results', 'graph-layout.md'), out.join('\n'));
  console.log(out.slice(0, 40).join('\n'));
}

await main();
