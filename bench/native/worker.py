#!/usr/bin/python3
"""Native side of bench/run.ts: times Debian's python3-solv (libsolv 0.7.23) inside this process.

Usage: worker.py CASE ARGS... ; prints one JSON line: wall and CPU times in ms per repetition, the process's
RSS before the work (after `import solv`) and its high-water mark, both in KiB.
Python's start-up and `import solv` are outside every timed region except in `instantiate`,
which times exactly the import and a first Pool.
"""
import json
import resource
import sys
import time

t_import = time.perf_counter()
import solv  # noqa: E402

t_imported = time.perf_counter()


def rss_kib():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def new_pool():
    pool = solv.Pool()
    pool.setdisttype(solv.Pool.DISTTYPE_RPM)
    pool.setarch('x86_64')
    return pool


def add_rpmmd(repo, path, flags=0):
    fp = solv.xfopen(path)
    if not fp or not repo.add_rpmmd(fp, None, flags):
        raise RuntimeError('%s: %s' % (path, repo.pool.errstr))
    fp.close()


def case_instantiate(_args):
    solv.Pool().free()
    return {'times': [(time.perf_counter() - t_import) * 1000]}


def time_loads(reps, load):
    """Times `reps` loads, each into a fresh pool (creating and freeing it untimed): wall and CPU
    ms per load and the loaded repo's solvable count (as timeLoads in bench/wasm/worker.ts)."""
    times, cpu, count = [], [], 0
    for _ in range(reps):
        pool = new_pool()
        t, c = time.perf_counter(), time.process_time()
        repo = load(pool)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        count = repo.nsolvables
        pool.free()
    return {'times': times, 'cpu': cpu, 'count': count}


def case_parse(args):
    """Read + decompress + parse a primary.xml.gz, then createwhatprovides (when asked)."""
    path, reps, whatprovides = args[0], int(args[1]), args[2] == '1'

    def load(pool):
        repo = pool.add_repo('r')
        add_rpmmd(repo, path)
        if whatprovides:
            pool.createwhatprovides()
        return repo
    return time_loads(reps, load)


def case_solve(args):
    """Install job of every x86_64/noarch package, one reused solver; with transaction order when asked."""
    primary, filelists, reps, order = args[0], args[1], int(args[2]), args[3] == '1'
    pool = new_pool()
    repo = pool.add_repo('baseos')
    add_rpmmd(repo, primary)
    add_rpmmd(repo, filelists, solv.Repo.REPO_EXTEND_SOLVABLES)
    pool.addfileprovides()
    pool.createwhatprovides()
    ids = [s.id for s in pool.solvables_iter() if s.arch in ('x86_64', 'noarch')]
    solver = pool.Solver()
    how = solv.Job.SOLVER_INSTALL | solv.Job.SOLVER_SOLVABLE
    times, cpu, problems, steps = [], [], 0, 0
    for _ in range(reps):
        problems = steps = 0
        t, c = time.perf_counter(), time.process_time()
        for p in ids:
            problems += len(solver.solve([pool.Job(how, p)]))
            if order:
                trans = solver.transaction()
                trans.order()
                steps += len(trans.steps())
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {'times': times, 'cpu': cpu, 'jobs': len(ids), 'problems': problems, 'steps': steps}


def case_write_solv(args):
    path, out = args
    pool = new_pool()
    repo = pool.add_repo('r')
    add_rpmmd(repo, path)
    fp = solv.xfopen(out, 'w')
    repo.write(fp)
    fp.close()
    return {'times': [], 'count': repo.nsolvables}


def case_load_solv(args):
    path, reps = args[0], int(args[1])

    def load(pool):
        repo = pool.add_repo('r')
        fp = solv.xfopen(path)
        if not repo.add_solv(fp):
            raise RuntimeError(pool.errstr)
        fp.close()
        return repo
    return time_loads(reps, load)


CASES = {
    'instantiate': case_instantiate,
    'parse': case_parse,
    'solve': case_solve,
    'write-solv': case_write_solv,
    'load-solv': case_load_solv,
}

if __name__ == '__main__':
    base = rss_kib()
    out = CASES[sys.argv[1]](sys.argv[2:])
    out.update({'rssBaseKiB': base, 'rssPeakKiB': peak_kib(), 'importMs': (t_imported - t_import) * 1000})
    print(json.dumps(out))
