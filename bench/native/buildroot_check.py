#!/usr/bin/python3
"""Independent native check of `goose-deps buildroot --json` with python3-solv (libsolv 0.7.23).

Reads the repositories itself and maps binaries to sources by their sourcerpm, not goose-deps'
tables. Same buildroot semantics: build group installed by name, BuildRequires installed by
provides (rpmlib() ones skipped), BuildConflicts erased, weak dependencies off (mock).

1. Self-hosting: with only the result's binaries considered (Pool.set_considered_list), the build
   group and every source's buildroot install; every binary's source is in the result.
2. Minimal: for each source s, with only the binaries of the other sources considered (all of
   their binaries in the repository, not only the result's), the group or some buildroot fails.
   Only the group and the buildroots whose check-1 solution used a binary of s need solving:
   every other solution stays inside the smaller set, so it still installs.
3. Naive sizes: the build group's install closure plus every BuildRequires of its sources
   installed in one transaction (BuildConflicts ignored), and "whole source packages": every
   binary of the result's level-0 sources.

usage: buildroot_check.py BINARY_PRIMARY SOURCE_PRIMARY GROUP_FILE RESULT_JSON
Prints JSON: timings, counts, and the first failures of each check.
"""
import json, sys, time
import solv
from common import buildroot_jobs, group_jobs, load_pool, newest_sources

J = solv.Job


def main():
    binary, source, group_file, result_file = sys.argv[1:5]
    t0 = time.time()
    pool, repos = load_pool(binary, source)
    result = json.load(open(result_file))
    t_load = time.time() - t0

    group, gjobs = group_jobs(pool, group_file)
    newest = newest_sources(repos['source'])

    def source_of(s):
        rpm = s.lookup_sourcepkg()
        return rpm.rsplit('-', 2)[0] if rpm else s.name

    by_nevra = {}
    binaries_of = {}
    src_of = {}
    for s in repos['binary'].solvables:
        by_nevra[(s.name, s.evr, s.arch)] = s.id
        src_of[s.id] = source_of(s)
        binaries_of.setdefault(src_of[s.id], []).append(s.id)

    def jobs_of(name):
        return buildroot_jobs(pool, newest[name], gjobs)

    state = {}

    def consider(ids):
        # A solver made before the considered map changed must not be reused (libsolv asserts).
        pool.set_considered_list(ids)
        pool.createwhatprovides()
        state['solver'] = pool.Solver()
        state['solver'].set_flag(solv.Solver.SOLVER_FLAG_IGNORE_RECOMMENDED, 1)

    def solve(jobs):
        solver = state['solver']
        problems = solver.solve(jobs)
        if problems:
            return None, [str(p) for p in problems]
        return set(p.id for p in solver.transaction().newsolvables()), []

    # 1. Self-hosting.
    t1 = time.time()
    sources = sorted(s['name'] for s in result['sources'])
    missing_bins = [b['name'] for b in result['binaries'] if (b['name'], b['evr'], b['arch']) not in by_nevra]
    B = [by_nevra[(b['name'], b['evr'], b['arch'])] for b in result['binaries'] if (b['name'], b['evr'], b['arch']) in by_nevra]
    S = set(sources)
    unknown = [s for s in sources if s not in newest]
    orphans = sorted(pool.solvables[p].name for p in B if src_of[p] not in S)
    consider(B)
    witness = {}
    failures = []
    gsol, gprob = solve(gjobs)
    if gsol is None:
        failures.append({'name': '(build group)', 'problems': gprob})
    else:
        witness[''] = gsol
    for name in sources:
        if name not in newest:
            continue
        sol, prob = solve(jobs_of(name))
        if sol is None:
            failures.append({'name': name, 'problems': prob})
        else:
            witness[name] = sol
    self_hosting = not failures and not unknown and not orphans and not missing_bins
    t_check1 = time.time() - t1

    # 2. Minimal.
    t2 = time.time()
    removable = []
    solves2 = 0
    if self_hosting:
        users = {}
        for owner, sol in witness.items():
            for p in sol:
                users.setdefault(p, set()).add(owner)
        for s in sources:
            mine = set(binaries_of.get(s, []))
            owners = set()
            for p in mine:
                owners |= users.get(p, set())
            owners.discard(s)
            if not owners:
                removable.append(s)
                continue
            universe = [p for t in sources if t != s for p in binaries_of.get(t, [])]
            consider(universe)
            broken = False
            for owner in sorted(owners):  # '' (the group) first
                solves2 += 1
                sol, _ = solve(gjobs if owner == '' else jobs_of(owner))
                if sol is None:
                    broken = True
                    break
            if not broken:
                removable.append(s)
    t_check2 = time.time() - t2

    # 3. Naive sizes.
    t3 = time.time()
    consider([s.id for s in repos['binary'].solvables])
    level0 = sorted(s['name'] for s in result['sources'] if s['level'] == 0)
    jobs = list(gjobs)
    for name in level0:
        for d in newest[name].lookup_deparray(solv.SOLVABLE_REQUIRES, 0):
            if not d.str().startswith('rpmlib('):
                jobs.append(pool.Job(J.SOLVER_INSTALL | J.SOLVER_SOLVABLE_PROVIDES, d.id))
    one_go, one_go_problems = solve(jobs)
    naive = {
        'level0Sources': len(level0),
        'oneGo': {'binaries': len(one_go), 'sources': len(set(src_of[p] for p in one_go))} if one_go is not None else {'problems': one_go_problems[:5]},
        'level0WholeSources': {'binaries': sum(len(binaries_of.get(s, [])) for s in level0)},
        'resultWholeSources': {'binaries': sum(len(binaries_of.get(s, [])) for s in sources)},
    }
    t_naive = time.time() - t3

    json.dump({
        'load': t_load,
        'selfHosting': {'ok': self_hosting, 'checked': len(witness) + len(failures), 'seconds': t_check1, 'failures': failures[:10],
                        'unknownSources': unknown, 'orphanBinaries': orphans[:10], 'missingBinaries': missing_bins[:10]},
        'minimal': {'ok': self_hosting and not removable, 'removable': removable[:20], 'removableCount': len(removable), 'solves': solves2, 'seconds': t_check2},
        'naive': naive,
        'naiveSeconds': t_naive,
        'sources': len(sources),
        'binaries': len(B),
    }, sys.stdout, indent=1)


main()
