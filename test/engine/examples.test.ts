/**
 * The sample projects (examples/) built for real, with BuildKit and with the classic builder, on the
 * private engine, and every size Stagecraft shows for the built image compared with what docker says
 * of that image: each inlay hint (the bytes an instruction added, the base image's, the image's), and
 * the stage hover's sum. Docker's side is read here on its own (`docker history` in a format of our
 * own, `docker image inspect` of the image and of its base), not through the client's reader. Then an
 * instruction is added to the target stage (and, without a build, to a stage the image copies from):
 * before the rebuild the old numbers are reported stale; after it the new layer and the change since
 * the first build show.
 *
 * No registry is reachable: each base image is a local stand-in (standIns.ts) tagged with the name the
 * FROM uses while the example builds. An example the classic builder refuses (RUN --mount) is checked
 * to fail with BuildKit's reason, which Stagecraft's build plan names before the build. The examples
 * whose toolchain has no stand-in here are listed with the reason, so none is left out silently.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageLayers } from '../../client/src/build/layerHistory';
import { buildPlan } from '../../server/src/features/buildPlan';
import { inlayHints } from '../../server/src/features/inlayHints';
import { hover } from '../../server/src/features/hover';
import { formatBytes } from '../../server/src/format';
import { LayerResults } from '../../server/src/wiring/layerResults';
import { baseChain } from '../../server/src/analysis/shipping';
import { sourceStages } from '../../server/src/analysis/layers';
import { stageLabel } from '../../server/src/analysis/lookup';
import type { FeatureContext } from '../../server/src/features/context';
import type { Instruction } from '../../server/src/analysis/model';
import { contextOf, URI } from '../helpers/context';
import { engine, type Engine } from './engine';
import { nginxStandIn, nodeStandIn, offline, pythonStandIn, rustStandIn, withTags } from './standIns';

const examples = join(__dirname, '..', '..', 'examples');
const MINUTE = 60_000;
const started = Date.now();

type Builder = 'buildkit' | 'classic';

interface Example {
  /** The stand-in for each base image name the built stages use (none: the example's own local images). */
  bases: (e: Engine) => Promise<Record<string, string>>;
  /** What the classic builder does with it: builds it, or refuses it for a BuildKit-only line. */
  classic: 'builds' | { refuses: RegExp };
}

const EXAMPLES: Record<string, Example> = {
  'busybox-app': { bases: async () => ({}), classic: 'builds' },
  skeleton: { bases: async (e) => ({ 'busybox:1.36': e.BUSYBOX }), classic: 'builds' },
  'go-app': { bases: async (e) => ({ 'golang:1.22-alpine': await e.ensureGoSdkImage() }), classic: { refuses: /the --mount option requires BuildKit/ } },
  'python-app': { bases: async (e) => ({ 'python:3.13-slim': await pythonStandIn(e) }), classic: 'builds' },
  'node-app': { bases: async (e) => ({ 'node:24-alpine': await nodeStandIn(e) }), classic: 'builds' },
  'static-web': {
    bases: async (e) => ({ 'node:24-alpine': await nodeStandIn(e), 'nginxinc/nginx-unprivileged:1.27-alpine': await nginxStandIn(e) }),
    classic: { refuses: /the --mount option requires BuildKit/ },
  },
  'rust-app': {
    // distroless/cc holds a C library and little else: Debian's minimal image stands in for it.
    bases: async (e) => ({ 'rust:1': await rustStandIn(e), 'gcr.io/distroless/cc-debian12:nonroot': await e.ensureDebianImage() }),
    classic: { refuses: /the --mount option requires BuildKit/ },
  },
};

/** Examples not built here, and why: their SDKs are neither in Debian nor reachable without a registry. */
const NOT_BUILT: Record<string, string> = {
  'dotnet-app': 'the .NET SDK is not a Debian package, and dotnet restore needs nuget.org',
  'java-gradle-app': 'Gradle 8 is not a Debian package (bookworm has 4.4), and its plugins come from a registry',
  'java-maven-app': 'mvn dependency:go-offline downloads its plugins from Maven Central',
};

let e: Engine;
const temps: string[] = [];
const made: string[] = [];
before(async () => {
  e = await engine();
});
after(async () => {
  if (made.length) await e.dockerAsync(['rmi', '--force', ...made]);
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

test('every example project is built here, or listed with the reason it is not', () => {
  const projects = readdirSync(examples).filter((name) => existsSync(join(examples, name, 'Dockerfile')));
  for (const name of projects) assert.ok(EXAMPLES[name] || NOT_BUILT[name], `examples/${name} is neither built nor listed as not built`);
  for (const name of [...Object.keys(EXAMPLES), ...Object.keys(NOT_BUILT)]) assert.ok(projects.includes(name), `examples/${name} exists`);
});

async function inspectSize(image: string): Promise<number> {
  const result = await e.dockerAsync(['image', 'inspect', '--format', '{{.Size}}', image]);
  assert.equal(result.status, 0, `docker image inspect ${image}: ${result.stderr}`);
  return Number(result.stdout.trim());
}

/** `docker history` of an image, newest first, read in a format of our own (not the client's). */
async function history(image: string): Promise<{ size: number; createdBy: string }[]> {
  const result = await e.dockerAsync(['history', '--no-trunc', '--human=false', '--format', '{{.Size}}\t{{json .CreatedBy}}', image]);
  assert.equal(result.status, 0, `docker history ${image}: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [size, createdBy] = line.split('\t');
      return { size: Number(size), createdBy: JSON.parse(createdBy) as string };
    });
}

/** Does this history entry read as written by this instruction, the way the builder writes it? */
function writtenBy(createdBy: string, instruction: Instruction, builder: Builder): boolean {
  const keyword = instruction.keyword;
  if (builder === 'buildkit') return createdBy.startsWith(`${keyword} `);
  if (keyword === 'RUN') return !createdBy.includes('#(nop)');
  return new RegExp(`#\\(nop\\)\\s+${keyword}\\b`).test(createdBy);
}

interface Oracle {
  /** The hints Stagecraft should show, by 0-based line. */
  hints: Map<number, string>;
  imageBytes: number;
  baseBytes: number;
  /** Docker's size of each instruction's layer, by 0-based line. */
  layers: Map<number, number>;
}

/**
 * What docker says of the built image, laid on the built text's instructions by this test alone: the
 * entries above the base image's are the target chain's instructions but FROM (and, under BuildKit,
 * ONBUILD), newest first; each must read as written by its instruction, and the image's size must be
 * the base's plus those entries'.
 */
async function oracle(context: FeatureContext, target: number, tag: string, base: string | undefined, builder: Builder, previous?: Oracle): Promise<Oracle> {
  const imageBytes = await inspectSize(tag);
  const baseBytes = base ? await inspectSize(base) : 0;
  const own = await history(tag);
  const baseEntries = base ? await history(base) : [];
  const above = own.slice(0, own.length - baseEntries.length).reverse();
  const chain = baseChain(context.model, target).reverse();
  const writing = chain.flatMap((stage) => stage.instructions).filter((i) => i.keyword !== 'FROM' && (builder === 'classic' || i.keyword !== 'ONBUILD'));
  assert.equal(above.length, writing.length, `history above the base: ${JSON.stringify(above)}`);
  assert.equal(baseBytes + above.reduce((sum, entry) => sum + entry.size, 0), imageBytes, 'the image is its base plus its own layers');
  const hints = new Map<number, string>();
  const layers = new Map<number, number>();
  writing.forEach((instruction, i) => {
    assert.ok(writtenBy(above[i].createdBy, instruction, builder), `line ${instruction.range.start.line + 1} wrote ${above[i].createdBy}`);
    layers.set(instruction.range.end.line, above[i].size);
    if (['RUN', 'COPY', 'ADD', 'WORKDIR'].includes(instruction.keyword) || above[i].size > 0) hints.set(instruction.range.end.line, formatBytes(above[i].size));
  });
  const root = chain[0].fromInstruction.range.end.line;
  const targetFrom = context.model.stages[target].fromInstruction.range.end.line;
  // Against the previous build: the base stays; the image's change is said (the instructions' are checked by the caller).
  const growth = previous ? imageBytes - previous.imageBytes : 0;
  const image = `image ${formatBytes(imageBytes)}${growth ? ` (${growth > 0 ? '+' : '-'}${formatBytes(Math.abs(growth))})` : ''}`;
  if (root === targetFrom) hints.set(root, `base ${formatBytes(baseBytes)} · ${image}`);
  else {
    hints.set(root, `base ${formatBytes(baseBytes)}`);
    hints.set(targetFrom, image);
  }
  return { hints, imageBytes, baseBytes, layers };
}

function hintLabels(context: FeatureContext): Map<number, string> {
  const hints = inlayHints(context, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
  return new Map(hints.map((hint) => [hint.position.line, String(hint.label)]));
}

/** The hover on the target stage's name. */
function stageHover(context: FeatureContext, target: number): string {
  const position = context.model.stages[target].nameRange!.start;
  const result = hover(context, { textDocument: { uri: URI }, position: { line: position.line, character: position.character + 1 } });
  return (result?.contents as { value: string } | undefined)?.value ?? '';
}

/** A copy of the example with its Dockerfile made for an offline build, and that text. */
function workingCopy(name: string): { dir: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), `stagecraft-example-${name}-`));
  temps.push(dir);
  cpSync(join(examples, name), dir, { recursive: true });
  const text = offline(readFileSync(join(dir, 'Dockerfile'), 'utf8'));
  writeFileSync(join(dir, 'Dockerfile'), text);
  return { dir, text };
}

/** The text with `line` inserted after the 0-based line `after`. */
function addLine(text: string, after: number, line: string): string {
  const lines = text.split('\n');
  lines.splice(after + 1, 0, line);
  return lines.join('\n');
}

/** The edit: a COPY of the Dockerfile itself into the target stage, right after its FROM. */
const addCopy = (text: string, fromLine: number) => addLine(text, fromLine, 'COPY Dockerfile /stagecraft-edit/Dockerfile');

interface Built {
  context: FeatureContext;
  target: number;
  oracle: Oracle;
}

async function buildAndCompare(
  builder: Builder,
  dir: string,
  text: string,
  tag: string,
  layers: LayerResults,
  version: number,
  previous?: Oracle,
): Promise<Built> {
  writeFileSync(join(dir, 'Dockerfile'), text);
  const result = await e.dockerAsync(['build', '-t', tag, dir], { env: { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' } });
  assert.equal(result.status, 0, `${builder} build of ${dir}:\n${(result.stdout + result.stderr).slice(-3000)}`);
  made.push(tag);
  const context = contextOf(text);
  const plan = buildPlan(context, { uri: URI });
  const target = plan.target!;
  const read = await readImageLayers(e.dockerCli, tag, plan, { ...process.env, DOCKER_HOST: e.dockerHost });
  assert.ok(read, 'the client read the image');
  const root = baseChain(context.model, target).pop()!;
  const base = root.base.kind === 'scratch' ? undefined : read!.baseImage;
  if (root.base.kind !== 'scratch') assert.ok(base, 'the client found the base image');
  assert.ok(layers.record({ uri: URI, tag, builder, finishedAt: started + version, planVersion: version, ...read! }, { model: context.model, version }));
  const shown = { ...context, layers: layers.of(URI, context.model) };
  const expected = await oracle(context, target, tag, base, builder, previous);
  assert.deepEqual(hintLabels(shown), expected.hints, 'the inlay hints are docker’s sizes');
  return { context: shown, target, oracle: expected };
}

for (const [name, example] of Object.entries(EXAMPLES)) {
  for (const builder of ['buildkit', 'classic'] as const) {
    test(`examples/${name}, ${builder}: every size shown is docker's; an edit is stale until the rebuild shows it`, { timeout: 30 * MINUTE }, async () => {
      const { dir, text } = workingCopy(name);
      const tag = `stagecraft-test/example-${name}:${builder}-${process.pid}`;
      const bases = await example.bases(e);
      await withStandIns(bases, async () => {
        if (builder === 'classic' && example.classic !== 'builds') {
          await refused(dir, text, example.classic.refuses);
          return;
        }
        const layers = new LayerResults();
        const first = await buildAndCompare(builder, dir, text, tag, layers, 1);
        const hoverText = stageHover(first.context, first.target);
        const root = baseChain(first.context.model, first.target).pop()!;
        const baseLabel = root.base.kind === 'image' ? `base \`${root.base.image.raw}\`` : 'base scratch';
        assert.ok(hoverText.includes(`${baseLabel} ${formatBytes(first.oracle.baseBytes)}`), hoverText);
        assert.ok(hoverText.includes(`= ${formatBytes(first.oracle.imageBytes)}`), hoverText);
        const largest = Math.max(0, ...first.oracle.layers.values());
        if (largest > 0) assert.ok(hoverText.includes(` ${formatBytes(largest)}`), `the largest layer (${largest} bytes) is in the hover: ${hoverText}`);

        // The edit: the old numbers are from before it, said so, and none is shown as current.
        const fromLine = first.context.model.stages[first.target].fromInstruction.range.end.line;
        const edited = addCopy(text, fromLine);
        const editedContext = contextOf(edited);
        const stale = { ...editedContext, layers: layers.of(URI, editedContext.model) };
        assert.deepEqual([...hintLabels(stale)], [[fromLine, 'sizes from the build before your last edit']]);
        assert.match(stageHover(stale, first.target), /sizes from the build before your last edit/);

        // An edit of a stage the image copies from (COPY --from) makes its numbers stale too.
        const source = sourceStages(first.context.model, first.target)[0];
        if (source) {
          const sourceFrom = first.context.model.stages.find((stage) => stageLabel(stage) === source.label)!.fromInstruction.range.end.line;
          const sourceEdited = contextOf(addLine(text, sourceFrom, 'LABEL stagecraft.edit=source'));
          const sourceStale = { ...sourceEdited, layers: layers.of(URI, sourceEdited.model) };
          assert.deepEqual([...hintLabels(sourceStale)], [[fromLine + (sourceFrom < fromLine ? 1 : 0), 'sizes from the build before your last edit']]);
          assert.match(stageHover(sourceStale, first.target), new RegExp(`the stage \`${source.label}\` that the image copies from changed`));
        }

        // The rebuild: the new layer, the image's growth by it, and no change on the lines that kept theirs.
        const second = await buildAndCompare(builder, dir, edited, tag, layers, 2, first.oracle);
        const added = second.oracle.layers.get(fromLine + 1)!;
        assert.ok(added > 0, 'the added COPY made a layer');
        const growth = second.oracle.imageBytes - first.oracle.imageBytes;
        assert.equal(growth, added, 'the image grew by the new layer alone');
        assert.match(stageHover(second.context, second.target), new RegExp(`Since the previous build: \\+${formatBytes(growth).replace('.', '\\.')}`));
        console.log(
          `examples/${name} (${builder}): image ${first.oracle.imageBytes} bytes on a base of ${first.oracle.baseBytes}; after the edit ${second.oracle.imageBytes}`,
        );
      });
    });
  }
}

/** Tags each stand-in with the name the example's FROM uses while `body` runs. */
function withStandIns(bases: Record<string, string>, body: () => Promise<void>): Promise<void> {
  const entries = Object.entries(bases);
  if (!entries.length) return body();
  const [[name, image], ...rest] = entries;
  return withTags(e, image, [name], () => withStandIns(Object.fromEntries(rest), body));
}

/** The classic builder refuses the file with BuildKit's reason, and Stagecraft's plan named that line before the build. */
async function refused(dir: string, text: string, reason: RegExp): Promise<void> {
  const plan = buildPlan(contextOf(text), { uri: URI });
  const uses = plan.needsBuildKit ?? [];
  assert.ok(uses.length > 0, 'the build plan says the classic builder cannot build this');
  const result = await e.dockerAsync(['build', '-t', 'stagecraft-test/refused:classic', dir], { env: { DOCKER_BUILDKIT: '0' } });
  const output = result.stdout + result.stderr;
  assert.notEqual(result.status, 0, output);
  assert.match(output, reason);
  const first = uses[0];
  assert.ok(text.split('\n')[first.line].includes(first.feature.split(' ')[1]), `line ${first.line + 1} uses ${first.feature}`);
}
