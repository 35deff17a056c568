/** Flags of `goose-deps testcase`. */
import type { CommandDefinition } from '../command.js';

/** `goose-deps testcase FILE...` and `goose-deps testcase --write DIR ...`. */
export const testcase: CommandDefinition = {
  command: 'testcase [files..]',
  describe: 'run libsolv testcase files (dnf/zypper solver bug reports) like testsolv, or --write one for a solve',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'testcase files to run' })
      .option('write', { type: 'string', describe: 'write a testcase of a solve into this folder (with --buildroot or --install)' })
      .option('buildroot', { type: 'string', describe: "with --write: the solve of this source package's buildroot" })
      .option('install', { type: 'string', array: true, describe: 'with --write: install these package specs' })
      .option('example', { type: 'boolean', default: false, describe: 'use the built-in example distribution' }),
  run: async (a, io) => {
    const m = await import('../testcase.js');
    if (a.write !== undefined) return m.writeTestcaseCommand(a as never, io);
    return m.testcaseCommand({ files: (a.files as string[] | undefined) ?? [], json: a.json }, io);
  },
};
