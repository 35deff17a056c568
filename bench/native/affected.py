#!/usr/bin/python3
"""Native reference for `goose-deps order --affected-by` and `goose-deps rdeps`, computed the plain
way with python3-solv (libsolv 0.7.23), sharing nothing with goose-deps but the data.

usage: affected.py BINARY SOURCE GROUP_FILE NAME [PROCS]

Every source's buildroot (the newest source of each name) is solved as mock would (build group by
name, BuildRequires by provides, BuildConflicts erased, weak dependencies off; common.py), on
PROCS processes (default 2). Then, for the source NAME:
  affected level 1   the sources whose buildroot holds a binary built from NAME;
  affected level k+1 the sources whose buildroot holds a binary of a level-k source, unless every
                     such binary is in the build group's own buildroot and none satisfies one of
                     the source's BuildRequires (a need through the build group alone);
  install level 1    the binaries whose Requires one of NAME's binaries provides; level k+1 those
                     whose Requires a level-k binary provides (NAME's binaries left out).
Prints one JSON object: {"build": {source: level}, "install": {binary: level}, "unresolvable":
[sources whose buildroot does not solve], "seconds": {"load", "solve", "walk"}}.
"""
import json
import multiprocessing
import sys
import time

import solv
from common import buildroot_jobs, group_jobs, load_pool, newest_sources

STATE = {}


def source_name(s):
    """The source package name of binary `s` (its sourcerpm without version-release), or its own name."""
    srpm = s.lookup_sourcepkg()
    return srpm.rsplit('-', 2)[0] if srpm else s.name


def request_of(src):
    """What a buildroot solve of `src` depends on: its BuildRequires and BuildConflicts as ids."""
    reqs = tuple(sorted(d.id for d in src.lookup_deparray(solv.SOLVABLE_REQUIRES, 0) if not d.str().startswith('rpmlib(')))
    cons = tuple(sorted(d.id for d in src.lookup_deparray(solv.SOLVABLE_CONFLICTS, 0)))
    return reqs, cons


def solve_one(name):
    """(name, installed solvable ids, or None when the buildroot does not solve)."""
    pool, newest, gjobs = STATE['pool'], STATE['newest'], STATE['gjobs']
    solver = STATE.get('solver')
    if solver is None:
        solver = STATE['solver'] = pool.Solver()
        solver.set_flag(solv.Solver.SOLVER_FLAG_IGNORE_RECOMMENDED, 1)
    if solver.solve(buildroot_jobs(pool, newest[name], gjobs)):
        return name, None
    return name, [s.id for s in solver.transaction().newsolvables()]


def main():
    binary, source, group_file, seed = sys.argv[1:5]
    procs = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    t0 = time.time()
    pool, repos = load_pool(binary, source)
    _group, gjobs = group_jobs(pool, group_file)
    newest = newest_sources(repos['source'], ('src', 'nosrc'))
    STATE.update(pool=pool, newest=newest, gjobs=gjobs)
    t_load = time.time() - t0

    # One solve per distinct request; the build group's own buildroot too.
    t1 = time.time()
    by_request = {}
    for name in sorted(newest):
        by_request.setdefault(request_of(newest[name]), []).append(name)
    firsts = [names[0] for names in by_request.values()]
    with multiprocessing.get_context('fork').Pool(procs) as workers:
        solved = dict(workers.imap_unordered(solve_one, firsts, chunksize=64))
    roots = {}
    for names in by_request.values():
        for n in names:
            roots[n] = solved[names[0]]
    gsolver = pool.Solver()
    gsolver.set_flag(solv.Solver.SOLVER_FLAG_IGNORE_RECOMMENDED, 1)
    group_root = set() if gsolver.solve(list(gjobs)) else {s.id for s in gsolver.transaction().newsolvables()}
    t_solve = time.time() - t1

    t2 = time.time()
    src_of = {}
    for s in repos['binary'].solvables:
        src_of[s.id] = source_name(s)
    # needers[t][kind]: sources whose buildroot holds a binary of t; kind 'any' or 'followed' (not group-only).
    holders_any, holders_followed = {}, {}
    for name, root in roots.items():
        if root is None:
            continue
        src = newest[name]
        in_root = set(root)
        direct = set()
        for d in src.lookup_deparray(solv.SOLVABLE_REQUIRES, 0):
            if not d.str().startswith('rpmlib('):
                direct.update(p.id for p in pool.whatprovides(d) if p.id in in_root)
        by_t = {}
        for p in root:
            t = src_of.get(p)
            if t is None or t not in newest:
                continue
            by_t.setdefault(t, []).append(p)
        for t, ps in by_t.items():
            holders_any.setdefault(t, set()).add(name)
            if not all(p in group_root and p not in direct for p in ps):
                holders_followed.setdefault(t, set()).add(name)
    build = {}
    frontier = sorted(holders_any.get(seed, ()))
    for n in frontier:
        build[n] = 1
    level = 1
    while frontier:
        level += 1
        nxt = []
        for t in frontier:
            for n in sorted(holders_followed.get(t, ())):
                if n != t and n not in build:
                    build[n] = level
                    nxt.append(n)
        frontier = nxt

    # Install side: who requires each binary.
    required_by = {}
    binaries = list(repos['binary'].solvables)
    for s in binaries:
        for d in s.lookup_deparray(solv.SOLVABLE_REQUIRES, 0):  # pre-requires too (marker 0: all)
            for q in pool.whatprovides(d):
                if q.id != s.id:
                    required_by.setdefault(q.id, set()).add(s.id)
    targets = {s.id for s in binaries if src_of[s.id] == seed}
    seen = set(targets)
    install = {}
    frontier = sorted(targets)
    level = 0
    while frontier:
        level += 1
        nxt = []
        for q in frontier:
            for p in sorted(required_by.get(q, ())):
                if p not in seen:
                    seen.add(p)
                    nxt.append(p)
                    name = pool.solvables[p].name
                    install[name] = min(level, install.get(name, level))
        frontier = nxt
    t_walk = time.time() - t2
    json.dump({
        'build': dict(sorted(build.items())),
        'install': dict(sorted(install.items())),
        'unresolvable': sorted(n for n, r in roots.items() if r is None),
        'solves': len(firsts),
        'seconds': {'load': round(t_load, 2), 'solve': round(t_solve, 2), 'walk': round(t_walk, 2)},
    }, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
