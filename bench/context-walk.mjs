#!/usr/bin/env node
// `node --import tsx bench/context-walk.mjs`: the build-context walk (server/src/context/walk.ts) on
// contexts made in a temp dir (test/helpers/contextFixture.ts: ignored and sent 2 MB folders, `!`
// exceptions, a link out of the context) with 10,000, 50,000 and 100,000 small files: time, peak
// heap above the start (sampled every 10 ms, after a full GC), and the longest event-loop delay
// while it ran (how long a message to the server could have waited). Writes
// bench/results/context-walk.md. Not part of `npm test`: the machine is shared and noisy.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { makeContextFixture } from '../test/helpers/contextFixture.ts';
import { walkContext } from '../server/src/context/walk.ts';
import { IgnoreMatcher } from '../server/src/context/dockerignore.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.SIZES ?? '10000,50000,100000').split(',').map(Number);
const REPEATS = Number(process.env.REPEATS ?? 3);
const gc = globalThis.gc ?? (() => undefined);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => (bytes / 1e6).toFixed(1);

async function measure(context) {
  const matcher = new IgnoreMatcher(readFileSync(join(context, '.dockerignore'), 'utf8'));
  gc();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 10);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  const walk = await walkContext(context, matcher, { limits: { maxMs: Infinity } });
  const ms = performance.now() - t0;
  delay.disable();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakHeap: peak - start, maxDelayMs: delay.max / 1e6, files: walk.files, entries: walk.entries, complete: walk.complete };
}

/** Live heap while the walk runs: a full GC every 10,240 entries (a separate walk, not timed). */
async function liveHeap(context) {
  const matcher = new IgnoreMatcher(readFileSync(join(context, '.dockerignore'), 'utf8'));
  gc();
  const start = process.memoryUsage().heapUsed;
  let live = 0;
  let next = 10_240;
  const walk = await walkContext(context, matcher, {
    limits: { maxMs: Infinity },
    progress: (entries) => {
      if (entries < next) return;
      next += 10_240;
      gc();
      live = Math.max(live, process.memoryUsage().heapUsed - start);
    },
  });
  gc();
  const held = process.memoryUsage().heapUsed - start;
  return { live, held, files: walk.files };
}

const rows = [];
for (const size of SIZES) {
  const fixture = makeContextFixture(size);
  try {
    const runs = [];
    for (let i = 0; i < REPEATS; i++) runs.push(await measure(fixture.context));
    const memory = await liveHeap(fixture.context);
    rows.push({
      size,
      files: runs[0].files,
      entries: runs[0].entries,
      complete: runs.every((r) => r.complete),
      ms: median(runs.map((r) => r.ms)),
      peakHeap: median(runs.map((r) => r.peakHeap)),
      maxDelayMs: Math.max(...runs.map((r) => r.maxDelayMs)),
      live: memory.live,
      held: memory.held,
    });
    console.log(rows[rows.length - 1]);
  } finally {
    fixture.remove();
  }
}

const lines = [
  '# Build-context walk',
  '',
  `\`node --expose-gc --import tsx bench/context-walk.mjs\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores,`,
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} at the end (a shared machine: trust ratios within a run, not one figure). Median of ${REPEATS} walks per size;`,
  'the context is test/helpers/contextFixture.ts plus N files of 10 bytes in `many/` (100 per folder); its node_modules is excluded and never read.',
  '',
  '| small files | files sent | entries read | complete | time, median | peak heap above start | live heap during the walk, after GC | result held, after GC | longest event-loop delay |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.size.toLocaleString('en-US')} | ${r.files.toLocaleString('en-US')} | ${r.entries.toLocaleString('en-US')} | ${r.complete ? 'yes' : 'no'} | ${(r.ms / 1000).toFixed(2)} s | ${mb(r.peakHeap)} MB | ${mb(r.live)} MB | ${mb(r.held)} MB | ${r.maxDelayMs.toFixed(0)} ms |`,
  ),
  '',
  'Peak heap: sampled every 10 ms, so it includes garbage not yet collected. Live heap: sampled after a full GC every 10,240',
  'entries of a separate walk: what the walk holds (the folders still to read, one record per folder down to depth 3, the 10',
  "largest files, the matcher's memo, renewed every 4,096 paths). Result held: the finished walk kept, as the cache keeps it.",
  'Event-loop delay: the longest a message to the server would have waited for the walk to give the loop back.',
  '',
];
writeFileSync(join(root, 'bench', 'results', 'context-walk.md'), lines.join('\n'));
console.log(lines.join('\n'));
