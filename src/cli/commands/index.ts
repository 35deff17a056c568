/** Every command of the CLI, in --help order. Add one line per command. */
import type { CommandDefinition } from '../command.js';
import { buildroot } from './buildroot.js';
import { cache } from './cache.js';
import { order } from './order.js';
import { plan } from './plan.js';
import { query } from './query.js';
import { rdeps } from './rdeps.js';
import { readiness } from './readiness.js';
import { testcase } from './testcase.js';
import { why } from './why.js';

/** The registered commands. */
export const COMMANDS: CommandDefinition[] = [order, plan, buildroot, why, rdeps, query, readiness, testcase, cache];
