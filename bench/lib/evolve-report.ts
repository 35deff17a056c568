/**
 * One day of a rebuild, as a readiness report sees it (for bench/history.ts): `count` sources are
 * built (the ready ones first, then blocked ones picked by a hash of name and day), each blocked
 * package stops waiting for what was built (its blockers, its blocker sentences, and it becomes
 * ready when none is left), and a few built sources get a new upstream version (ready again).
 * Root causes, cycles, counts and the next wave are then computed again through the library
 * (analyseBlockers, problemSentences), so every day is a consistent report.
 */
import { analyseBlockers, type ReadinessStatus } from '../../src/readiness/index.js';
import { problemSentences, type ReadinessJson, type ReadinessPackageJson } from '../../src/report/readiness-json.js';
import { fnv1a } from './bookworm-built.js';

const pct = (n: number, total: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);

/** The report of the day after `prev` (a new object; `prev` is not changed). */
export function nextDay(prev: ReadinessJson, day: number, count: number, updates: number): ReadinessJson {
  const order = (a: ReadinessPackageJson, b: ReadinessPackageJson) => fnv1a(`${a.name}:${day}`) - fnv1a(`${b.name}:${day}`);
  const ready = prev.packages.filter((p) => p.status === 'ready');
  const blocked = prev.packages.filter((p) => p.status === 'blocked').sort(order);
  const builtToday = new Set([...ready, ...blocked].slice(0, count).map((p) => p.name));
  const updated = new Set(prev.packages.filter((p) => p.status === 'built' && !builtToday.has(p.name)).sort(order).slice(0, updates).map((p) => p.name));
  const packages = prev.packages.map((p): ReadinessPackageJson => {
    if (builtToday.has(p.name)) return { ...p, status: 'built', blockedBy: [], missing: [], inCycle: false, problems: [], causes: [] };
    if (updated.has(p.name)) return { ...p, evr: `${p.evr}.1`, status: 'ready' };
    if (p.status !== 'blocked' || !p.blockedBy.some((b) => builtToday.has(b))) return p;
    const blockedBy = p.blockedBy.filter((b) => !builtToday.has(b));
    if (!blockedBy.length) return { ...p, status: 'ready', blockedBy, missing: [], inCycle: false, problems: [], causes: [] };
    const causes = p.causes.filter((e) => !e.causes.every((c) => c.kind === 'needs-unbuilt' && builtToday.has(c.blocker)));
    return { ...p, blockedBy, causes, problems: problemSentences(p.name, causes) };
  });
  const statuses = new Map<string, ReadinessStatus>(packages.map((p) => [p.name, p.status]));
  const waits = new Map(packages.filter((p) => p.status === 'blocked').map((p) => [p.name, p.blockedBy] as const));
  const { rootCauses, cycles, inCycle } = analyseBlockers(statuses, waits);
  for (let i = 0; i < packages.length; i++) {
    const p = packages[i];
    const on = p.status === 'blocked' && inCycle.has(p.name);
    if (p.inCycle !== on) packages[i] = { ...p, inCycle: on };
  }
  const n = (s: ReadinessStatus) => packages.filter((p) => p.status === s).length;
  const total = packages.length;
  return {
    ...prev,
    summary: { total, built: n('built'), ready: n('ready'), blocked: n('blocked'), unresolvable: n('unresolvable'), inCycle: packages.filter((p) => p.inCycle).length, percentBuilt: pct(n('built'), total), percentReady: pct(n('ready'), total) },
    rootCauses,
    nextWave: packages.filter((p) => p.status === 'ready').map((p) => p.name),
    cycles,
    packages,
  };
}
