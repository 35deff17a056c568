#!/usr/bin/python3
"""The naive native reference for `goose-deps order`: resolve each source's buildroot with
python3-solv (libsolv 0.7.23), one solve at a time on one reused solver, as the issue describes.

Same semantics as goose-deps: build group installed by name, BuildRequires installed by provides,
BuildConflicts erased, weak dependencies off (mock). Prints JSON: timings and, per source, the
sorted source names its buildroot needs (or the problem count), so the two can be compared.

usage: order_naive.py BINARY_PRIMARY SOURCE_PRIMARY GROUP_FILE [LIMIT]
"""
import json, sys, time
import solv
from common import buildroot_jobs, group_jobs, load_pool, newest_sources

def main():
    binary, source, group_file = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    t0 = time.time()
    pool, repos = load_pool(binary, source)
    t_load = time.time() - t0
    group, gjobs = group_jobs(pool, group_file)
    newest = newest_sources(repos['source'], ('src',))
    names = sorted(newest)
    if limit:
        step = max(1, len(names) // limit)
        names = names[::step][:limit]
    solver = pool.Solver()
    solver.set_flag(solv.Solver.SOLVER_FLAG_IGNORE_RECOMMENDED, 1)
    out = {}
    t1 = time.time()
    for name in names:
        problems = solver.solve(buildroot_jobs(pool, newest[name], gjobs))
        if problems:
            out[name] = {'problems': len(problems)}
            continue
        needs = set()
        for p in solver.transaction().newsolvables():
            needs.add(p.lookup_sourcepkg().rsplit('-', 2)[0] if p.lookup_sourcepkg() else p.name)
        out[name] = {'needs': sorted(needs)}
    t_solve = time.time() - t1
    json.dump({'load': t_load, 'solve': t_solve, 'sources': len(names), 'results': out}, sys.stdout)

main()
