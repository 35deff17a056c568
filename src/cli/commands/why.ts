/** Flags of `goose-deps why`. */
import type { CommandDefinition } from '../command.js';

/** `goose-deps why A B`. */
export const why: CommandDefinition = {
  command: 'why <a> <b>',
  describe: 'the chain of dependencies that makes source package A need source package B, in sentences',
  builder: (y) =>
    y
      .positional('a', { type: 'string', demandOption: true, describe: 'the source package that needs' })
      .positional('b', { type: 'string', demandOption: true, describe: 'the source package it needs' })
      .option('example', { type: 'boolean', default: false, describe: 'use the built-in example distribution' })
      .option('weak', { type: 'boolean', default: false, describe: 'install weak dependencies into buildroots' }),
  run: async (a, io) => (await import('../why.js')).whyCommand(a as never, io),
};
