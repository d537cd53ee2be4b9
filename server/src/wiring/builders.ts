/**
 * Which builder each workspace folder's builds use, as the client reports it
 * (`stagecraft/builderChanged`), and the builder a document's lenses, hovers and plans describe.
 * Kept in memory only. With no report (another editor, the CLI) and no `stagecraft.build.builder`
 * naming one, it is BuildKit, as before.
 */
import type { BuilderChangedParams, BuilderInUse } from '../protocol';
import { folderOf, type StagecraftSettings } from '../settings';

const DEFAULT: BuilderInUse = Object.freeze({ kind: 'buildkit', source: 'default' }) as BuilderInUse;
/** A reason is a few words; a longer one (or a hostile client) is cut. */
const MAX_REASON = 200;

/** The builder a setting names, if it names one: it wins over any report (the client's decision follows it too). */
export function builderFromSetting(setting: StagecraftSettings['buildBuilder']): BuilderInUse | undefined {
  if (setting === 'auto') return undefined;
  return { kind: setting, reason: `stagecraft.build.builder is ${setting}`, source: 'setting' };
}

export class Builders {
  /** Per folder URI ('' for documents outside every folder). */
  private readonly byFolder = new Map<string, BuilderInUse>();

  /** Keeps a report; false, and nothing kept, when it is malformed or says nothing new. */
  record(params: BuilderChangedParams): boolean {
    if (!params || typeof params.folderUri !== 'string' || (params.builder !== 'buildkit' && params.builder !== 'classic')) return false;
    const reason = typeof params.reason === 'string' && params.reason.trim() ? params.reason.trim().slice(0, MAX_REASON) : undefined;
    const before = this.byFolder.get(params.folderUri);
    if (before && before.kind === params.builder && before.reason === reason) return false;
    this.byFolder.set(params.folderUri, { kind: params.builder, reason, source: 'client' });
    return true;
  }

  /** The builder for a document: the setting's, else its folder's report, else BuildKit. */
  of(uri: string, settings: Pick<StagecraftSettings, 'buildBuilder'>): BuilderInUse {
    const chosen = builderFromSetting(settings.buildBuilder);
    if (chosen) return chosen;
    const folder = folderOf(uri, [...this.byFolder.keys()].filter(Boolean));
    return this.byFolder.get(folder) ?? DEFAULT;
  }
}
