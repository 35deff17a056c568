#!/usr/bin/python3
"""Native libsolv oracle for test/solv/differential.test.ts.

One process per test run: it reads one JSON request per line on stdin and writes one JSON reply
per line on stdout. It uses Debian's python3-solv (libsolv 0.7.23, the version wasm/ builds), with
the pool set up exactly as goose-deps' Pool does it (disttype rpm, the given arch, repos loaded in
the given order from the compressed files through solv.xfopen).

Requests:
  {"op": "load", "arch": "x86_64", "repos": [{"name": n, "files": [{"path": p, "flags": f}]}],
   "fileprovides": bool}
      -> {"count": live solvables}
  {"op": "solvables"}
      -> {"solvables": [[id, nevra, {key: [dep strings]}], ...]}  every solvable of every repo
  {"op": "solve", "jobs": [[[how, what], ...], ...]}
      what is a solvable id or {"name": s} (a plain string id, created if absent)
      -> {"results": [{"problems": [...], "steps": [[type, nevra], ...]}, ...]}
  {"op": "quit"}
"""
import json
import sys

import solv

T = solv.Transaction
STEP_NAMES = {
    T.SOLVER_TRANSACTION_INSTALL: 'install',
    T.SOLVER_TRANSACTION_ERASE: 'erase',
    T.SOLVER_TRANSACTION_REINSTALL: 'reinstall',
    T.SOLVER_TRANSACTION_DOWNGRADE: 'downgrade',
    T.SOLVER_TRANSACTION_UPGRADE: 'upgrade',
    T.SOLVER_TRANSACTION_OBSOLETES: 'obsoletes',
    T.SOLVER_TRANSACTION_MULTIINSTALL: 'multiinstall',
    T.SOLVER_TRANSACTION_CHANGE: 'change',
}
SHOW = T.SOLVER_TRANSACTION_SHOW_ACTIVE | T.SOLVER_TRANSACTION_SHOW_ALL
RULE_TYPEMASK = 0xff00  # SOLVER_RULE_TYPEMASK, not exported by python3-solv

# (label, key, marker): the same split the TS side asks for with Solvable.depIds(kind, part).
DEP_LISTS = [
    ('requires', solv.SOLVABLE_REQUIRES, -1),
    ('requires:pre', solv.SOLVABLE_REQUIRES, 1),
    ('provides', solv.SOLVABLE_PROVIDES, -1),
    ('provides:files', solv.SOLVABLE_PROVIDES, 1),
    ('conflicts', solv.SOLVABLE_CONFLICTS, -1),
    ('obsoletes', solv.SOLVABLE_OBSOLETES, -1),
    ('recommends', solv.SOLVABLE_RECOMMENDS, -1),
    ('suggests', solv.SOLVABLE_SUGGESTS, -1),
    ('supplements', solv.SOLVABLE_SUPPLEMENTS, -1),
    ('enhances', solv.SOLVABLE_ENHANCES, -1),
]

state = {'pool': None, 'solver': None}


def load(req):
    if state['solver'] is not None:
        state['solver'] = None
    pool = solv.Pool()
    pool.setdisttype(solv.Pool.DISTTYPE_RPM)
    pool.setarch(req['arch'])
    for r in req['repos']:
        repo = pool.add_repo(r['name'])
        for f in r['files']:
            fp = solv.xfopen(f['path'])
            if not fp:
                raise RuntimeError('cannot open ' + f['path'])
            if not repo.add_rpmmd(fp, None, f.get('flags', 0)):
                raise RuntimeError('%s: %s' % (f['path'], pool.errstr))
            fp.close()
    if req.get('fileprovides'):
        pool.addfileprovides()
    pool.createwhatprovides()
    state['pool'] = pool
    state['solver'] = pool.Solver()
    return {'count': sum(1 for _ in pool.solvables_iter())}


def solvables(_req):
    pool = state['pool']
    out = []
    for s in pool.solvables_iter():
        deps = {}
        for label, key, marker in DEP_LISTS:
            deps[label] = [pool.dep2str(d.id) for d in s.lookup_deparray(key, marker)]
        out.append([s.id, str(s), deps])
    return {'solvables': out}


def solvid(s):
    return s.id if s is not None else 0


def nevra(pool, p):
    return pool.solvid2str(p) if p else ''


def depstr(pool, d):
    return pool.dep2str(d) if d else ''


def info_tuple(pool, flat, info):
    if info.type & RULE_TYPEMASK == solv.Solver.SOLVER_RULE_JOB:
        # Job rules name the job, not packages: source is the job's index in the job queue,
        # target its `how` and dep its `what` (solver_ruleinfo). python3-solv hands source over
        # as a solvable, so read how and what from the job queue itself.
        jidx = solvid(info.solvable)
        how, what = flat[jidx], flat[jidx + 1]
        whatstr = nevra(pool, what) if how & solv.Job.SOLVER_SELECTMASK == solv.Job.SOLVER_SOLVABLE else depstr(pool, what)
        return [info.type, 'job %d' % jidx, 'how %d' % how, whatstr, info.problemstr()]
    src, tgt = solvid(info.solvable), solvid(info.othersolvable)
    return [info.type, nevra(pool, src), nevra(pool, tgt), depstr(pool, info.dep_id), info.problemstr()]


def solve(req):
    pool, solver = state['pool'], state['solver']
    results = []
    for spec in req['jobs']:
        jobs, flat = [], []
        for how, what in spec:
            if isinstance(what, dict):
                what = pool.str2id(what['name'])
            jobs.append(pool.Job(how, what))
            flat += [how, what]
        problems = solver.solve(jobs)
        probs = []
        for pr in problems:
            rules = []
            for rule in pr.findallproblemrules(1):
                rules.extend(info_tuple(pool, flat, i) for i in rule.allinfos())
            probs.append({'text': str(pr), 'primary': info_tuple(pool, flat, pr.findproblemrule().info()), 'rules': rules})
        trans = solver.transaction()
        trans.order()
        steps = [[STEP_NAMES.get(trans.steptype(s, SHOW), 'other'), str(s)] for s in trans.steps()]
        results.append({'problems': probs, 'steps': steps})
    return {'results': results}


OPS = {'load': load, 'solvables': solvables, 'solve': solve}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if req['op'] == 'quit':
            break
        try:
            reply = OPS[req['op']](req)
        except Exception as e:  # reported to the test, which fails with the message
            reply = {'error': '%s: %s' % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply, separators=(',', ':')))
        sys.stdout.write('\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
