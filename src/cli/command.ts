/** The shape of one CLI command: its flags (loaded eagerly, cheap) and its handler (loaded lazily). */
import type { Argv } from 'yargs';
import type { CliIo } from './io.js';
import type { CommonArgs } from './args.js';

/** A command registered in src/cli/commands/index.ts. */
export interface CommandDefinition {
  /** yargs command string, e.g. `order` or `why <a> <b>`. */
  command: string;
  /** One line for --help. */
  describe: string;
  /** Adds the command's own flags (the shared ones are already there). */
  builder: (y: Argv<CommonArgs>) => Argv<unknown>;
  /** Runs it: import the implementation lazily here; return the exit code. */
  run: (args: Record<string, unknown> & CommonArgs, io: CliIo) => Promise<number>;
}
