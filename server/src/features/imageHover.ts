/**
 * Hover on the image of a FROM line: its compressed size for the platform in use, what kind of image
 * it is, and for an SDK image in a shipped stage the smaller images to ship on. Every figure says
 * where it came from and when; compressed and uncompressed sizes are always labelled.
 * Answers at once from what is known (catalog, caches); lookups run in the background.
 */
import type { Hover, HoverParams } from 'vscode-languageserver';
import { MarkupContent, MarkupKind } from '../lsp';
import { imageCatalog, KIND_LABELS, type CatalogFigure, type CatalogMatch, type ImageCatalog } from '../analysis/imageCatalog';
import { contains, directDependents, stageLabel, stageOccurrenceAt } from '../analysis/lookup';
import type { DockerfileModel, Position, Stage } from '../analysis/model';
import { formatPlatform, hostPlatform, parsePlatform, type Platform } from '../registry/platform';
import { formatAge, formatBytes, savingPercent } from '../format';
import { imageSizes, type ImageSizeService, type RegistryFact, type LocalFact } from '../sizes/service';
import type { FeatureContext } from './context';
import type { BuildResultParams } from '../protocol';

/** The stage whose FROM image is under the cursor. */
export function fromImageAt(model: DockerfileModel, position: Position): Stage | undefined {
  return model.stages.find(
    (stage) => stage.baseRange.start.line <= position.line && stage.baseRange.end.line >= position.line && contains(stage.baseRange, position),
  );
}

/** The platform the stage is built for: a literal `--platform`, else this machine's (BuildKit's default). */
export function stagePlatform(stage: Stage): Platform {
  const written = stage.platform;
  if (written && !written.includes('$')) return parsePlatform(written) ?? hostPlatform();
  return hostPlatform();
}

/** Shipped: the default target, or a stage no other stage uses (a target of its own). */
export function isShipped(model: DockerfileModel, index: number): boolean {
  return model.defaultTarget === index || directDependents(model, index).length === 0;
}

function catalogSource(figure: CatalogFigure): string {
  return `catalog, ${figure.date ?? 'undated'}, ${figure.source}${figure.estimate ? ' (estimate)' : ''}`;
}

function catalogLine(match: CatalogMatch, image: string): string | undefined {
  const figure = match.figure;
  if (!figure) return undefined;
  if (match.entry.kind === 'scratch') return '- **0 B**: no layers; the image holds only what the stage copies in';
  const approx = figure.estimate ? '~' : '';
  const measured = match.entry.measured !== image ? `, measured on \`${match.entry.measured}\`` : '';
  const note = figure.note ? `; ${figure.note}` : '';
  return `- ${approx}${formatBytes(figure.bytes)} compressed (${figure.platform}) — ${catalogSource(figure)}${measured}${note}`;
}

/** Text from elsewhere (a registry's answer, a reference) shows as text, never as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

/**
 * The registry's word on the image. A failure says what happened, when, and which figure the hover
 * shows instead (`fallback`); a retry keeps showing the failure until it has an answer.
 */
function registryLine(fact: RegistryFact, registry: string, now: number, fallback: string | undefined): string | undefined {
  const failed = (error: Extract<RegistryFact, { state: 'error' }>) =>
    `- Registry lookup failed (${error.kind}): ${escapeMarkdown(error.message)} — ${formatAge(now - error.fetchedAt)}`;
  const instead = fallback ? `Shown instead: ${fallback}.` : 'No size is known for this image.';
  switch (fact.state) {
    case 'ok':
      return `- **${formatBytes(fact.bytes)} compressed** (${fact.platform}, ${fact.layers} layer${fact.layers === 1 ? '' : 's'}) — registry ${registry}, fetched ${formatAge(now - fact.fetchedAt)}`;
    case 'error':
      return `${failed(fact)}. ${instead}`;
    case 'pending':
      if (fact.previous) return `${failed(fact.previous)}; asking again. ${instead}`;
      return `- Registry ${registry}: looking up; hover again to see it${fallback ? `. Meanwhile: ${fallback}` : ''}`;
    case 'offline':
      return undefined;
  }
}

/** Which figure the hover shows when the registry gave none, if any. */
function fallbackFigure(local: LocalFact | undefined, match: CatalogMatch | undefined): string | undefined {
  if (local?.state === 'present') return "the local image's uncompressed size";
  if (match?.figure) return "the bundled catalog's figure";
  return undefined;
}

function localLine(fact: LocalFact | undefined, now: number): string | undefined {
  if (!fact) return undefined;
  switch (fact.state) {
    case 'present':
      return `- ${formatBytes(fact.bytes)} **uncompressed** (${fact.platform}) — local image, docker image inspect, ${formatAge(now - fact.checkedAt)}`;
    case 'absent':
      return undefined;
    case 'unavailable':
      return undefined;
    case 'pending':
      return undefined;
  }
}

/** The markdown for the FROM image of `stage`, or undefined when the base is another stage. */
export function imageHoverText(
  model: DockerfileModel,
  stage: Stage,
  options: { offline: boolean; dockerPath?: string },
  service: ImageSizeService = imageSizes(),
  catalog: ImageCatalog = imageCatalog(),
): string | undefined {
  const base = stage.base;
  if (base.kind === 'stage') return undefined;
  if (base.kind === 'unresolved') {
    const missing = base.missingVariables.length ? `: ${base.missingVariables.map((v) => `\`${v}\``).join(', ')} has no value` : '';
    return `**Image size**: unknown${missing} (set a default or \`stagecraft.buildArgs\`).`;
  }
  const platform = stagePlatform(stage);
  const platformText = formatPlatform(platform);
  const now = service.now();
  const image = base.kind === 'scratch' ? undefined : base.image;
  const match = catalog.match(image ?? 'scratch', platformText);
  const name = image ? image.raw : 'scratch';
  const kind = match ? ` · ${match.entry.title} · **${KIND_LABELS[match.entry.kind]}**` : '';
  const lines = [`**Image size** · \`${name}\`${kind} · ${platformText}`, ''];

  let registry: RegistryFact = { state: 'offline' };
  if (image) {
    const facts = service.peek(image, platform, options);
    registry = facts.registry;
    const line = registryLine(registry, image.registry, now, fallbackFigure(facts.local, match));
    if (line) lines.push(line);
    const local = localLine(facts.local, now);
    if (local) lines.push(local);
  }
  const fromCatalog = match && catalogLine(match, name);
  if (fromCatalog) lines.push(fromCatalog);
  else if (!match) lines.push(`- Not in the catalog${options.offline ? ' (offline: no registry lookup)' : ''}`);

  const current = registry.state === 'ok' ? registry.bytes : match?.figure?.bytes;
  if (match?.entry.kind === 'sdk') lines.push('', shippingAdvice(model, stage, match, current, platformText, catalog));
  return lines.join('\n');
}

function shippingAdvice(
  model: DockerfileModel,
  stage: Stage,
  match: CatalogMatch,
  current: number | undefined,
  platform: string,
  catalog: ImageCatalog,
): string {
  if (!isShipped(model, stage.index)) {
    const users = directDependents(model, stage.index)
      .map((i) => `\`${stageLabel(model.stages[i])}\``)
      .join(', ');
    return `Build stage (used by ${users}): an SDK image is right here; it is not shipped unless you build this stage as a target.`;
  }
  const alternatives = catalog.alternatives(match.entry, platform);
  if (!alternatives.length) return 'SDK image in a shipped stage: build in an earlier stage and copy the result into a smaller runtime image.';
  const which = model.defaultTarget === stage.index ? 'the default target' : 'a target no other stage uses';
  const items = alternatives.map(({ reference, match: alt }) => {
    const figure = alt?.figure;
    if (!figure) return `\`${reference}\``;
    if (alt.entry.kind === 'scratch') return `\`${reference}\` (empty)`;
    return `\`${reference}\` (${figure.estimate ? '~' : ''}${formatBytes(figure.bytes)} compressed, ${catalogSource(figure)})`;
  });
  let saving = '';
  const smallest = alternatives
    .filter((a) => a.match?.figure && a.match.entry.kind !== 'scratch')
    .sort((a, b) => a.match!.figure!.bytes - b.match!.figure!.bytes)[0];
  const percent = current !== undefined && smallest ? savingPercent(current, smallest.match!.figure!.bytes) : undefined;
  if (percent !== undefined) saving = `: \`${smallest!.reference}\` is about ${percent}% smaller than ${formatBytes(current!)} (compressed)`;
  return `SDK image in a shipped stage (${which}). Keep it in build stages; ship on ${items.join(' or ')}${saving}.`;
}

/** Stages whose files a target's image starts from: the target, its FROM <stage> parent, and so on. */
function fromChain(model: DockerfileModel, index: number): Stage[] {
  const chain: Stage[] = [];
  for (
    let stage: Stage | undefined = model.stages[index];
    stage && !chain.includes(stage);
    stage = stage.base.kind === 'stage' ? model.stages[stage.base.stageIndex] : undefined
  )
    chain.push(stage);
  return chain;
}

/**
 * The estimated shipped size of a target: its base image (compressed, from the registry or the
 * catalog) plus what it copies in (named; their sizes are known only after a build), and the
 * measured size of the image Stagecraft built for the target, when the local engine has it.
 */
export function shippedSizeText(
  model: DockerfileModel,
  index: number,
  options: { offline: boolean; dockerPath?: string },
  service: ImageSizeService = imageSizes(),
  catalog: ImageCatalog = imageCatalog(),
  builds?: ReadonlyMap<string, BuildResultParams>,
): string {
  const target = model.stages[index];
  const chain = fromChain(model, index);
  const root = chain[chain.length - 1];
  const platform = stagePlatform(root);
  const platformText = formatPlatform(platform);
  const now = service.now();
  const lines = [`**Shipped size** if \`${stageLabel(target)}\` is the target (estimate, ${platformText}):`, ''];
  const via =
    chain.length > 1
      ? ` (via ${chain
          .slice(1)
          .map((s) => `\`${stageLabel(s)}\``)
          .join(' → ')})`
      : '';
  if (root.base.kind === 'scratch') lines.push(`- base \`scratch\`${via}: 0 B`);
  else if (root.base.kind === 'unresolved') lines.push(`- base \`${root.base.text}\`${via}: unknown (unresolved variable)`);
  else if (root.base.kind === 'image') {
    const image = root.base.image;
    const fact = service.peek(image, platform, { offline: options.offline }).registry;
    const match = catalog.match(image, platformText);
    let figure = 'size unknown';
    if (fact.state === 'ok') figure = `${formatBytes(fact.bytes)} compressed — registry ${image.registry}, fetched ${formatAge(now - fact.fetchedAt)}`;
    else if (match?.figure) figure = `${match.figure.estimate ? '~' : ''}${formatBytes(match.figure.bytes)} compressed — ${catalogSource(match.figure)}`;
    lines.push(`- base \`${image.raw}\`${via}: ${figure}`);
  }
  const sources = new Set<string>();
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const from = instruction.flags.find((f) => f.name.toLowerCase() === 'from')?.value;
      const reference = from === undefined ? undefined : model.references.find((r) => r.fromStage === stage.index && r.kind !== 'from' && r.text === from);
      if (from === undefined) sources.add('the build context');
      else if (reference?.target.kind === 'stage') sources.add(`stage \`${stageLabel(model.stages[reference.target.stageIndex])}\``);
      else sources.add(`image \`${from}\``);
    }
  }
  if (sources.size) lines.push(`- plus what it copies in from ${[...sources].join(', ')}: known after a build`);
  // The last successful build of this target (the client reports it, with the image's measured size).
  const result = [target.key !== undefined ? builds?.get(target.key) : undefined, model.defaultTarget === index ? builds?.get('') : undefined]
    .filter((b): b is BuildResultParams => b !== undefined && b.ok && typeof b.sizeBytes === 'number')
    .sort((a, b) => b.finishedAt - a.finishedAt)[0];
  if (result)
    lines.push(
      `- built image: ${formatBytes(result.sizeBytes!)} **uncompressed** — measured after the build, ${formatAge(Math.max(0, now - result.finishedAt))}`,
    );
  return lines.join('\n');
}

/** Appends the image size to another hover (the baseline's docs for FROM), as one markdown hover. */
export function mergeHover(sizes: string, other: Hover | null, range: Hover['range'], sizesLast = false): Hover {
  const parts: string[] = [];
  const contents = other?.contents;
  if (contents) {
    const items = Array.isArray(contents) ? contents : [contents];
    for (const item of items) {
      if (typeof item === 'string') parts.push(item);
      else if (MarkupContent.is(item)) parts.push(item.value);
      else parts.push(`\`\`\`${item.language}\n${item.value}\n\`\`\``);
    }
  }
  if (sizesLast) parts.push(sizes);
  else parts.unshift(sizes);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range };
}

type HoverFeature = (context: FeatureContext, params: HoverParams) => Hover | null | Promise<Hover | null>;

/**
 * Wraps the hover feature: on a FROM image, the size notes first, then what the hover feature says
 * there (or, when it says nothing, its docs for the FROM keyword). Elsewhere the feature unchanged.
 */
export function withImageSizes(inner: HoverFeature, service?: () => ImageSizeService): HoverFeature {
  return async (context, params) => {
    // In an untrusted workspace a FROM line must not make the server connect to its host or run docker.
    const trusted = context.settings.workspaceTrusted;
    const options = { offline: context.settings.imageSizesOffline || !trusted, dockerPath: trusted ? context.settings.dockerPath : undefined };
    const occurrence = stageOccurrenceAt(context.model, params.position);
    if (occurrence?.kind === 'declaration') {
      const own = await inner(context, params);
      const shipped = shippedSizeText(context.model, occurrence.stageIndex, options, service?.() ?? imageSizes(), undefined, context.builds);
      return mergeHover(shipped, own, own?.range ?? occurrence.range, true);
    }
    const stage = fromImageAt(context.model, params.position);
    const text = stage && imageHoverText(context.model, stage, options, service?.() ?? imageSizes());
    if (!stage || !text) return inner(context, params);
    const own = (await inner(context, params)) ?? (await inner(context, { ...params, position: stage.fromInstruction.keywordRange.start }));
    return mergeHover(text, own, stage.baseRange);
  };
}
