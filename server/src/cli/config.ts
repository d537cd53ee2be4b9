/**
 * The settings of a `stagecraft lint` run: the editor's `stagecraft.*` settings, read from up to three
 * places and merged key by key, the later winning:
 *   1. `.vscode/settings.json` in the current folder (its `stagecraft.*` keys),
 *   2. `.stagecraft.json` in the current folder,
 *   3. the file given with `--config PATH` (then `.stagecraft.json` is still read, under it),
 * then `--build-arg NAME=value` over all of them. Keys are the setting names without `stagecraft.`,
 * nested (`{"diagnostics": {"unused-stage": "off"}}`) or dotted (`"diagnostics.unused-stage": "off"`);
 * the values are checked by the server's own `normalizeSettings`. See docs/cli.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeSettings, type StagecraftSettings } from '../settings';
import { rulesById } from '../features/rules';
import { parseJsonc } from './jsonc';
import { UsageError } from './io';

export const CONFIG_FILE = '.stagecraft.json';
const VSCODE_SETTINGS = join('.vscode', 'settings.json');

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);

/** `{"a.b": 1}` -> `{a: {b: 1}}`; nested objects are merged the same way. */
function unflatten(source: Json): Json {
  const result: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$schema') continue;
    const path = key.replace(/^stagecraft\./, '').split('.');
    // A rule id or build-arg name is one key: only the first part of `diagnostics.<id>` splits.
    const parts = path[0] === 'diagnostics' || path[0] === 'buildArgs' ? [path[0], path.slice(1).join('.')].filter(Boolean) : path;
    let node = result;
    for (const part of parts.slice(0, -1)) node = (isObject(node[part]) ? node[part] : (node[part] = {})) as Json;
    const last = parts[parts.length - 1];
    node[last] = isObject(value) && isObject(node[last]) ? merge(node[last] as Json, value) : value;
  }
  return result;
}

/** `over` on top of `base`, objects merged key by key. */
export function merge(base: Json, over: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = isObject(value) && isObject(result[key]) ? merge(result[key] as Json, value) : value;
  return result;
}

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return parseJsonc(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The `stagecraft.*` keys of a VS Code settings.json, as one section. */
export function fromVscodeSettings(raw: unknown): Json {
  if (!isObject(raw)) return {};
  const picked: Json = {};
  for (const [key, value] of Object.entries(raw)) if (key.startsWith('stagecraft.')) picked[key] = value;
  if (isObject(raw.stagecraft)) Object.assign(picked, raw.stagecraft);
  return unflatten(picked);
}

/** A `.stagecraft.json` or `--config` file, as one section. */
export function fromConfigFile(raw: unknown, path: string): Json {
  if (!isObject(raw)) throw new UsageError(`${path}: expected a JSON object of stagecraft settings`);
  return unflatten(raw);
}

export interface ConfigOptions {
  cwd: string;
  /** `--config PATH` (relative to cwd). */
  config?: string;
  /** `--build-arg NAME=value`, in order. */
  buildArgs?: string[];
  warn(message: string): void;
}

export interface LoadedSettings {
  settings: StagecraftSettings;
  /** The files read, lowest precedence first. */
  sources: string[];
}

export function loadSettings(options: ConfigOptions): LoadedSettings {
  const { cwd, warn } = options;
  const sources: string[] = [];
  let section: Json = {};
  const vscode = join(cwd, VSCODE_SETTINGS);
  if (existsSync(vscode)) {
    try {
      section = merge(section, fromVscodeSettings(readJsonFile(vscode)));
      sources.push(vscode);
    } catch (error) {
      warn(`${(error as Error).message}; its settings are not used`);
    }
  }
  const own = join(cwd, CONFIG_FILE);
  if (existsSync(own)) {
    section = merge(section, fromConfigFile(readJsonFile(own), own));
    sources.push(own);
  }
  if (options.config !== undefined) {
    const path = resolve(cwd, options.config);
    if (!existsSync(path)) throw new UsageError(`--config ${options.config}: no such file`);
    section = merge(section, fromConfigFile(readJsonFile(path), path));
    sources.push(path);
  }
  const args: Json = {};
  for (const pair of options.buildArgs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--build-arg ${pair}: expected NAME=value`);
    args[pair.slice(0, at)] = pair.slice(at + 1);
  }
  section = merge(section, { buildArgs: args });
  if (isObject(section.diagnostics)) {
    for (const id of Object.keys(section.diagnostics)) if (!rulesById.has(id)) warn(`diagnostics.${id}: there is no rule ${id}; see docs/rules/`);
  }
  return { settings: normalizeSettings(section, warn), sources };
}
