/**
 * Quoting for the command lines Stagecraft shows (or a user copies) in a terminal. Builds never go
 * through a shell: they run with an argument list. These functions only matter for the text printed
 * above a build, and each returns a line that the named shell reads back as exactly those arguments.
 * Pure (no vscode import), unit-tested, including by running the lines in real shells.
 */

/** The shell families whose quoting rules differ. */
export type ShellKind = 'posix' | 'fish' | 'pwsh' | 'cmd';

/** The family of a shell from its executable path (`vscode.env.shell`); POSIX when unknown. */
export function shellKind(shellPath: string | undefined, platform: string = process.platform): ShellKind {
  const name = (shellPath ?? '')
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.exe$/, '');
  if (name === 'fish') return 'fish';
  if (name === 'pwsh' || name === 'powershell') return 'pwsh';
  if (name === 'cmd') return 'cmd';
  if (name === '' && platform === 'win32') return 'pwsh';
  return 'posix'; // bash, zsh, sh, dash, ksh, ...
}

/** Characters that need no quoting in any of the shells. */
const PLAIN = /^[A-Za-z0-9_/.,:=@+-]+$/;

export class UnquotableError extends Error {}

/** One argument, quoted so that the shell passes it to the program unchanged. */
export function quoteArg(arg: string, kind: ShellKind): string {
  if (arg.includes('\0')) throw new UnquotableError('an argument contains a NUL character');
  switch (kind) {
    case 'posix':
      // Inside '...' nothing is special except the closing quote: close, add \', reopen.
      return PLAIN.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
    case 'fish':
      // fish reads \\ and \' inside single quotes; everything else is literal (newlines too).
      return PLAIN.test(arg) ? arg : `'${arg.replace(/[\\']/g, '\\$&')}'`;
    case 'pwsh':
      // Single-quoted strings are verbatim; a quote is doubled. PowerShell also treats the
      // typographic single quotes as quotes, so those are doubled as well.
      return PLAIN.test(arg) && !arg.startsWith('-') ? arg : `'${arg.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
    case 'cmd':
      return quoteCmd(arg);
  }
}

/**
 * cmd.exe: first quote for the program's own argument parsing (the Microsoft C runtime rules:
 * backslashes before a quote are doubled, a quote becomes \"), then put ^ before every character
 * cmd.exe interprets, quotes included, so that cmd passes the text on literally (`^%` also stops
 * %VAR% expansion on an interactive command line). cmd cannot carry a line break in an argument.
 */
function quoteCmd(arg: string): string {
  if (/[\r\n]/.test(arg)) throw new UnquotableError('cmd.exe cannot pass an argument with a line break');
  let quoted = arg;
  if (arg === '' || /[\s"]/.test(arg)) {
    quoted = '"' + arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1') + '"';
  }
  return quoted.replace(/[()%!^"<>&|]/g, '^$&');
}

/**
 * The whole line: environment assignments, the program and its arguments, for one shell.
 * Environment names must be plain identifiers; values are quoted like arguments.
 */
export function commandLine(executable: string, args: readonly string[], kind: ShellKind, env: Record<string, string> = {}): string {
  const vars = Object.entries(env);
  for (const [name] of vars) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UnquotableError(`not an environment variable name: ${name}`);
  const quoted = [executable, ...args].map((a) => quoteArg(a, kind));
  switch (kind) {
    case 'posix':
    case 'fish':
      // `env NAME=value program ...` means the same in both families.
      return [...(vars.length ? ['env', ...vars.map(([n, v]) => `${n}=${quoteArg(v, kind)}`)] : []), ...quoted].join(' ');
    case 'pwsh': {
      // `&` runs a quoted program path; without it a quoted path is just a string.
      const sets = vars.map(([n, v]) => `$env:${n} = ${quoteArg(v, kind)}; `).join('');
      return `${sets}& ${quoted.join(' ')}`;
    }
    case 'cmd': {
      // `set "NAME=value"` (quoted, or the space before && becomes part of the value); only plain values.
      for (const [name, value] of vars) if (!/^[A-Za-z0-9_.-]*$/.test(value)) throw new UnquotableError(`cmd.exe: ${name} has a value this line cannot carry`);
      const sets = vars.map(([n, v]) => `set "${n}=${v}" && `).join('');
      return `${sets}${quoted.join(' ')}`;
    }
  }
}
