"""What the native (python3-solv) references share: a pool of the binary and source primaries,
loaded as goose-deps loads them, and the build group's install jobs."""
import solv


def load_pool(binary, source):
    """An x86_64 rpm pool with repos 'binary' and 'source' from their primary.xml(.gz) files,
    file provides added and the provides index built. Returns (pool, {name: repo})."""
    pool = solv.Pool()
    pool.setdisttype(solv.Pool.DISTTYPE_RPM)
    pool.setarch('x86_64')
    repos = {}
    for name, path in (('binary', binary), ('source', source)):
        repo = repos[name] = pool.add_repo(name)
        f = solv.xfopen(path)
        repo.add_rpmmd(f, None)
        f.close()
    pool.addfileprovides()
    pool.createwhatprovides()
    return pool, repos


def group_jobs(pool, group_file):
    """The group file's names (one a line, # comments) and a job installing each by name."""
    group = [l.strip() for l in open(group_file) if l.strip() and not l.startswith('#')]
    return group, [pool.Job(solv.Job.SOLVER_INSTALL | solv.Job.SOLVER_SOLVABLE_NAME, pool.str2id(n)) for n in group]
