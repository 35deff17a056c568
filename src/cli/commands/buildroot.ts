/** Flags of `goose-deps buildroot`. */
import type { CommandDefinition } from '../command.js';
import { wholeNumber } from '../options.js';

/** `goose-deps buildroot`. */
export const buildroot: CommandDefinition = {
  command: 'buildroot',
  describe: 'the minimal self-hosting buildroot of the build group: sources and binaries, each with why it is there',
  builder: (y) =>
    y
      .option('example', { type: 'boolean', default: false, describe: 'use the built-in example distribution (fixtures/goose-dist)' })
      .option('verify', { type: 'boolean', default: false, describe: "prove it: re-solve every buildroot with only the set's binaries visible" })
      .option('minimize', { type: 'boolean', default: true, describe: 'drop sources while it stays self-hosting (--no-minimize: the closure)' })
      .option('reuse', { type: 'boolean', default: true, describe: "grow the closure inside the set's binaries first (--no-reuse: the plain closure)" })
      .option('weak', { type: 'boolean', default: false, describe: 'install weak dependencies (Recommends) into buildroots' })
      .option('workers', { type: 'string', coerce: wholeNumber('workers', 1), describe: 'threads for the solves and for parsing large primaries (default: one per core)' })
      .option('format', { choices: ['text', 'json', 'list', 'comps'] as const, default: 'text' as const, describe: 'output format' })
      .option('list', { choices: ['sources', 'binaries'] as const, default: 'binaries' as const, describe: 'with --format list: print these names, one a line' })
      .option('comps-id', { type: 'string', default: 'build', describe: 'with --format comps: the group id' })
      .option('summary', { type: 'boolean', default: false, describe: 'text: sizes, times and the proof only' }),
  run: async (a, io) => (await import('../buildroot.js')).buildrootCommand({ ...a, compsId: a['comps-id'] } as never, io),
};
