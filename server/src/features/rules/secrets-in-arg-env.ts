/**
 * BuildKit's SecretsUsedInArgOrEnv: an ARG or ENV whose name says it holds a secret (a word of the
 * name is PASSWORD, TOKEN, SECRET, KEY, APIKEY, AUTH, CREDENTIAL(S), PASSWD, PWORD). ENV values are
 * stored in the image config, ARG values in the build history: both leak. Names that are clearly
 * not the secret itself are skipped: a PUBLIC key, a GPG/PGP key id, and names ending in
 * FILE/PATH/DIR/URL/HOST/... (they point at the secret, which is the recommended way), as are an
 * ENV set to "" (filled at run time) and values that are file paths.
 */
import type { Finding, Rule } from './rule';
import type { ArgDeclaration, EnvDeclaration } from '../../analysis/model';

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED = /(?:_|^)(?:public|gpg|pgp)(?:_|$)|_(?:file|files|path|dir|url|uri|host|port|type|length|header|id_file|name|enabled)$/i;

export function looksSecret(name: string): boolean {
  return SECRET.test(name) && !ALLOWED.test(name);
}

export const secretsInArgEnv: Rule = {
  id: 'secrets-in-arg-env',
  buildkit: 'SecretsUsedInArgOrEnv',
  defaultSeverity: 'warning',
  summary: 'An ARG or ENV name says it holds a secret (password, token, key, ...): its value stays in the image or its history.',
  check({ model }) {
    const findings: Finding[] = [];
    const report = (kind: 'ARG' | 'ENV', declaration: ArgDeclaration | EnvDeclaration) => {
      if (!looksSecret(declaration.name)) return;
      // A value that is empty (ENV NAME="": set at run time) or a file path points at no secret in the image.
      const value = 'value' in declaration ? declaration.value : declaration.defaultValue;
      if (value !== undefined && (kind === 'ENV' && value === '' || /^(?:\/|\.\/|~\/|\$\{?HOME)/.test(value))) return;
      const where = kind === 'ENV' ? 'is stored in the image config (`docker inspect` shows it)' : 'is recorded in the build history of the image (`docker history`) when a RUN uses it';
      findings.push({
        range: declaration.nameRange,
        message: `${kind} \`${declaration.name}\` looks like a secret: its value ${where}. Pass it with \`RUN --mount=type=secret,id=${declaration.name.toLowerCase()},env=${declaration.name} …\` and \`docker build --secret id=${declaration.name.toLowerCase()},env=${declaration.name}\`.`,
      });
    };
    for (const arg of model.globalArgs) report('ARG', arg);
    for (const stage of model.stages) {
      for (const arg of stage.args) report('ARG', arg);
      for (const env of stage.envs) report('ENV', env);
    }
    return findings;
  },
};
