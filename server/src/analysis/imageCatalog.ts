/**
 * The image size catalog (imageCatalog.json): what kind of image a base is, its compressed size per
 * platform with source and date, and what to ship on instead. Pure: no I/O beyond the bundled JSON.
 */
import catalogData from './imageCatalog.json';
import { parseImageReference } from './imageRef';
import type { ImageReference } from './model';

export type ImageKind = 'sdk' | 'runtime' | 'os' | 'minimal' | 'scratch';

export const KIND_LABELS: Record<ImageKind, string> = {
  sdk: 'SDK / build toolchain',
  runtime: 'runtime',
  os: 'OS base',
  minimal: 'minimal / distroless',
  scratch: 'empty (scratch)',
};

/** One figure: compressed bytes for one platform, where it came from and when. */
export interface CatalogFigure {
  platform: string;
  /** Compressed size in bytes (sum of the manifest's layer sizes). */
  bytes: number;
  /** Human-readable source, e.g. `docker-library/repo-info (…)`. */
  source: string;
  /** When the source was read (display text), undefined when not known. */
  date?: string;
  /** True when no source verified the figure. */
  estimate: boolean;
  note?: string;
}

export interface CatalogEntry {
  /** Repository pattern, e.g. `docker.io/library/golang` or `gcr.io/distroless/static*`; `scratch` for FROM scratch. */
  repository: string;
  tags: string[];
  title: string;
  kind: ImageKind;
  /** The image the figures were taken from. */
  measured: string;
  figures: CatalogFigure[];
  /** References of smaller images to ship on (for SDK images). */
  alternatives: string[];
}

export interface CatalogMatch {
  entry: CatalogEntry;
  /** The figure for the platform asked for, else the linux/amd64 one (its `platform` says which). */
  figure?: CatalogFigure;
}

interface RawFigure {
  mb: number;
  source: string;
  date: string | null;
  estimate?: boolean;
  note?: string;
}
interface RawEntry {
  repository: string;
  tags: string[];
  title: string;
  kind: string;
  measured: string;
  sizes: Record<string, RawFigure>;
  alternatives?: string[];
}
interface RawCatalog {
  sources: Record<string, string>;
  images: RawEntry[];
}

const KINDS = new Set<string>(Object.keys(KIND_LABELS));

/** Checks the data file's shape (a unit test runs this too); throws on the first problem. */
export function loadCatalog(raw: unknown): CatalogEntry[] {
  const data = raw as RawCatalog;
  if (!data || !Array.isArray(data.images) || typeof data.sources !== 'object') throw new Error('image catalog: no images/sources');
  return data.images.map((item, index) => {
    const where = `image catalog entry ${index} (${item?.repository})`;
    if (typeof item.repository !== 'string' || !Array.isArray(item.tags) || !item.tags.every((t) => typeof t === 'string'))
      throw new Error(`${where}: repository/tags`);
    if (!KINDS.has(item.kind)) throw new Error(`${where}: unknown kind ${item.kind}`);
    const figures = Object.entries(item.sizes ?? {}).map(([platform, figure]): CatalogFigure => {
      if (typeof figure.mb !== 'number' || !(figure.mb >= 0)) throw new Error(`${where}: size for ${platform}`);
      const source = data.sources[figure.source];
      if (!source) throw new Error(`${where}: unknown source ${figure.source}`);
      return {
        platform,
        bytes: Math.round(figure.mb * 1_000_000),
        source,
        date: figure.date ?? undefined,
        estimate: figure.estimate === true,
        note: figure.note,
      };
    });
    if (!figures.some((f) => f.platform === 'linux/amd64')) throw new Error(`${where}: no linux/amd64 size`);
    return {
      repository: item.repository,
      tags: item.tags,
      title: item.title,
      kind: item.kind as ImageKind,
      measured: item.measured,
      figures,
      alternatives: item.alternatives ?? [],
    };
  });
}

/** `*` matches any run of characters (also none); everything else literally. */
export function globMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  if (!text.startsWith(parts[0]) || !text.endsWith(parts[parts.length - 1])) return false;
  let at = parts[0].length;
  const end = text.length - parts[parts.length - 1].length;
  if (end < at) return false;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

export class ImageCatalog {
  constructor(readonly entries: CatalogEntry[]) {}

  /** The first entry whose repository and tag patterns match; `scratch` matches FROM scratch. A digest-only reference matches only a `*` tag pattern. */
  match(image: ImageReference | 'scratch', platform = 'linux/amd64'): CatalogMatch | undefined {
    const repository = image === 'scratch' ? 'scratch' : `${image.registry}/${image.path}`;
    const tag = image === 'scratch' ? '' : (image.tag ?? (image.digest ? undefined : 'latest'));
    const entry = this.entries.find(
      (e) => globMatch(e.repository, repository) && e.tags.some((pattern) => (tag === undefined ? pattern === '*' : globMatch(pattern, tag))),
    );
    if (!entry) return undefined;
    const figure = entry.figures.find((f) => f.platform === platform) ?? entry.figures.find((f) => f.platform === 'linux/amd64');
    return { entry, figure };
  }

  /** An entry's alternatives with their own catalog matches, in the entry's order. */
  alternatives(entry: CatalogEntry, platform = 'linux/amd64'): { reference: string; match?: CatalogMatch }[] {
    return entry.alternatives.map((reference) => ({
      reference,
      match: this.match(reference === 'scratch' ? 'scratch' : parseImageReference(reference), platform),
    }));
  }
}

let shared: ImageCatalog | undefined;

/** The bundled catalog, checked once. */
export function imageCatalog(): ImageCatalog {
  shared ??= new ImageCatalog(loadCatalog(catalogData));
  return shared;
}
