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

/** `parseMount`: at parse time only `from=` with a variable; at dispatch every option. */
export function mountErrors(value: string, range: Range, errors: SyntaxError[]): void {
  const list = csvFields(value);
  if (!list) {
    errors.push({ phase: 1, message: 'failed to parse csv mounts: extraneous or missing " in quoted-field', range, mount: true });
    return;
  }
  const error = (phase: SyntaxPhase, message: string): void => {
    errors.push({ phase, message, range, mount: true });
  };
  let type = 'bind';
  let mode = false;
  let uid = false;
  let gid = false;
  let from = '';
  let sharing = '';
  let source = '';
  let target = '';
  let id = '';
  for (const field of list) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (key === 'from' && eq >= 0) {
      const dollar = val.indexOf('$');
      if (dollar !== -1 && dollar !== val.length - 1) return error(1, `'from' doesn't support variable expansion, define alias stage instead`);
    }
    if (val.includes('$')) continue; // expanded at dispatch from the stage's ARGs and ENVs: not judged here
    if (eq < 0) {
      if (['readonly', 'ro', 'readwrite', 'rw'].includes(key)) continue;
      if (key === 'required') {
        if (type === 'secret' || type === 'ssh') continue;
        return error(3, `unexpected key '${key}' for mount type '${type}'`);
      }
      return error(3, `invalid field '${field}' must be a key=value pair`);
    }
    switch (key) {
      case 'type':
        if (!MOUNT_TYPES.includes(val.toLowerCase())) return error(3, `unsupported mount type ${JSON.stringify(val)}`);
        type = val.toLowerCase();
        break;
      case 'from':
        from = val;
        break;
      case 'source':
      case 'src':
        source = val;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        target = val;
        break;
      case 'readonly':
      case 'ro':
      case 'readwrite':
      case 'rw':
        if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(val)) return error(3, `invalid value for ${key}: ${val}`);
        break;
      case 'required':
        if (type !== 'secret' && type !== 'ssh') return error(3, `unexpected key '${key}' for mount type '${type}'`);
        if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(val)) return error(3, `invalid value for ${key}: ${val}`);
        break;
      case 'size':
        if (type !== 'tmpfs') return error(3, `unexpected key '${key}' for mount type '${type}'`);
        if (!/^\d+(\.\d+)?\s*([kmgtp]i?b?|b)?$/i.test(val)) return error(3, `invalid value for ${key}: ${val}`);
        break;
      case 'id':
        id = val;
        break;
      case 'sharing':
        if (!['shared', 'private', 'locked'].includes(val.toLowerCase())) return error(3, `unsupported sharing value ${JSON.stringify(val)}`);
        sharing = val;
        break;
      case 'mode':
        if (!/^[0-7]+$/.test(val)) return error(3, `invalid value ${val} for mode`);
        mode = true;
        break;
      case 'uid':
        if (!/^\d+$/.test(val)) return error(3, `invalid value ${val} for uid`);
        uid = true;
        break;
      case 'gid':
        if (!/^\d+$/.test(val)) return error(3, `invalid value ${val} for gid`);
        gid = true;
        break;
      case 'env':
        break;
      default:
        if (!MOUNT_KEYS.has(key)) return error(3, `unexpected key '${key}' in '${field}'`);
    }
  }
  if (!['secret', 'ssh', 'cache'].includes(type)) {
    if (mode) return error(3, `mode not allowed for "${type}" type mounts`);
    if (uid) return error(3, `uid not allowed for "${type}" type mounts`);
    if (gid) return error(3, `gid not allowed for "${type}" type mounts`);
  }
  if (type === 'secret') {
    if (from) return error(3, 'secret mount should not have a from');
    if (sharing) return error(3, 'secret mount should not define sharing');
    if (!source && !target && !id) return error(3, 'invalid secret mount. one of source, target required');
    if (source && id) return error(3, "both source and id can't be set");
  }
  if (sharing && type !== 'cache') error(3, `invalid cache sharing set for ${type} mount`);
}
