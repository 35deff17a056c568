/** Flags of `goose-deps query`. */
import type { CommandDefinition } from '../command.js';
import { wholeNumber } from '../options.js';

// One value per flag (repeat the flag, or use commas), so specs may follow the flags.
const list = { type: 'string', array: true, nargs: 1, default: [] as string[] } as const;

/** `goose-deps query [SPEC...]`. */
export const query: CommandDefinition = {
  command: 'query [specs..]',
  describe: "dnf repoquery's common questions: packages by spec, --whatprovides, --whatrequires, --requires [--resolve], --tree, --srpm, --qf",
  builder: (y) =>
    y
      .positional('specs', { type: 'string', array: true, describe: 'package specs: name, name-version[-release], NEVRA, globs, /file/paths (none: every package)' })
      .option('repo', { ...list, describe: 'binary repository: folder, URL, .repo file or .rpm files (repeatable)' })
      .option('srcrepo', { ...list, describe: 'source repository: rpm-md of arch src, or a folder of .src.rpm (repeatable)' })
      .option('arch', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'show only packages of these architectures (A[,B]; src for sources)' })
      .option('forcearch', { type: 'string', describe: "architecture policy for the pool (default: the machine's), as dnf --forcearch" })
      .option('whatprovides', { ...list, describe: 'only packages that provide CAP (globs allowed; file owners when nothing provides it)' })
      .option('whatrequires', { ...list, describe: 'only packages that require CAP, or what package CAP provides' })
      .option('exactdeps', { type: 'boolean', default: false, describe: 'with --whatrequires: match requirements as given, not what the named packages provide' })
      .option('requires', { type: 'boolean', default: false, describe: 'list the requirements of the selected packages' })
      .option('provides', { type: 'boolean', default: false, describe: 'list the capabilities the selected packages provide' })
      .option('conflicts', { type: 'boolean', default: false, describe: 'list their Conflicts' })
      .option('obsoletes', { type: 'boolean', default: false, describe: 'list their Obsoletes' })
      .option('recommends', { type: 'boolean', default: false, describe: 'list their Recommends' })
      .option('suggests', { type: 'boolean', default: false, describe: 'list their Suggests' })
      .option('supplements', { type: 'boolean', default: false, describe: 'list their Supplements' })
      .option('enhances', { type: 'boolean', default: false, describe: 'list their Enhances' })
      .option('resolve', { type: 'boolean', default: false, describe: 'with --requires etc.: the latest packages that provide them' })
      .option('recursive', { type: 'boolean', default: false, describe: 'with --whatrequires, or --requires --resolve: follow to a fixpoint, as dnf' })
      .option('tree', { type: 'boolean', default: false, describe: 'with --requires, --provides etc. or --whatrequires: a tree of the packages below each, as dnf repoquery --tree' })
      .option('srpm', { type: 'boolean', default: false, describe: 'the source packages of the selected binaries (give --srcrepo)' })
      .option('latest-limit', { type: 'string', coerce: wholeNumber('latest-limit'), describe: 'the N latest versions per name.arch (negative: all but the N latest)' })
      .option('qf', { alias: 'queryformat', type: 'string', describe: 'output format, e.g. "%{name} %{evr} %{reponame}" (\\n and \\t escapes)' }),
  run: async (a, io) => (await import('../query.js')).queryCommand(a as never, io),
};
