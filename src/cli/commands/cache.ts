/** Flags of `goose-deps cache`. */
import type { CommandDefinition } from '../command.js';
import { wholeNumber } from '../options.js';

/** `goose-deps cache clean`. */
export const cache: CommandDefinition = {
  command: 'cache <action>',
  describe: 'the download and .solv cache: `cache clean` removes it (or, with --older-than DAYS, what is older)',
  builder: (y) =>
    y
      .positional('action', { choices: ['clean'] as const, demandOption: true, describe: 'clean: remove cached files' })
      .option('older-than', { type: 'string', coerce: wholeNumber('older-than', 0), describe: 'remove only files last written more than DAYS days ago' }),
  run: async (a, io) => (await import('../cache.js')).cacheCommand({ ...a, olderThan: a['older-than'] } as never, io),
};
