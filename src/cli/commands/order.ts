/** Flags of `goose-deps order`. */
import type { CommandDefinition } from '../command.js';
import { wholeNumber } from '../options.js';

/** `goose-deps order`. */
export const order: CommandDefinition = {
  command: 'order',
  describe: 'the build order of source packages: waves for parallel builds, cycles and where to break them',
  builder: (y) =>
    y
      .option('example', { type: 'boolean', default: false, describe: 'use the built-in example distribution (fixtures/goose-dist)' })
      .option('flat', { type: 'boolean', default: false, describe: 'order everything as one graph (no build-group phase)' })
      .option('exclude-base', { type: 'boolean', default: false, describe: "leave the build group's closure out of the edges, as OBS does" })
      .option('edges', { type: 'boolean', default: false, describe: 'include every edge {from, needs, via, kind} in --json' })
      .option('weak', { type: 'boolean', default: false, describe: 'install weak dependencies (Recommends) into buildroots' })
      .option('workers', { type: 'string', coerce: wholeNumber('workers', 1), describe: 'threads for the solves and for parsing large primaries (default: one per core)' })
      .option('group-edges', { type: 'boolean', default: false, describe: 'with --format dot: draw the build-group needs the order follows too' })
      .option('focus', { type: 'string', describe: 'with --format dot: draw only this source and its neighbours' })
      .option('depth', { type: 'string', coerce: wholeNumber('depth', 0), describe: 'with --focus: how many edges away a neighbour may be (default 1); with --affected-by/--changed-provides: levels of sources needing them to follow (default: all)' })
      .option('affected-by', { type: 'string', array: true, describe: 'order only what a change of these source or binary packages affects (their rebuild set)' })
      .option('changed-provides', { type: 'string', array: true, describe: 'order only what a change of the binaries providing a match of this glob affects (e.g. libboost_*.so.1.83*)' })
      .option('format', { choices: ['text', 'json', 'koji', 'script', 'dot', 'edges'] as const, default: 'text' as const, describe: 'output format (koji: one koji chain-build line; script: a shell script building each wave; edges: one need a line, tab-separated)' })
      .option('target', { type: 'string', describe: 'with --format koji/script: the koji build target or mock config (default TARGET)' })
      .option('template', { type: 'string', describe: 'with --format koji/script: how each build is named: {name} {epoch} {version} {release} {nvr} {evr} {target} (default {nvr}; mock: {nvr}.src.rpm)' })
      .option('builder', { choices: ['koji', 'mock'] as const, default: 'koji' as const, describe: 'with --format script: koji build or mock --chain' }),
  run: async (a, io) => (await import('../order.js')).orderCommand({ ...a, excludeBase: a['exclude-base'], groupEdges: a['group-edges'], affectedBy: a['affected-by'], changedProvides: a['changed-provides'] } as never, io),
};
