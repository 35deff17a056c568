/** Flags of `goose-deps plan`. */
import type { CommandDefinition } from '../command.js';

/** `goose-deps plan`. */
export const plan: CommandDefinition = {
  command: 'plan',
  describe: 'every build, in order, from the upstream binaries to a distribution built only from itself: bootstrap builds, rebuilds, waves',
  builder: (y) =>
    y
      .option('example', { type: 'boolean', default: false, describe: 'use the built-in example distribution (fixtures/goose-dist, with its bootstrap variants)' })
      .option('built', { type: 'string', array: true, default: [] as string[], describe: 'a source already rebuilt: plan the rest (repeatable)' })
      .option('bootstrap-srcrepo', { type: 'string', array: true, default: [] as string[], describe: 'source repository of bootstrap variants (rpmbuild -bs --with bootstrap, same names) (repeatable)' })
      .option('clean', { choices: ['strict', 'content'] as const, default: 'strict' as const, describe: 'strict: no upstream binary in a final build; content: only content needs must come from the plan' })
      .option('weak', { type: 'boolean', default: false, describe: 'install weak dependencies (Recommends) into buildroots' })
      .option('workers', { type: 'number', describe: 'threads for the solves and for parsing large primaries (default: one per core)' })
      .option('format', { choices: ['text', 'json', 'koji', 'script'] as const, default: 'text' as const, describe: 'output format (script: a shell script of the builds)' }),
  run: async (a, io) => (await import('../plan.js')).planCommand({ ...a, bootstrapSrcrepo: a['bootstrap-srcrepo'] } as never, io),
};
