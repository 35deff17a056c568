"""What the native (python3-solv) references share: a pool of the binary and source primaries,
loaded as goose-deps loads them, and the build group's install jobs."""
import os
import xml.etree.ElementTree as ET

import solv


def primary_of(path):
    """The primary.xml(.gz) of an rpm-md folder (as its repodata/repomd.xml names it), or `path` itself."""
    if not os.path.isdir(path):
        return path
    repomd = ET.parse(os.path.join(path, 'repodata', 'repomd.xml')).getroot()
    ns = {'r': 'http://linux.duke.edu/metadata/repo'}
    for data in repomd.findall('r:data', ns):
        if data.get('type') == 'primary':
            return os.path.join(path, data.find('r:location', ns).get('href'))
    raise SystemExit(f'{path}: repomd.xml lists no primary')


def load_pool(binary, source, extra=()):
    """An x86_64 rpm pool with repos 'binary' and 'source' (and each (name, path) of `extra`)
    from their primary.xml(.gz) files or rpm-md folders, file provides added and the provides
    index built. Returns (pool, {name: repo})."""
    pool = solv.Pool()
    pool.setdisttype(solv.Pool.DISTTYPE_RPM)
    pool.setarch('x86_64')
    repos = {}
    for name, path in (('binary', binary), ('source', source), *extra):
        path = primary_of(path)
        repo = repos[name] = pool.add_repo(name)
        f = solv.xfopen(path)
        repo.add_rpmmd(f, None)
        f.close()
    pool.addfileprovides()
    pool.createwhatprovides()
    return pool, repos


def newest_sources(repos, arches=('src', 'nosrc')):
    """{name: solvable} of the newest source package of each name in `repos` (one repo or several)."""
    newest = {}
    for repo in ([repos] if hasattr(repos, 'solvables') else repos):
        for s in repo.solvables:
            if s.arch not in arches:
                continue
            prev = newest.get(s.name)
            if prev is None or s.evrcmp(prev) > 0:
                newest[s.name] = s
    return newest


def buildroot_jobs(pool, src, gjobs):
    """The jobs of a source's buildroot, as mock resolves it: the group's, each BuildRequires by
    provides (rpmlib() ones skipped), each BuildConflicts erased."""
    jobs = list(gjobs)
    for d in src.lookup_deparray(solv.SOLVABLE_REQUIRES, 0):
        if not d.str().startswith('rpmlib('):
            jobs.append(pool.Job(solv.Job.SOLVER_INSTALL | solv.Job.SOLVER_SOLVABLE_PROVIDES, d.id))
    for d in src.lookup_deparray(solv.SOLVABLE_CONFLICTS, 0):
        jobs.append(pool.Job(solv.Job.SOLVER_ERASE | solv.Job.SOLVER_SOLVABLE_PROVIDES, d.id))
    return jobs


def group_jobs(pool, group_file):
    """The group file's names (one a line, # comments) and a job installing each by name."""
    group = [l.strip() for l in open(group_file) if l.strip() and not l.startswith('#')]
    return group, [pool.Job(solv.Job.SOLVER_INSTALL | solv.Job.SOLVER_SOLVABLE_NAME, pool.str2id(n)) for n in group]
