/**
 * The `stagecraft` command line: picks the subcommand, turns bad usage and unreadable input into
 * `stagecraft: <message>` and exit 2, and never lets an exception escape as a stack trace unless
 * STAGECRAFT_DEBUG is set.
 */
import { EXIT, UsageError, type CliIO } from './io';
import { lint, LINT_HELP } from './lint';
import { plan, PLAN_HELP } from './plan';
import { graph, GRAPH_HELP } from './graph';

export const HELP = `Usage: stagecraft <command> [options]

Commands:
  lint [paths or globs…]   report Stagecraft's diagnostics for Dockerfiles (exit 1 on findings)
  plan <Dockerfile>        what building a target runs, skips and runs in parallel
  graph <Dockerfile>       the stage graph as Graphviz dot or Mermaid

Options:
  -h, --help               help (also: stagecraft <command> --help)
  -v, --version            the version

Settings: .stagecraft.json, .vscode/settings.json (stagecraft.*) or --config PATH. See docs/cli.md.
`;

export { LINT_HELP, PLAN_HELP, GRAPH_HELP };

export async function run(argv: string[], io: CliIO, version: string): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return command === undefined ? EXIT.error : EXIT.ok;
      case '-v':
      case '--version':
        io.out(`${version}\n`);
        return EXIT.ok;
      case 'lint':
        return await lint(rest, io, version);
      case 'plan':
        return plan(rest, io);
      case 'graph':
        return graph(rest, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; try stagecraft --help`);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`stagecraft: ${(error as Error).message}\n`);
      return EXIT.error;
    }
    io.err(`stagecraft: internal error: ${io.env.STAGECRAFT_DEBUG ? (error as Error)?.stack : ((error as Error)?.message ?? error)}\n`);
    return EXIT.error;
  }
}
