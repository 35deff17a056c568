#!/usr/bin/python3
"""Independent native check of `goose-deps plan --json` with python3-solv (libsolv 0.7.23).

Reads the repositories itself and maps binaries to sources by their sourcerpm, not goose-deps'
tables. Each step's buildroot is solved as goose-deps and mock solve it: the plan's build group
installed by name, the source's BuildRequires by provides (rpmlib() ones skipped), its
BuildConflicts erased, weak dependencies off; a bootstrap-variant step solves the variant's
BuildRequires (from the bootstrap source repository). The plan changes where each binary comes
from, not what is installed, so a step's buildroot is that upstream solve, and a binary of
source S in a step of wave w is
  - plan      when S is already built (--built) or has a step in a wave before w,
  - upstream  when S has steps, none before w,
  - foreign   when S has no step (no source, or an unresolvable one).

Checks:
1. every step's buildroot installs, and the plan's unresolvable sources do not;
2. every source of the source repository is planned, built already, or unresolvable;
3. clean under --clean strict: the last build of every source took no upstream binary and is
   not a bootstrap variant;
4. every rebuild is needed: the build before a source's last one took an upstream binary (or
   was its bootstrap variant), so without the last one the plan is not clean;
5. each step's own account agrees: `bootstrap` is true exactly when its buildroot takes an
   upstream binary or it is a variant, and `upstream` names exactly the sources of those binaries.

usage: plan_check.py BINARY SOURCE PLAN_JSON [BOOTSTRAP_SOURCE]
  (repos: rpm-md folders or primary.xml(.gz) files)
Prints JSON: timings, counts, ok per check and the first failures of each.
"""
import json, sys, time
import solv
from common import buildroot_jobs, load_pool, newest_sources

J = solv.Job


def main():
    binary, source, plan_file = sys.argv[1:4]
    bootstrap = sys.argv[4] if len(sys.argv) > 4 else None
    t0 = time.time()
    pool, repos = load_pool(binary, source, [('bootstrap', bootstrap)] if bootstrap else [])
    plan = json.load(open(plan_file))
    t_load = time.time() - t0

    gjobs = [pool.Job(J.SOLVER_INSTALL | J.SOLVER_SOLVABLE_NAME, pool.str2id(n)) for n in plan['group']['packages']]
    normal = newest_sources(repos['source'])
    variants = newest_sources(repos['bootstrap']) if bootstrap else {}
    src_of = {}
    for s in repos['binary'].solvables:
        rpm = s.lookup_sourcepkg()
        src_of[s.id] = rpm.rsplit('-', 2)[0] if rpm else s.name

    solver = pool.Solver()
    solver.set_flag(solv.Solver.SOLVER_FLAG_IGNORE_RECOMMENDED, 1)
    solved = {}

    def buildroot(name, variant):
        key = (name, variant)
        if key not in solved:
            problems = solver.solve(buildroot_jobs(pool, (variants if variant else normal)[name], gjobs))
            solved[key] = (None, [str(p) for p in problems]) if problems else (solver.transaction().newsolvables(), [])
        return solved[key]

    t1 = time.time()
    steps = plan['steps']
    built = set(plan.get('built', []))
    earliest = {}
    for s in steps:
        earliest[s['source']] = min(earliest.get(s['source'], s['wave']), s['wave'])

    failures, unclean, unneeded, disagree = [], [], [], []
    took = {}  # (source, wave) -> sorted upstream source names
    for s in steps:
        installed, problems = buildroot(s['source'], s['variant'])
        if installed is None:
            failures.append({'source': s['source'], 'wave': s['wave'], 'problems': problems[:3]})
            continue
        upstream = set()
        for p in installed:
            owner = src_of.get(p.id)
            if owner in built or owner not in earliest:
                continue  # plan from the start, or foreign
            if earliest[owner] >= s['wave']:
                upstream.add(owner)
        took[(s['source'], s['wave'])] = sorted(upstream)
        claimed = sorted(u['source'] for u in s['upstream'])
        if claimed != sorted(upstream) or s['bootstrap'] != bool(upstream or s['variant']):
            disagree.append({'source': s['source'], 'wave': s['wave'], 'native': sorted(upstream)[:10], 'plan': claimed[:10], 'bootstrap': s['bootstrap']})

    by_source = {}
    for s in steps:
        by_source.setdefault(s['source'], []).append(s)
    checked = 0
    for name, mine in sorted(by_source.items()):
        mine.sort(key=lambda s: s['wave'])
        last = mine[-1]
        if last['variant'] or took.get((name, last['wave'])):
            unclean.append(name)
        if len(mine) > 1:
            checked += 1
            before = mine[-2]
            if not before['variant'] and not took.get((name, before['wave'])):
                unneeded.append(name)

    unresolvable = [u['name'] for u in plan['unresolvable']]
    solvable_unresolvable = [n for n in unresolvable if n in normal and buildroot(n, False)[0] is not None]
    planned = set(by_source)
    missing = sorted(n for n in normal if n not in planned and n not in built and n not in unresolvable)
    t_check = time.time() - t1

    json.dump({
        'load': t_load,
        'seconds': t_check,
        'steps': len(steps),
        'solves': len(solved),
        'sources': len(planned),
        'rebuilds': sum(1 for s in steps if s['pass'] > 1),
        'buildroots': {'ok': not failures and not solvable_unresolvable, 'failures': failures[:10], 'unresolvableThatInstall': solvable_unresolvable[:10]},
        'coverage': {'ok': not missing, 'missing': missing[:20]},
        'clean': {'ok': not unclean, 'unclean': unclean[:20], 'uncleanCount': len(unclean)},
        'needed': {'ok': not unneeded, 'checked': checked, 'unneeded': unneeded[:20], 'unneededCount': len(unneeded)},
        'agree': {'ok': not disagree, 'differ': disagree[:10], 'differCount': len(disagree)},
    }, sys.stdout, indent=1)


main()
