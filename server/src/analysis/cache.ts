/** One model per open document, rebuilt only when the document version or the parse options change. */
import type { DockerfileModel, ParseOptions } from './model';
import { parseDockerfile } from './parse';

interface Entry { version: number; optionsKey: string; model: DockerfileModel }

export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  /** How many parses ran: lets tests prove features share one parse per version. */
  parses = 0;

  get(uri: string, version: number, text: () => string, options: ParseOptions = {}): DockerfileModel {
    const optionsKey = JSON.stringify(options.buildArgs ?? {});
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.optionsKey === optionsKey) return entry.model;
    const model = parseDockerfile(text(), options);
    this.parses++;
    this.entries.set(uri, { version, optionsKey, model });
    return model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
