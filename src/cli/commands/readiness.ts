/** Flags of `goose-deps readiness`. */
import type { CommandDefinition } from '../command.js';
import { wholeNumber } from '../options.js';

/** `goose-deps readiness [diff]`. */
export const readiness: CommandDefinition = {
  command: 'readiness [action]',
  describe: 'rebuild progress: built, ready to submit, blocked (by what), unresolvable (why); `readiness diff --db FILE` shows what changed',
  builder: (y) =>
    y
      .positional('action', { choices: ['diff'] as const, describe: 'diff: compare the last two reports stored in --db' })
      .option('built', { type: 'string', array: true, default: [] as string[], describe: 'repository of the rebuilt binaries, e.g. the build tag repo (repeatable)' })
      .option('assume-built', { type: 'string', array: true, default: [] as string[], describe: 'what if these sources were built: report which sources would become ready (repeatable)' })
      .option('only', { type: 'string', array: true, default: [] as string[], describe: 'only these source packages (repeatable)' })
      .option('format', { choices: ['text', 'json', 'markdown', 'html'] as const, default: 'text' as const, describe: 'output format (html needs --output: a folder, or FILE.html for one self-contained file)' })
      .option('output', { type: 'string', describe: 'write the report to FILE (html: a folder unless it ends in .html)' })
      .option('db', { type: 'string', describe: 'SQLite file keeping every report (for readiness diff)' })
      .option('weak', { type: 'boolean', default: false, describe: 'install weak dependencies (Recommends) into buildroots' })
      .option('workers', { type: 'string', coerce: wholeNumber('workers', 1), describe: 'threads for the solves and for parsing large primaries (default: one per core)' }),
  run: async (a, io) => (await import('../readiness.js')).readinessCommand(a as never, io),
};
