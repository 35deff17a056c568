/** `goose-deps why A B`: why source A needs source B. */
import { whyNeedClasses, whyNeeds, whyReportText } from '../why/index.js';
import type { CliIo } from './io.js';
import { loadContext, storeOptions, withExample } from './context.js';
import { openStore } from '../buildroots/index.js';
import type { CommonArgs } from './args.js';
import { EXIT_NEGATIVE, EXIT_OK } from './exit.js';

/** Flags of the why command. */
export interface WhyArgs extends CommonArgs {
  /** The needing source. */
  a: string;
  /** The needed source. */
  b: string;
  /** Use the built-in example. */
  example: boolean;
  /** Install weak dependencies. */
  weak: boolean;
}

/** Prints the chain; exit 1 when A does not need B. */
export async function whyCommand(args: WhyArgs, io: CliIo): Promise<number> {
  const a = withExample(args);
  const ctx = await loadContext(a, { needSources: true, warn: io.stderr });
  const so = storeOptions(args, io.stderr);
  const store = so && (await openStore(ctx.pool, ctx.binaryRepos, ctx.group.names, args.weak, so));
  const r = whyNeeds(ctx.pool, ctx.binaryRepos, ctx.sourceRepos, ctx.group.names, args.a, args.b, { weak: args.weak, store });
  await store?.flush();
  // What each hop's needed binary puts into the result: content or tool (docs/plan.md).
  const needClasses = whyNeedClasses(ctx.pool, ctx.binaryRepos, r);
  io.stdout(args.json ? JSON.stringify({ ...r, needClasses }, null, 2) + '\n' : whyReportText(r, needClasses));
  return r.hops.length ? EXIT_OK : EXIT_NEGATIVE;
}
