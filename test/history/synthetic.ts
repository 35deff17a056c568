/**
 * Synthetic readiness reports for the history tests: `size` packages whose statuses move on
 * day by day (a share of them built each day, blockers falling away), with sentences holding
 * commas, quotes, non-ASCII and control characters, so storing them exercises every path.
 */
import type { ReadinessStatus } from '../../src/readiness/index.js';
import type { ReadinessJson, ReadinessPackageJson } from '../../src/report/readiness-json.js';

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The report of day `day` of a distribution of `size` packages; `tag` makes the reports of two writers differ. */
export function syntheticReport(size: number, day: number, tag = ''): ReadinessJson {
  const name = (i: number) => `pkg-${String(i).padStart(5, '0')}${i % 17 === 0 ? '-é' : ''}`;
  const roll = (i: number) => hash(`${tag}:${i}`) % 100;
  const built = (i: number) => roll(i) < 20 + 3 * day;
  const packages = Array.from({ length: size }, (_, i): ReadinessPackageJson => {
    const n = name(i);
    const evr = `${1 + (i % 3)}.${day >= 5 && i % 11 === 0 ? 1 : 0}-1`;
    if (i % 97 === 5) return { name: n, evr, status: 'unresolvable', blockedBy: [], missing: [], inCycle: false, problems: [`${n} cannot be built, even with upstream binaries: it build-requires "lib\u0001${i}", which nothing provides.`], causes: [{ verdict: 'unresolvable', causes: [{ kind: 'build-requires-unprovided', dep: `lib\u0001${i}` }] }] };
    if (built(i)) return { name: n, evr, status: 'built', blockedBy: [], missing: [], inCycle: false, problems: [], causes: [] };
    const blockers = [1, 2, 3, 5, 8].slice(0, 1 + (roll(i) % 5)).map((k) => (i * 7 + k * 13) % size).filter((j) => j !== i && !built(j)).sort((a, b) => a - b);
    if (!blockers.length) return { name: n, evr, status: 'ready', blockedBy: [], missing: [], inCycle: false, problems: [], causes: [] };
    const blockedBy = [...new Set(blockers.map(name))].sort();
    return {
      name: n,
      evr,
      status: 'blocked',
      blockedBy,
      missing: blockedBy.map((b) => `${b}-libs`),
      inCycle: blockers.some((j) => (j * 7) % size < i),
      problems: blockedBy.map((b) => `${n} is blocked: it needs ${b}-libs (required by gcc, “quoted”), which only ${b}-libs provides, and ${b} is not built yet.`),
      causes: blockedBy.map((b) => ({ verdict: 'blocked' as const, causes: [{ kind: 'needs-unbuilt' as const, dep: `${b}-libs`, origin: { by: 'package' as const, pkg: 'gcc' }, providers: [`${b}-libs`], binary: `${b}-libs`, blocker: b, blockerState: 'not-built' as const }] })),
    };
  });
  const count = (s: ReadinessStatus) => packages.filter((p) => p.status === s).length;
  const pct = (n: number) => Math.round((n / size) * 1000) / 10;
  const blockers = new Map<string, number>();
  for (const p of packages) for (const b of p.blockedBy) blockers.set(b, (blockers.get(b) ?? 0) + 1);
  return {
    version: 1,
    summary: { total: size, built: count('built'), ready: count('ready'), blocked: count('blocked'), unresolvable: count('unresolvable'), inCycle: packages.filter((p) => p.inCycle).length, percentBuilt: pct(count('built')), percentReady: pct(count('ready')) },
    rootCauses: [...blockers].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20).map(([m, k]) => ({ members: [m], status: 'blocked' as const, blocks: k, blocksTransitively: k })),
    nextWave: packages.filter((p) => p.status === 'ready').map((p) => p.name),
    submitNext: [],
    ranking: [],
    cycles: [],
    group: { names: ['bash', 'gcc'], ready: true, blockedBy: [], missing: [], problems: [] },
    packages,
  };
}
