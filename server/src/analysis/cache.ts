/**
 * One model per open document, rebuilt only when the document version or the parse options change.
 * Models are kept for the documents used last, up to a budget of text (a model takes about ten
 * times the memory of its text): the model of a document nobody has asked about for a while is
 * dropped and parsed again when it is needed (a Dockerfile of usual size parses quickly).
 * The document used last keeps its model, however large, while it is in use: `trim()` (run when the
 * server is quiet) holds every model to the budget, so a model larger than the budget alone (a very
 * large file's) is given back while the user reads, and parsed again on the next request.
 * A version whose text is one of the last few versions' (an undo, a character typed and deleted)
 * takes that version's model: a model depends only on the text and the build args.
 * Figures: bench/results/ and docs/performance.md.
 */
import type { DockerfileModel, ParseOptions } from './model';
import { parseLines } from './parse';
import { splitLines } from './scanner';
import { linesFrom } from './reuse';

/**
 * `source` and `lines`: the text the model was read from (the document's own string), so that the
 * next version's lines and parse can take what did not change (reuse.ts).
 */
interface Entry extends Version {
  version: number;
  weight: number;
  /** The versions before it, most recent first (see EARLIER_VERSIONS). */
  earlier: Version[];
}

/** A version's model and what it was read from. */
interface Version {
  optionsKey: string;
  model: DockerfileModel;
  source: string;
  lines: readonly string[];
}

/**
 * How many versions before the last one keep their models: with the last one, an undo of up to
 * three edits (VS Code sends the text of the version before them) and a character typed and deleted. Only for texts of
 * up to EARLIER_MAX_CHARS characters (about 14,000 lines): an earlier model shares with the current one
 * the instructions above the edit, and a larger file's would cost tens of MB. Not counted in the
 * budget (they share most of their objects with the current model); dropped by `trim()`.
 */
const EARLIER_VERSIONS = 2;
const EARLIER_MAX_CHARS = 512 * 1024;

/** Characters of text whose models are kept (besides the document used last). */
export const MODEL_BUDGET_CHARS = 1_000_000;

export class ModelCache {
  /** In order of use, least recent first. */
  private readonly entries = new Map<string, Entry>();
  private weight = 0;
  /** How many parses ran: lets tests prove features share one parse per version. */
  parses = 0;

  /** `onDrop(uri)`: a document's model was dropped to keep the budget (what is kept beside a model can go with it). */
  constructor(
    private readonly budgetChars = MODEL_BUDGET_CHARS,
    private readonly onDrop?: (uri: string) => void,
  ) {}

  get(uri: string, version: number, text: () => string, options: ParseOptions = {}): DockerfileModel {
    const optionsKey = JSON.stringify(options.buildArgs ?? {});
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.optionsKey === optionsKey) {
      this.entries.delete(uri); // now the most recent
      this.entries.set(uri, entry);
      return entry.model;
    }
    this.delete(uri);
    const source = text();
    // The versions whose model the new one may take; a version over the limit (before a large cut) could never match.
    const earlier = entry && source.length <= EARLIER_MAX_CHARS ? [entry, ...entry.earlier].filter((known) => known.source.length <= EARLIER_MAX_CHARS) : [];
    const found = earlier.findIndex((known) => known.optionsKey === optionsKey && known.source.length === source.length && known.source === source);
    let current: Version;
    if (found >= 0) {
      current = earlier[found];
      earlier.splice(found, 1);
    } else {
      // The last version's model is read from while the new one is made: they share what did not change.
      const lines = entry ? linesFrom(entry.source, entry.lines, source) : splitLines(source);
      current = { optionsKey, model: parseLines(lines, options, entry), source, lines };
      this.parses++;
    }
    const { model, lines } = current;
    this.entries.set(uri, {
      version,
      optionsKey,
      model,
      source,
      lines,
      weight: source.length,
      earlier: earlier.slice(0, EARLIER_VERSIONS).map(({ optionsKey, model, source, lines }) => ({ optionsKey, model, source, lines })),
    });
    this.weight += source.length;
    this.dropOverBudget(uri);
    return model;
  }

  /** Drops the models used least recently until the rest fit the budget, the one used last included. The documents whose models it dropped. */
  trim(): string[] {
    for (const entry of this.entries.values()) entry.earlier = [];
    return this.dropOverBudget();
  }

  /** Drops models, least recently used first, until the rest fit the budget or `keep` is next. */
  private dropOverBudget(keep?: string): string[] {
    const dropped: string[] = [];
    for (const uri of this.entries.keys()) {
      if (this.weight <= this.budgetChars || uri === keep) break;
      this.delete(uri);
      this.onDrop?.(uri);
      dropped.push(uri);
    }
    return dropped;
  }

  /** Is a model kept whose text alone is over the budget (a very large file's, kept while it is in use)? */
  holdsOverBudget(): boolean {
    for (const entry of this.entries.values()) if (entry.weight > this.budgetChars) return true;
    return false;
  }

  /** Is a model kept for this document? */
  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** Drops the document's model; the length of the text it was read from (0 when none was kept). */
  delete(uri: string): number {
    const entry = this.entries.get(uri);
    if (!entry) return 0;
    this.weight -= entry.weight;
    this.entries.delete(uri);
    return entry.weight;
  }
}
