#!/usr/bin/python3
"""Native reference for `goose-deps readiness`: the same statuses, computed the plain way.

Run with /usr/bin/python3 (Debian's python3-solv 0.7.23):

  readiness.py --repo DIR --srcrepo DIR --built DIR --group-file FILE|--group-names a,b [--arch x86_64] [--procs N]

DIR is an rpm-md repository (repodata/repomd.xml) or a folder of .rpm files. For every source
package (the newest of each name):
  built        its name-version-release is the sourcerpm of a binary in --built;
  ready        group + BuildRequires (+ BuildConflicts as erase jobs) install from --built alone;
  blocked      they install from --repo: blockedBy = sources of the buildroot's binaries whose
               name no --built binary has (or, if none, whose name-evr none has);
  unresolvable they do not install even from --repo.
No shortcut is taken: every source that is not built is solved against the built repos, and
those that fail against upstream. Prints one JSON object {name: {status, blockedBy}} and, on
stderr, the seconds spent.
"""

import argparse
import glob
import json
import multiprocessing
import os
import sys
import time
import xml.etree.ElementTree as ET

import solv
from common import newest_sources

NS = {"repo": "http://linux.duke.edu/metadata/repo"}


def load(pool, name, path):
    repo = pool.add_repo(name)
    repomd = os.path.join(path, "repodata", "repomd.xml")
    if os.path.exists(repomd):
        hrefs = {}
        for data in ET.parse(repomd).getroot().findall("repo:data", NS):
            hrefs[data.get("type")] = data.find("repo:location", NS).get("href")
        f = solv.xfopen(os.path.join(path, hrefs["primary"]))
        repo.add_rpmmd(f, None, 0)
        f.close()
        if "filelists" in hrefs:
            f = solv.xfopen(os.path.join(path, hrefs["filelists"]))
            repo.add_rpmmd(f, None, solv.Repo.REPO_EXTEND_SOLVABLES)
            f.close()
    else:
        for rpm in sorted(glob.glob(os.path.join(path, "*.rpm"))):
            repo.add_rpm(rpm, solv.Repo.REPO_NO_INTERNALIZE)
        repo.internalize()
    return repo


def new_pool(arch):
    pool = solv.Pool()
    pool.setdisttype(solv.Pool.DISTTYPE_RPM)
    pool.setarch(arch)
    return pool


def finish(pool):
    pool.addfileprovides()
    pool.createwhatprovides()


def strip_srpm(s):
    for suffix in (".src.rpm", ".nosrc.rpm"):
        if s.endswith(suffix):
            return s[: -len(suffix)]
    return s


def evr_no_epoch(evr):
    return evr.split(":", 1)[1] if ":" in evr else evr


STATE = {}


def setup(args):
    up = new_pool(args.arch)
    ups = [load(up, "upstream%d" % i, p) for i, p in enumerate(args.repo)]
    srcs = [load(up, "source%d" % i, p) for i, p in enumerate(args.srcrepo)]
    finish(up)
    bp = new_pool(args.arch)
    blts = [load(bp, "built%d" % i, p) for i, p in enumerate(args.built)]
    for i, p in enumerate(args.srcrepo):
        load(bp, "source%d" % i, p)
    finish(bp)
    if args.group_file:
        group = [l.strip() for l in open(args.group_file) if l.strip() and not l.startswith("#")]
    else:
        group = [n for n in args.group_names.split(",") if n]
    newest = newest_sources(srcs)
    built_names, built_nevr, built_srpms = set(), set(), set()
    for r in blts:
        for s in r.solvables:
            built_names.add(s.name)
            built_nevr.add("%s-%s" % (s.name, s.evr))
            srpm = s.lookup_sourcepkg()
            if srpm:
                built_srpms.add(strip_srpm(srpm))
    STATE.update(up=up, ups=set(r.id for r in ups), bp=bp, group=group, newest=newest,
                 built_names=built_names, built_nevr=built_nevr, built_srpms=built_srpms)


def jobs_for(pool, src_solvable_deps, group):
    reqs, cons = src_solvable_deps
    jobs = [pool.Job(solv.Job.SOLVER_INSTALL | solv.Job.SOLVER_SOLVABLE_NAME, pool.str2id(n)) for n in group]
    for d in reqs:
        jobs.append(pool.Job(solv.Job.SOLVER_INSTALL | solv.Job.SOLVER_SOLVABLE_PROVIDES, dep_id(pool, d)))
    for d in cons:
        jobs.append(pool.Job(solv.Job.SOLVER_ERASE | solv.Job.SOLVER_SOLVABLE_PROVIDES, dep_id(pool, d)))
    return jobs


def dep_id(pool, text):
    """The id of a dependency written as text (rich dependencies too), like rpm's parser."""
    if text.startswith("("):
        return pool.parserpmrichdep(text).id
    parts = text.split(" ")
    if len(parts) == 3:
        flags = {"<": solv.REL_LT, "<=": solv.REL_LT | solv.REL_EQ, "=": solv.REL_EQ, ">=": solv.REL_GT | solv.REL_EQ, ">": solv.REL_GT}[parts[1]]
        return pool.Dep(parts[0]).Rel(flags, pool.Dep(parts[2])).id
    return pool.Dep(text).id


def solve(pool, jobs):
    solver = pool.Solver()
    solver.set_flag(solv.Solver.SOLVER_FLAG_IGNORE_RECOMMENDED, 1)
    problems = solver.solve(jobs)
    if problems:
        return None
    return [s for s in solver.transaction().newsolvables()]


def source_of(s):
    srpm = s.lookup_sourcepkg()
    return srpm.rsplit("-", 2)[0] if srpm else s.name


def classify(name):
    st = STATE
    s = st["newest"][name]
    if "%s-%s" % (name, evr_no_epoch(s.evr)) in st["built_srpms"]:
        return name, {"status": "built", "blockedBy": []}
    reqs = [str(d) for d in s.lookup_deparray(solv.SOLVABLE_REQUIRES) if not str(d).startswith("rpmlib(")]
    cons = [str(d) for d in s.lookup_deparray(solv.SOLVABLE_CONFLICTS)]
    if solve(st["bp"], jobs_for(st["bp"], (reqs, cons), st["group"])) is not None:
        return name, {"status": "ready", "blockedBy": []}
    inst = solve(st["up"], jobs_for(st["up"], (reqs, cons), st["group"]))
    if inst is None:
        return name, {"status": "unresolvable", "blockedBy": []}
    upstream = [b for b in inst if b.repo.id in st["ups"]]
    missing = [b for b in upstream if b.name not in st["built_names"]]
    if not missing:
        missing = [b for b in upstream if "%s-%s" % (b.name, b.evr) not in st["built_nevr"]]
    return name, {"status": "blocked", "blockedBy": sorted(set(source_of(b) for b in missing))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", action="append", required=True)
    ap.add_argument("--srcrepo", action="append", required=True)
    ap.add_argument("--built", action="append", required=True)
    ap.add_argument("--group-file")
    ap.add_argument("--group-names", default="")
    ap.add_argument("--arch", default="x86_64")
    ap.add_argument("--procs", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    setup(args)
    names = sorted(STATE["newest"])
    if args.procs > 1:
        with multiprocessing.get_context("fork").Pool(args.procs) as mp:
            out = dict(mp.imap_unordered(classify, names, chunksize=64))
    else:
        out = dict(classify(n) for n in names)
    json.dump({k: out[k] for k in sorted(out)}, sys.stdout, indent=0, sort_keys=True)
    sys.stdout.write("\n")
    sys.stderr.write("readiness.py: %d sources in %.1f s\n" % (len(names), time.perf_counter() - t0))


if __name__ == "__main__":
    main()
