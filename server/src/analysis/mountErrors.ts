/**
 * `RUN --mount=…` options as BuildKit checks them (`parseMount`): at parse time only `from=` with a
 * variable; at dispatch every option.
 */
import type { Range } from './model';
import type { SyntaxError, SyntaxPhase } from './syntaxSplit';
import { csvFields } from './goValues';

const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const MOUNT_KEYS = new Set([
  'type',
  'from',
  'source',
  'target',
  'readonly',
  'id',
  'sharing',
  'required',
  'size',
  'mode',
  'uid',
  'gid',
  'src',
  'dst',
  'destination',
  'ro',
  'rw',
  'readwrite',
  'env',
]);

const BOOLEAN = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;

/** What the options seen so far set, for the checks that depend on the type or on other options. */
interface MountOptions {
  type: string;
  mode: boolean;
  uid: boolean;
  gid: boolean;
  from: string;
  sharing: string;
  source: string;
  target: string;
  id: string;
}

interface MountProblem {
  phase: SyntaxPhase;
  message: string;
}

/** A field without `=`: only the flags, and `required` for secret and ssh mounts. */
function bareFieldProblem(key: string, field: string, type: string): string | undefined {
  if (['readonly', 'ro', 'readwrite', 'rw'].includes(key)) return undefined;
  if (key === 'required') return type === 'secret' || type === 'ssh' ? undefined : `unexpected key '${key}' for mount type '${type}'`;
  return `invalid field '${field}' must be a key=value pair`;
}

/** Checks one `key=value` field and records what it sets in `options`. */
function keyValueProblem(key: string, val: string, field: string, options: MountOptions): string | undefined {
  switch (key) {
    case 'type':
      if (!MOUNT_TYPES.includes(val.toLowerCase())) return `unsupported mount type ${JSON.stringify(val)}`;
      options.type = val.toLowerCase();
      break;
    case 'from':
      options.from = val;
      break;
    case 'source':
    case 'src':
      options.source = val;
      break;
    case 'target':
    case 'dst':
    case 'destination':
      options.target = val;
      break;
    case 'readonly':
    case 'ro':
    case 'readwrite':
    case 'rw':
      if (!BOOLEAN.test(val)) return `invalid value for ${key}: ${val}`;
      break;
    case 'required':
      if (options.type !== 'secret' && options.type !== 'ssh') return `unexpected key '${key}' for mount type '${options.type}'`;
      if (!BOOLEAN.test(val)) return `invalid value for ${key}: ${val}`;
      break;
    case 'size':
      if (options.type !== 'tmpfs') return `unexpected key '${key}' for mount type '${options.type}'`;
      if (!/^\d+(\.\d+)?\s*([kmgtp]i?b?|b)?$/i.test(val)) return `invalid value for ${key}: ${val}`;
      break;
    case 'id':
      options.id = val;
      break;
    case 'sharing':
      if (!['shared', 'private', 'locked'].includes(val.toLowerCase())) return `unsupported sharing value ${JSON.stringify(val)}`;
      options.sharing = val;
      break;
    case 'mode':
      if (!/^[0-7]+$/.test(val)) return `invalid value ${val} for mode`;
      options.mode = true;
      break;
    case 'uid':
      if (!/^\d+$/.test(val)) return `invalid value ${val} for uid`;
      options.uid = true;
      break;
    case 'gid':
      if (!/^\d+$/.test(val)) return `invalid value ${val} for gid`;
      options.gid = true;
      break;
    case 'env':
      break;
    default:
      if (!MOUNT_KEYS.has(key)) return `unexpected key '${key}' in '${field}'`;
  }
  return undefined;
}

/** One field of the list: a variable in `from=` fails at parse time, any other problem at dispatch. */
function fieldProblem(field: string, options: MountOptions): MountProblem | undefined {
  const eq = field.indexOf('=');
  const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
  const val = eq < 0 ? '' : field.slice(eq + 1);
  if (key === 'from' && eq >= 0) {
    const dollar = val.indexOf('$');
    if (dollar !== -1 && dollar !== val.length - 1) return { phase: 1, message: `'from' doesn't support variable expansion, define alias stage instead` };
  }
  if (val.includes('$')) return undefined; // expanded at dispatch from the stage's ARGs and ENVs: not judged here
  const message = eq < 0 ? bareFieldProblem(key, field, options.type) : keyValueProblem(key, val, field, options);
  return message === undefined ? undefined : { phase: 3, message };
}

/** The checks across options, once every field was read. */
function optionsProblem({ type, mode, uid, gid, from, sharing, source, target, id }: MountOptions): string | undefined {
  if (!['secret', 'ssh', 'cache'].includes(type)) {
    if (mode) return `mode not allowed for "${type}" type mounts`;
    if (uid) return `uid not allowed for "${type}" type mounts`;
    if (gid) return `gid not allowed for "${type}" type mounts`;
  }
  if (type === 'secret') {
    if (from) return 'secret mount should not have a from';
    if (sharing) return 'secret mount should not define sharing';
    if (!source && !target && !id) return 'invalid secret mount. one of source, target required';
    if (source && id) return "both source and id can't be set";
  }
  if (sharing && type !== 'cache') return `invalid cache sharing set for ${type} mount`;
  return undefined;
}

/** `parseMount`: at parse time only `from=` with a variable; at dispatch every option. */
export function mountErrors(value: string, range: Range, errors: SyntaxError[]): void {
  const list = csvFields(value);
  if (!list) {
    errors.push({ phase: 1, message: 'failed to parse csv mounts: extraneous or missing " in quoted-field', range, mount: true });
    return;
  }
  const options: MountOptions = { type: 'bind', mode: false, uid: false, gid: false, from: '', sharing: '', source: '', target: '', id: '' };
  for (const field of list) {
    const problem = fieldProblem(field, options);
    if (problem) {
      errors.push({ ...problem, range, mount: true });
      return;
    }
  }
  const message = optionsProblem(options);
  if (message !== undefined) errors.push({ phase: 3, message, range, mount: true });
}
