/**
 * Buildroot readiness during a rebuild: for each source package, is it already built, can it be
 * submitted now (its buildroot installs from the built repos alone), is it blocked (its buildroot
 * needs upstream binaries that are not rebuilt yet: which, and from which sources) or is it
 * unresolvable even with upstream binaries (and why)?
 *
 * Two pools: one with the upstream binary repos (first) and the source repos, one with the built
 * repos (first); a solve service over each. One solve per distinct buildroot request:
 *   1. built: the source's name-version-release is the sourcerpm of some built binary (no solve);
 *   2. a BuildRequires or group package no built binary provides at all cannot be ready (no solve);
 *   3. otherwise solve against the built repos: success means ready;
 *   4. the others' upstream solve: success means blocked (the upstream buildroot's binaries the
 *      built repos lack, mapped to their sources), failure unresolvable.
 * 3 and 4 run at the same time, 4 for every request (in a rebuild nearly all need it), and each
 * upstream outcome is explained as it arrives, while the workers go on solving.
 * Then the build group on its own, and the blocked-by graph (blockers.ts, ranking.ts: built once).
 * With a kept result (kept.ts), a blocked or unresolvable package whose entry's inputs are
 * unchanged takes that entry instead of being explained. See docs/readiness.md.
 */
import { GooseError } from '../errors.js';
import { buildrootRequests, GROUP_REQUEST, newestSources, RequestSet, selectSources, SolveService, type BuildrootOutcome } from '../buildroots/index.js';
import { blockersAndRanking } from './ranking.js';
import { builtCanProvide, indexBuilt, sourceNvr, type BuiltIndex } from './built.js';
import { ReadinessExplainer } from './explain.js';
import { attachKept, entryCauses, KEPT_ENTRY, KeptReuse } from './kept.js';
import { patchBlockedCauses } from './kept-patch.js';
import type { Explanation } from '../explain/index.js';
import type { PackageReadiness, Readiness, ReadinessInput, ReadinessOptions, ReadinessStatus, ReadinessSummary } from './types.js';

/** What the steps share: the input, the target packages and their requests. */
interface ReadinessState {
  input: ReadinessInput;
  options: ReadinessOptions;
  weak: boolean;
  newest: Map<string, number>;
  built: BuiltIndex;
  /** Every target source, sorted by name; status `built`, or `ready` until settled. */
  pkgs: PackageReadiness[];
  /** The distinct requests of the packages not built. */
  requests: RequestSet;
  /** Each package's request, or -1 when built. */
  pkgRequest: Int32Array;
  /** With a kept result (options.kept): which entries it can give (kept.ts). */
  reuse?: KeptReuse;
  /** Unresolvable packages whose kept entries may serve, once the build group's explanations are known. */
  keptUnresolvable: number[];
  /** Blocked packages whose kept entries were patched (kept-patch.ts). */
  patched: number;
}

/** The two solve services: upstream (every request) and built (those worth trying there). */
interface Services {
  upstream: SolveService;
  built: SolveService;
}

/** Computes every target source's readiness. */
export async function computeReadiness(input: ReadinessInput, options: ReadinessOptions = {}): Promise<Readiness> {
  const t0 = performance.now();
  if (!input.sourceRepos.length) throw new GooseError('NO_SOURCES', 'no source repository given (use --srcrepo)');
  if (!input.builtRepos.length) throw new GooseError('USAGE', 'name at least one repository of rebuilt binaries with --built');
  const st = targets(input, options);
  if (options.kept) st.reuse = new KeptReuse(options.kept, st.pkgs.map((p) => p.name), (i) => st.pkgs[i].status === 'built', st.built, input.upstream, new Set(input.upstreamRepos.map((r) => r.id)));
  const toBuilt = worthTryingBuilt(st);
  const statusOf = new Map(st.pkgs.map((p) => [p.name, p.status] as const));
  const explainer = new ReadinessExplainer(input, st.built, st.newest, statusOf, { weak: st.weak, maxCauses: options.maxBlockerCauses ?? 5 });
  const services = await startServices(st, toBuilt);
  let group: Readiness['group'];
  let carried = 0;
  try {
    await settleStatuses(st, services, toBuilt, explainer);
    group = await groupReadiness(st, services, explainer);
    settleUnresolvable(st, group.explanations, explainer);
    keepOwnProblems(st.pkgs, group.explanations);
    carried = services.upstream.carried + services.built.carried;
  } finally {
    explainer.free();
    await Promise.all([services.upstream.close(), services.built.close()]);
  }
  // One blocked-by graph for root causes, cycles and the ranking.
  const { rootCauses, cycles, inCycle, ranking } = blockersAndRanking(st.pkgs);
  for (const p of st.pkgs) p.inCycle = inCycle.has(p.name);
  const requests = st.requests.requests.length;
  return {
    packages: st.pkgs,
    summary: summarise(st.pkgs),
    rootCauses,
    nextWave: st.pkgs.filter((p) => p.status === 'ready').map((p) => p.name),
    cycles,
    ranking,
    group,
    stats: { requests, rejectedWithoutSolve: requests - toBuilt.length, builtSolves: toBuilt.length, upstreamSolves: requests, seconds: (performance.now() - t0) / 1000, carried, kept: st.pkgs.filter((p) => KEPT_ENTRY in p).length, patched: st.patched },
    builtIndex: st.built,
  };
}

/** Step 1: the target sources (newest of each name), which are built, and one request per distinct request of the others. */
function targets(input: ReadinessInput, options: ReadinessOptions): ReadinessState {
  const U = input.upstream;
  const table = U.solvableTable();
  const newest = newestSources(U, input.sourceRepos, table);
  const built = indexBuilt(input.built, input.builtRepos);
  const names = selectSources(newest, options.only);
  // Every evr in one transfer, not one call per source.
  const evrs = U.id2strMany(names.map((name) => table.evr[newest.get(name)!]));
  const pkgs: PackageReadiness[] = names.map((name, k) => {
    const evr = evrs[k];
    const status: ReadinessStatus = built.sourceNvrs.has(sourceNvr(name, evr)) ? 'built' : 'ready';
    return { name, evr, status, blockedBy: [], missing: [], inCycle: false, explanations: [] };
  });
  const requests = new RequestSet();
  const pkgRequest = new Int32Array(pkgs.length).fill(-1);
  const unbuilt = pkgs.flatMap((pkg, i) => (pkg.status === 'built' ? [] : [i]));
  const asked = buildrootRequests(U, unbuilt.map((i) => newest.get(pkgs[i].name)!));
  unbuilt.forEach((i, k) => (pkgRequest[i] = requests.add(asked[k])));
  return { input, options, weak: options.weak ?? false, newest, built, pkgs, requests, pkgRequest, keptUnresolvable: [], patched: 0 };
}

/** Step 2: the requests worth solving against the built repos (the others need upstream binaries whatever the solver says). */
function worthTryingBuilt(st: ReadinessState): number[] {
  const canProvide = builtCanProvide(st.input, st.built);
  const toBuilt: number[] = [];
  st.requests.requests.forEach((req, r) => canProvide(req.requires) && toBuilt.push(r));
  return toBuilt;
}

/** The two services, each with workers cut to the requests it will solve (and the group's). */
async function startServices(st: ReadinessState, toBuilt: number[]): Promise<Services> {
  const { input, options, weak } = st;
  const all = st.requests.requests;
  const opts = { weak, workers: options.workers, store: options.store };
  const upstream = SolveService.start(input.upstream, input.upstreamRepos, input.group, { ...opts, universe: all });
  const built = SolveService.start(input.built, input.builtRepos, input.group, { ...opts, universe: toBuilt.map((r) => all[r]) });
  const [u, b] = await Promise.allSettled([upstream, built]);
  if (u.status === 'fulfilled' && b.status === 'fulfilled') return { upstream: u.value, built: b.value };
  if (u.status === 'fulfilled') await u.value.close();
  if (b.status === 'fulfilled') await b.value.close();
  throw (u.status === 'rejected' ? u : (b as PromiseRejectedResult)).reason;
}

/**
 * Steps 3 and 4 at once. Every request is solved against upstream from the start (in a rebuild
 * nearly all need it: here only those found ready do not), and the built repos are tried
 * meanwhile; each outcome is turned into a status and its explanation as it arrives, so this
 * thread works while the workers solve.
 */
async function settleStatuses(st: ReadinessState, services: Services, toBuilt: number[], explainer: ReadinessExplainer): Promise<void> {
  const requests = st.requests.requests;
  const onProgress = st.options.onProgress;
  // `kept`: the packages of the request take their kept entries (blocked), or may (unresolvable: see settleUnresolvable).
  type Settled = Pick<PackageReadiness, 'status' | 'blockedBy' | 'missing' | 'explanations'> & { kept?: true; patched?: true };
  const reuse = st.reuse;
  const maxCauses = st.options.maxBlockerCauses ?? 5;
  const pkgsOf = reuse ? packagesOfRequests(st) : [];
  const state = new Int8Array(requests.length).fill(2); // 0 unknown, 1 ready, 2 needs upstream
  for (const r of toBuilt) state[r] = 0;
  const perRequest = new Map<number, Settled>();
  const upstreamOutcome = new Map<number, BuildrootOutcome>();
  const settle = (r: number): void => {
    if (perRequest.has(r)) return;
    const out = upstreamOutcome.get(r);
    let res: Settled;
    if (state[r] === 1) res = { status: 'ready', blockedBy: [], missing: [], explanations: [] };
    else if (!out!.ok) {
      if (reuse && pkgsOf[r].every((i) => reuse.keptStatus(i) === 'unresolvable')) res = { status: 'unresolvable', blockedBy: [], missing: [], explanations: [], kept: true };
      else res = { status: 'unresolvable', blockedBy: [], missing: [], explanations: explainer.failure(requests[r]) };
    } else if (reuse && reuse.stableBuildroot(out!.installed) && pkgsOf[r].every((i) => reuse.blocked(i))) res = { status: 'blocked', blockedBy: [], missing: [], explanations: [], kept: true };
    else res = (reuse && patched(reuse, pkgsOf[r], out!.installed, explainer, maxCauses)) || { status: 'blocked', ...explainer.blockers(out!.installed, explainer.requireIds(requests[r])) };
    perRequest.set(r, res);
    upstreamOutcome.delete(r);
  };
  const upstreamRun = services.upstream.solve(requests, {
    onProgress: (d, t) => onProgress?.('upstream', d, t),
    onOutcome: (r, o) => {
      if (state[r] === 1) return;
      upstreamOutcome.set(r, o);
      if (state[r] === 2) settle(r);
    },
  });
  // Awaited below; this only keeps a failure while the built solves run from counting as unhandled.
  upstreamRun.catch(() => undefined);
  const bOut = await services.built.solve(
    toBuilt.map((r) => requests[r]),
    { onProgress: (d, t) => onProgress?.('built', d, t) },
  );
  toBuilt.forEach((r, k) => (state[r] = bOut[k].ok ? 1 : 2));
  await upstreamRun;
  st.pkgs.forEach((pkg, i) => {
    const r = st.pkgRequest[i];
    if (r < 0) return;
    settle(r);
    const { kept, patched: wasPatched, ...res } = perRequest.get(r)!;
    if (wasPatched) st.patched++;
    Object.assign(pkg, res, { blockedBy: [...res.blockedBy], missing: [...res.missing] });
    if (kept && res.status === 'blocked') {
      const k = reuse!.blocked(i)!;
      attachKept(pkg, k.entry, k.blockedBy);
    } else if (kept) st.keptUnresolvable.push(i);
  });
}

/**
 * A blocked request's readiness patched from a kept entry of one of its packages `pkgs`
 * (kept-patch.ts), when upstream buildroot `installed` lost no name in the built repos; undefined
 * when it must be explained again.
 */
function patched(reuse: KeptReuse, pkgs: readonly number[], installed: Int32Array, explainer: ReadinessExplainer, maxCauses: number): (Pick<PackageReadiness, 'status' | 'blockedBy' | 'missing' | 'explanations'> & { patched: true }) | undefined {
  // Every kept blocked entry of the request was explained from the same buildroot: one serves.
  const entry = pkgs.map((i) => reuse.keptBlocked(i)).find((e) => e);
  if (!entry || !reuse.noLostName(installed)) return undefined;
  const now = explainer.missingByName(installed);
  const explanations = patchBlockedCauses(entryCauses(entry), { ...now, flipped: (n) => reuse.flipped(n), maxCauses });
  return explanations && { status: 'blocked', ...now, explanations, patched: true };
}

/** The package indices of each request. */
function packagesOfRequests(st: ReadinessState): number[][] {
  const out: number[][] = st.requests.requests.map(() => []);
  st.pkgRequest.forEach((r, i) => r >= 0 && out[r].push(i));
  return out;
}

/** The build group on its own: does it install from the built repos; if not, what it waits for, or why it fails upstream. */
async function groupReadiness(st: ReadinessState, services: Services, explainer: ReadinessExplainer): Promise<Readiness['group']> {
  const [gB] = await services.built.solve([GROUP_REQUEST]);
  const group: Readiness['group'] = { names: [...st.input.group].sort(), ready: gB.ok, blockedBy: [], missing: [], explanations: [] };
  if (!gB.ok) {
    const [gU] = await services.upstream.solve([GROUP_REQUEST]);
    if (gU.ok) Object.assign(group, explainer.blockers(gU.installed, []));
    else group.explanations = distinctExplanations(explainer.failure(GROUP_REQUEST));
  }
  return group;
}

/**
 * The unresolvable packages settled without explanations because a kept entry may serve: it does
 * when the build group's explanations are those it was kept with; otherwise each is explained.
 */
function settleUnresolvable(st: ReadinessState, groupExplanations: readonly Explanation[], explainer: ReadinessExplainer): void {
  if (!st.reuse || !st.keptUnresolvable.length) return;
  st.reuse.setGroup(groupExplanations);
  const failures = new Map<number, Explanation[]>();
  for (const i of st.keptUnresolvable) {
    const entry = st.reuse.unresolvable(i);
    if (entry) {
      attachKept(st.pkgs[i], entry, []);
      continue;
    }
    const r = st.pkgRequest[i];
    if (!failures.has(r)) failures.set(r, explainer.failure(st.requests.requests[r]));
    st.pkgs[i].explanations = failures.get(r)!;
  }
}

/**
 * Leaves in each unresolvable package only its own problems, each once: every buildroot holds the
 * build group, so a group that fails upstream repeats its problems in every source (it is
 * reported once, as the group's explanations); and libsolv can give one problem more than once.
 */
function keepOwnProblems(pkgs: PackageReadiness[], groupExplanations: readonly Explanation[]): void {
  const groupKeys = new Set(groupExplanations.map(explanationKey));
  // A kept entry was rendered from explanations filtered so (with the same group's).
  for (const p of pkgs) if (p.status === 'unresolvable' && !(KEPT_ENTRY in p)) p.explanations = distinctExplanations(p.explanations, groupKeys);
}

const explanationKey = (e: Explanation) => JSON.stringify(e.causes);

/** `explanations` without repeats, in their order, and without those whose causes are in `leaveOut`. */
function distinctExplanations(explanations: readonly Explanation[], leaveOut: ReadonlySet<string> = new Set()): Explanation[] {
  const seen = new Set(leaveOut);
  return explanations.filter((e) => {
    const k = explanationKey(e);
    return !seen.has(k) && !!seen.add(k);
  });
}

/** Counts over the target. */
function summarise(pkgs: PackageReadiness[]): ReadinessSummary {
  const count = (s: ReadinessStatus) => pkgs.filter((p) => p.status === s).length;
  const total = pkgs.length;
  const pct = (n: number) => (total ? Math.round((1000 * n) / total) / 10 : 0);
  return {
    total,
    built: count('built'),
    ready: count('ready'),
    blocked: count('blocked'),
    unresolvable: count('unresolvable'),
    inCycle: pkgs.filter((p) => p.inCycle).length,
    percentBuilt: pct(count('built')),
    percentReady: pct(count('ready')),
  };
}
