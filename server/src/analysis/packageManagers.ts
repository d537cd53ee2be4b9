/**
 * The package managers a Dockerfile installs with, as one table: how an install is recognised, the
 * cache directories it leaves in the layer, the flag or environment variable that avoids them, and
 * the clean-up that removes them. Pure facts; packageCaches.ts applies them to a RUN.
 *
 * Paths starting with `~/` are in the home of the user the RUN runs as. `env` lists the variables
 * that move a directory (the first one set wins; `suffix` is appended to its value).
 */
import type { Word } from './model';
import { commandName, type SimpleCommand } from './commands';

export interface CacheDir {
  /** What it holds, for messages: "the package lists". */
  what: string;
  /** Where it is by default; the first is the one messages name and the quick fix mounts. */
  paths: string[];
  /** Variables that move it. */
  env?: { name: string; suffix?: string }[];
  /** Variables that turn it off when set to anything (pip disables its cache even for `0`). */
  offEnv?: string[];
  /** Commands that empty it (besides `rm -rf` of the directory). */
  cleans?: (command: SimpleCommand) => boolean;
  /** The command the quick fix appends to the RUN, if any. */
  cleanup?: string;
  /** What messages call its place when it depends on the installation (then no cache-mount fix is offered). */
  shown?: string;
  /** Extra `--mount` options for the cache-mount quick fix (apt locks its directories). */
  mountOptions?: string;
}

export interface Install {
  /** The last word of the install command's name (`apt-get update` -> `update`): the finding ends there. */
  word: Word;
  /** The directories this command writes. */
  dirs: CacheDir[];
}

export interface PackageManager {
  id: string;
  /** The install this command is, if it is one. `keepsDebs`: apt keeps the .deb files it downloads. */
  install(command: SimpleCommand, keepsDebs: boolean): Install | undefined;
  /** Options of the command that avoid every cache directory (`apk add --no-cache`). */
  noCache?: RegExp;
  /** The option the quick fix inserts after the install word. */
  noCacheFlag?: string;
}

const values = (command: SimpleCommand) => command.words.map((word) => word.value);

/**
 * The first word from `from` that is not an option, skipping the values of the options in
 * `valued` (`apt-get -o Foo=1 update` -> `update`), with its index.
 */
export function verb(command: SimpleCommand, from = 1, valued: ReadonlySet<string> = NONE): { word: Word; index: number } | undefined {
  for (let i = from; i < command.words.length; i++) {
    const value = command.words[i].value;
    if (valued.has(value)) i++;
    else if (!value.startsWith('-')) return { word: command.words[i], index: i };
  }
  return undefined;
}

const NONE: ReadonlySet<string> = new Set();
const is = (command: SimpleCommand, name: RegExp, sub: RegExp, from = 1, valued = NONE) => {
  if (!name.test(commandName(command))) return false;
  const found = verb(command, from, valued);
  return found !== undefined && sub.test(found.word.value);
};

const APT_LISTS: CacheDir = {
  what: 'the package lists',
  paths: ['/var/lib/apt/lists'],
  cleans: (c) => is(c, /^apt(?:-get)?$/, /^dist-clean$/),
  cleanup: 'rm -rf /var/lib/apt/lists/*',
  mountOptions: ',sharing=locked',
};
const APT_DEBS: CacheDir = {
  what: 'the downloaded packages',
  paths: ['/var/cache/apt'],
  cleans: (c) => is(c, /^(?:apt(?:-get)?|aptitude)$/, /^(?:dist-)?clean$/),
  cleanup: 'apt-get clean',
  mountOptions: ',sharing=locked',
};
const APT_VALUED = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release']);
const APT_INSTALLS = /^(?:install|upgrade|dist-upgrade|full-upgrade|build-dep|reinstall|safe-upgrade|source)$/;

const DNF_NAMES = /^(?:dnf[45]?|microdnf|yum|tdnf)$/;
const DNF_VALUED = new Set([
  '-c',
  '--config',
  '--installroot',
  '--releasever',
  '--repo',
  '--repoid',
  '--enablerepo',
  '--disablerepo',
  '-x',
  '--exclude',
  '--setopt',
]);
const DNF_INSTALLS =
  /^(?:install|in|localinstall|upgrade|up|update|upgrade-minimal|up-min|update-minimal|reinstall|rei|groupinstall|groupupdate|distro-sync|dsync|downgrade|makecache|mc)$/;
/** The cache each of them names (they all count: which one a `dnf` uses depends on its version). */
const DNF_CACHES: Record<string, string> = {
  dnf: '/var/cache/dnf',
  dnf4: '/var/cache/dnf',
  dnf5: '/var/cache/libdnf5',
  microdnf: '/var/cache/yum',
  yum: '/var/cache/yum',
  tdnf: '/var/cache/tdnf',
};

/** The commands whose `clean all` empties the cache of `name`: yum is dnf on current systems; microdnf and tdnf keep their own. */
const sameCache = (name: string) => (/^(?:microdnf|tdnf)$/.test(name) ? new RegExp(`^${name}$`) : /^(?:dnf[45]?|yum)$/);

const ZYPPER_VALUED = new Set([
  '-R',
  '--root',
  '-D',
  '--reposd-dir',
  '-C',
  '--cache-dir',
  '--raw-cache-dir',
  '--solv-cache-dir',
  '--pkg-cache-dir',
  '-c',
  '--config',
]);
const ZYPPER_INSTALLS = /^(?:install|in|update|up|dist-upgrade|dup|patch|refresh|ref|source-install|si|install-new-recommends|inr)$/;

const pipenvClear = (c: SimpleCommand) => commandName(c) === 'pipenv' && values(c).includes('--clear');
const PIP_CACHE: CacheDir = {
  what: 'the wheel cache',
  paths: ['~/.cache/pip'],
  env: [{ name: 'PIP_CACHE_DIR' }],
  offEnv: ['PIP_NO_CACHE_DIR'],
  cleans: (c) => (/^pip[23]?(?:\.\d+)?$/.test(commandName(c)) && values(c).includes('cache') && values(c).includes('purge')) || pipenvClear(c),
};
const NPM_INSTALLS = /^(?:install|i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add|ci|clean-install|ic|install-clean|isntall-clean|update|up|upgrade)$/;

/** The word after which an install's name ends: `pip install` -> install; `python -m pip install` -> install. */
function pipInstall(command: SimpleCommand): Word | undefined {
  const list = values(command);
  const name = commandName(command);
  const from = /^pip[23]?(?:\.\d+)?$/.test(name) ? 1 : /^python[23]?(?:\.\d+)?$/.test(name) && list[1] === '-m' && /^pip[23]?$/.test(list[2] ?? '') ? 3 : -1;
  const found = from > 0 ? verb(command, from) : undefined;
  return found?.word.value === 'install' ? found.word : undefined;
}

/** `yarn`, `yarn install`, `yarn add x`, `yarn global add x`: the word the install ends at. */
function yarnInstall(command: SimpleCommand): Word | undefined {
  if (commandName(command) !== 'yarn') return undefined;
  const found = verb(command);
  // A bare `yarn` installs; `yarn --version` (a smoke test in many images) does not.
  if (!found) return command.words.some((w) => /^(?:-v|--version|-h|--help)$/.test(w.value)) ? undefined : command.words[0];
  if (found.word.value === 'install' || found.word.value === 'add') return found.word;
  const next = found.word.value === 'global' ? verb(command, found.index + 1) : undefined;
  return next?.word.value === 'add' ? next.word : undefined;
}

/** `uv pip install`, `uv sync`, `uv add`, `uv tool install`. */
function uvInstall(command: SimpleCommand): Word | undefined {
  if (commandName(command) !== 'uv') return undefined;
  const found = verb(command, 1, new Set(['--cache-dir', '--directory', '--project']));
  if (!found) return undefined;
  if (found.word.value === 'sync' || found.word.value === 'add') return found.word;
  const next = found.word.value === 'pip' || found.word.value === 'tool' ? verb(command, found.index + 1) : undefined;
  return next && /^(?:install|sync)$/.test(next.word.value) ? next.word : undefined;
}

function simple(name: RegExp, sub: RegExp, dirs: CacheDir[], valued = NONE): PackageManager['install'] {
  return (command) => {
    if (!name.test(commandName(command))) return undefined;
    const found = verb(command, 1, valued);
    return found && sub.test(found.word.value) ? { word: found.word, dirs } : undefined;
  };
}

const GEM_CACHE: CacheDir = {
  what: 'the downloaded .gem files',
  shown: '`gem env gemdir`/cache',
  // The official ruby images' GEM_HOME, Alpine's and Debian's ruby packages, a user's.
  paths: ['/usr/local/bundle/cache', '/usr/lib/ruby/gems', '/var/lib/gems', '~/.gem', '~/.local/share/gem', '~/.bundle/cache'],
  env: [{ name: 'GEM_HOME', suffix: '/cache' }, { name: 'BUNDLE_PATH' }],
  cleans: (c) => commandName(c) === 'rm' && c.words.some((w) => w.value.includes('gemdir)') && w.value.includes('/cache')),
  cleanup: 'rm -rf "$(gem env gemdir)"/cache',
};
const GO_MODULES: CacheDir = {
  what: 'the module cache',
  paths: ['/go/pkg/mod', '~/go/pkg/mod'],
  env: [{ name: 'GOMODCACHE' }, { name: 'GOPATH', suffix: '/pkg/mod' }],
  cleans: (c) => commandName(c) === 'go' && values(c)[1] === 'clean' && values(c).includes('-modcache'),
  cleanup: 'go clean -modcache',
};
/** After `go mod download` or `go get`, removing what they fetched undoes them: a cache mount is the fix. */
const GO_FETCHED: CacheDir = { ...GO_MODULES, cleanup: undefined };
const GO_BUILD: CacheDir = {
  what: 'the build cache',
  paths: ['~/.cache/go-build'],
  env: [{ name: 'GOCACHE' }],
  cleans: (c) => commandName(c) === 'go' && values(c)[1] === 'clean' && values(c).includes('-cache'),
  cleanup: 'go clean -cache',
};

/** The table. Order is the order findings of one RUN are listed in. */
export const PACKAGE_MANAGERS: PackageManager[] = [
  {
    id: 'apt',
    install(command, keepsDebs) {
      if (!/^(?:apt(?:-get)?|aptitude)$/.test(commandName(command))) return undefined;
      const found = verb(command, 1, APT_VALUED);
      if (found?.word.value === 'update') return { word: found.word, dirs: [APT_LISTS] };
      return found && keepsDebs && APT_INSTALLS.test(found.word.value) ? { word: found.word, dirs: [APT_DEBS] } : undefined;
    },
  },
  {
    id: 'apk',
    install: simple(/^apk$/, /^(?:add|upgrade)$/, [{ what: 'the package index', paths: ['/var/cache/apk', '/etc/apk/cache'] }]),
    noCache: /^--no-(?:cache|network)$/,
    noCacheFlag: '--no-cache',
  },
  {
    id: 'dnf',
    install(command) {
      const name = commandName(command);
      if (!DNF_NAMES.test(name)) return undefined;
      let found = verb(command, 1, DNF_VALUED);
      if (found && /^(?:group|groups|module)$/.test(found.word.value)) found = verb(command, found.index + 1, DNF_VALUED);
      if (!found || !DNF_INSTALLS.test(found.word.value)) return undefined;
      const named = DNF_CACHES[name];
      const paths = [named, ...new Set(Object.values(DNF_CACHES).filter((path) => path !== named))];
      const cleans = (c: SimpleCommand) => is(c, sameCache(name), /^clean$/, 1, DNF_VALUED) && values(c).includes('all');
      return { word: found.word, dirs: [{ what: 'the repository metadata', paths, cleans, cleanup: `${name} clean all` }] };
    },
  },
  {
    id: 'zypper',
    install: simple(
      /^zypper$/,
      ZYPPER_INSTALLS,
      [
        {
          what: 'the repository metadata',
          paths: ['/var/cache/zypp'],
          cleans: (c) =>
            is(c, /^zypper$/, /^(?:clean|cc)$/, 1, ZYPPER_VALUED) && values(c).some((v) => /^(?:-a|--all|-m|--metadata|-[a-zA-Z]*a[a-zA-Z]*)$/.test(v)),
          cleanup: 'zypper clean --all',
        },
      ],
      ZYPPER_VALUED,
    ),
  },
  {
    id: 'pip',
    install: (command) => {
      const word = pipInstall(command);
      return word && { word, dirs: [PIP_CACHE] };
    },
    noCache: /^--no-cache(?:-dir)?(?:=|$)/,
    noCacheFlag: '--no-cache-dir',
  },
  {
    id: 'pipenv',
    install: simple(/^pipenv$/, /^(?:install|sync)$/, [
      PIP_CACHE,
      { what: 'its own cache', paths: ['~/.cache/pipenv'], env: [{ name: 'PIPENV_CACHE_DIR' }], cleans: pipenvClear, cleanup: 'pipenv --clear' },
    ]),
  },
  {
    id: 'poetry',
    install: simple(/^poetry$/, /^(?:install|add|update|sync)$/, [
      {
        what: 'its cache',
        paths: ['~/.cache/pypoetry'],
        env: [{ name: 'POETRY_CACHE_DIR' }],
        cleans: (c) => is(c, /^poetry$/, /^cache$/) && values(c).includes('clear'),
      },
    ]),
    noCache: /^--no-cache$/,
    noCacheFlag: '--no-cache',
  },
  {
    id: 'uv',
    install: (command) => {
      const word = uvInstall(command);
      const cleans = (c: SimpleCommand) => is(c, /^uv$/, /^cache$/) && values(c).includes('clean');
      return (
        word && {
          word,
          dirs: [{ what: 'its cache', paths: ['~/.cache/uv'], env: [{ name: 'UV_CACHE_DIR' }], offEnv: ['UV_NO_CACHE'], cleans, cleanup: 'uv cache clean' }],
        }
      );
    },
    noCache: /^(?:--no-cache|-n)$/,
    noCacheFlag: '--no-cache',
  },
  {
    id: 'npm',
    install: simple(/^npm$/, NPM_INSTALLS, [
      {
        what: 'its cache',
        paths: ['~/.npm'],
        env: [{ name: 'npm_config_cache' }, { name: 'NPM_CONFIG_CACHE' }],
        cleans: (c) => is(c, /^npm$/, /^cache$/) && values(c).includes('clean'),
        cleanup: 'npm cache clean --force',
      },
    ]),
  },
  {
    id: 'yarn',
    install: (command) => {
      const word = yarnInstall(command);
      const cleans = (c: SimpleCommand) => is(c, /^yarn$/, /^cache$/) && values(c).includes('clean');
      const paths = ['/usr/local/share/.cache/yarn', '~/.cache/yarn', '~/.yarn/berry/cache'];
      return word && { word, dirs: [{ what: 'its cache', paths, env: [{ name: 'YARN_CACHE_FOLDER' }], cleans, cleanup: 'yarn cache clean' }] };
    },
  },
  {
    id: 'pnpm',
    install: simple(/^pnpm$/, /^(?:install|i|add|fetch|update|up)$/, [
      {
        what: 'its store',
        paths: ['~/.local/share/pnpm/store'],
        env: [{ name: 'npm_config_store_dir' }, { name: 'PNPM_HOME', suffix: '/store' }],
        cleans: (c) => commandName(c) === 'rm' && values(c).join(' ').includes('$(pnpm store path)'),
        cleanup: 'rm -rf "$(pnpm store path)"',
      },
    ]),
  },
  {
    id: 'gem',
    install: (command) => {
      const name = commandName(command);
      const found = /^(?:gem|bundle|bundler)$/.test(name) ? verb(command) : undefined;
      if (found?.word.value !== 'install') return undefined;
      return { word: found.word, dirs: [GEM_CACHE] };
    },
  },
  {
    id: 'cargo',
    install: simple(/^cargo$/, /^(?:install|build|b|fetch)$/, [
      {
        what: 'the crate registry',
        paths: ['/usr/local/cargo/registry', '~/.cargo/registry'],
        env: [{ name: 'CARGO_HOME', suffix: '/registry' }],
        cleanup: 'rm -rf "${CARGO_HOME:-$HOME/.cargo}/registry"',
      },
    ]),
  },
  {
    id: 'go',
    install: (command) => {
      if (commandName(command) !== 'go') return undefined;
      const found = verb(command);
      const sub = found?.word.value;
      if (sub === 'mod') {
        const next = verb(command, found!.index + 1);
        return next?.word.value === 'download' ? { word: next.word, dirs: [GO_FETCHED] } : undefined;
      }
      if (sub === 'get') return { word: found!.word, dirs: [GO_FETCHED] };
      return sub && /^(?:build|install|test|run|generate|vet)$/.test(sub) ? { word: found!.word, dirs: [GO_MODULES, GO_BUILD] } : undefined;
    },
  },
];

/** The variables the table reads (the rule tracks their values along a stage's FROM chain). */
export const CACHE_VARIABLES: ReadonlySet<string> = new Set(
  [APT_LISTS, APT_DEBS, PIP_CACHE, GEM_CACHE, GO_MODULES, GO_BUILD]
    .flatMap((dir) => [...(dir.env ?? []).map((e) => e.name), ...(dir.offEnv ?? [])])
    .concat([
      'PIPENV_CACHE_DIR',
      'POETRY_CACHE_DIR',
      'UV_CACHE_DIR',
      'UV_NO_CACHE',
      'npm_config_cache',
      'NPM_CONFIG_CACHE',
      'YARN_CACHE_FOLDER',
      'npm_config_store_dir',
      'PNPM_HOME',
      'CARGO_HOME',
    ]),
);
