/** Flags of `goose-deps rdeps`. */
import type { CommandDefinition } from '../command.js';
import { wholeNumber } from '../options.js';

/** `goose-deps rdeps NAME...`. */
export const rdeps: CommandDefinition = {
  command: 'rdeps <names..>',
  describe: 'what needs a source or binary package: to build (in whose buildroot it is) and at run time (whose Requires reach it)',
  builder: (y) =>
    y
      .positional('names', { type: 'string', array: true, demandOption: true, describe: 'source or binary package names' })
      .option('depth', { type: 'string', coerce: wholeNumber('depth', 1), describe: 'levels to follow (default: all)' })
      .option('example', { type: 'boolean', default: false, describe: 'use the built-in example distribution (fixtures/goose-dist)' })
      .option('weak', { type: 'boolean', default: false, describe: 'install weak dependencies (Recommends) into buildroots' })
      .option('workers', { type: 'string', coerce: wholeNumber('workers', 1), describe: 'threads for the solves (default: one per core)' }),
  run: async (a, io) => (await import('../rdeps.js')).rdepsCommand(a as never, io),
};
