/**
 * What if some sources were built (pure): their upstream binaries count as rebuilt, so a blocked
 * source whose every missing build is among them becomes ready. The same function answers
 * `readiness --assume-built` and the page's what-if button (the page embeds its source text, so it
 * stays self-contained: no imports, no helpers outside it).
 */

/** What {@link whatIfBuilt} reads of each package. */
export interface WhatIfPackage {
  /** Source name. */
  name: string;
  /** built, ready, blocked or unresolvable. */
  status: string;
  /** Blocked: the sources it waits for. */
  blockedBy: readonly string[];
}

/** What changes if the assumed sources were built. */
export interface WhatIf {
  /** The sources assumed built, sorted, de-duplicated (those of the report only). */
  assumed: string[];
  /** Names asked for that are no source of the report, sorted. */
  unknown: string[];
  /** Blocked sources that would become ready, sorted. */
  becomesReady: string[];
  /** Blocked sources that would still wait, with fewer blockers than today, sorted by name. */
  lessBlocked: { name: string; blockedBy: string[] }[];
}

/** Which blocked sources become ready if `assume` were built (self-contained: the page embeds it). */
export function whatIfBuilt(packages: readonly WhatIfPackage[], assume: readonly string[]): WhatIf {
  const byName = new Map<string, WhatIfPackage>();
  for (const p of packages) byName.set(p.name, p);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const assumed = [...new Set(assume)].filter((n) => byName.has(n)).sort(cmp);
  const unknown = [...new Set(assume)].filter((n) => !byName.has(n)).sort(cmp);
  const done = new Set(assumed);
  const becomesReady: string[] = [];
  const lessBlocked: { name: string; blockedBy: string[] }[] = [];
  for (const p of packages) {
    if (p.status !== 'blocked' || done.has(p.name) || !p.blockedBy.length) continue;
    const left = p.blockedBy.filter((b) => !done.has(b));
    if (!left.length) becomesReady.push(p.name);
    else if (left.length < p.blockedBy.length) lessBlocked.push({ name: p.name, blockedBy: left });
  }
  becomesReady.sort(cmp);
  lessBlocked.sort((a, b) => cmp(a.name, b.name));
  return { assumed, unknown, becomesReady, lessBlocked };
}
