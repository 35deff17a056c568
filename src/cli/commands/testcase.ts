/** Flags of `goose-deps testcase`. */
import type { CommandDefinition } from '../command.js';

/** `goose-deps testcase FILE...`. */
export const testcase: CommandDefinition = {
  command: 'testcase <files..>',
  describe: 'run libsolv testcase files (dnf/zypper solver bug reports) and compare results, like testsolv',
  builder: (y) => y.positional('files', { type: 'string', array: true, demandOption: true }),
  run: async (a, io) => (await import('../testcase.js')).testcaseCommand({ files: a.files as string[], json: a.json }, io),
};
