/**
 * What `goose-deps why A B` prints, from a {@link WhyResult}: the sentences, then what each hop's
 * needed binary puts into the result (content or tool, docs/plan.md). The CLI and the readiness
 * page's in-browser answers both print through here, so their text is the same.
 */
import type { Pool, Repo } from '../solv/index.js';
import { classifyBinaries } from '../order/need-class.js';
import { isContentClass, NEED_CLASS_WORDS } from '../order/weights.js';
import { whyText, type WhyResult } from './why.js';

/** One hop's needed binary and its class. */
export interface WhyNeedClass {
  /** The needing source. */
  from: string;
  /** The needed source. */
  needs: string;
  /** The hop's last binary (a binary of `needs`). */
  binary: string;
  /** Its class in words (`a tool`, `a shared library`, ...). */
  class: string;
  /** True when it puts content into the result rather than running as a tool. */
  content: boolean;
}

/** The class of each hop's needed binary, read from the pool's binary repos. */
export function whyNeedClasses(pool: Pool, binaryRepos: readonly Repo[], r: WhyResult): WhyNeedClass[] {
  const last = r.hops.map((h) => h.chain[h.chain.length - 1].binary);
  const classes = classifyBinaries(pool, binaryRepos, last);
  return r.hops.map((h, i) => ({ from: h.from, needs: h.needs, binary: last[i], class: NEED_CLASS_WORDS[classes[i]], content: isContentClass(classes[i]) }));
}

/** `goose-deps why`'s text output: the sentences and the need classes line. */
export function whyReportText(r: WhyResult, needClasses: readonly WhyNeedClass[]): string {
  const classText = needClasses.map((c) => `${c.from} -> ${c.needs} through ${c.binary}, ${c.class} (${c.content ? 'content' : 'tool'})`).join('; ');
  return whyText(r) + (needClasses.length ? `Need classes: ${classText}.\n` : '');
}
