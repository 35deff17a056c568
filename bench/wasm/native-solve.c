/*
 * Bench case b's job loop in C, for a per-function native profile to set against the wasm one
 * (goose-deps, bench/README.md; not part of the build or of any test).
 *
 * Builds libsolv from the same unpacked sources as wasm/build.sh (run it once first), with the
 * same optimisation (clang -O3, LTO) and the same bundled qsort_r.c (no -DHAVE_QSORT_R), plus debug
 * info for perf. On the EPYC machine: 77 ms a loop, against 85 ms for python3-solv (glibc's qsort_r).
 *
 *   S=wasm/build/src/libsolv
 *   clang-14 -O3 -flto=thin -g -fno-strict-aliasing -Wno-everything -DNDEBUG -I$S/src -I$S/ext \
 *     -DLIBSOLV_INTERNAL=1 -DMULTI_SEMANTICS=1 -DENABLE_COMPLEX_DEPS=1 -DENABLE_RPMMD=1 \
 *     -DENABLE_ZLIB_COMPRESSION=1 -DHAVE_STRCHRNUL=1 -DHAVE_FOPENCOOKIE=1 -D_GNU_SOURCE \
 *     -D_FILE_OFFSET_BITS=64 -fuse-ld=lld $S/src/{bitmap,poolarch,poolvendor,poolid,strpool,dirpool,solver,\
 *     solverdebug,repo_solv,repo_write,evr,pool,queue,repo,repodata,repopage,util,policy,solvable,transaction,\
 *     order,rules,problems,linkedpkg,cplxdeps,chksum,md5,sha1,sha2,solvversion,selection,fileprovides,\
 *     diskusage,suse,solver_util,cleandeps,userinstalled,filelistfilter,decision}.c \
 *     $S/ext/{solv_xfopen,repo_rpmmd,repo_repomdxml,solv_xmlparser,pool_parserpmrichdep,repodata_diskusage}.c \
 *     bench/wasm/native-solve.c -o /tmp/native-solve -lexpat -lz
 *   perf record -o /tmp/n.perf /tmp/native-solve PRIMARY.xml.gz FILELISTS.xml.gz 40
 *   perf report -i /tmp/n.perf --no-children --sort symbol
 *
 * PRIMARY/FILELISTS: centos-stream-9/baseos-2022 in the shared data, as bench case b.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pool.h"
#include "repo.h"
#include "solver.h"
#include "solv_xfopen.h"
#include "repo_rpmmd.h"

static double
now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
  Pool *pool;
  Repo *repo;
  FILE *fp;
  Queue ids, job;
  Solver *solv;
  Id p;
  int r, i, reps;

  if (argc != 4)
    {
      fprintf(stderr, "usage: native-solve PRIMARY FILELISTS REPS\n");
      return 2;
    }
  pool = pool_create();
  pool_setdisttype(pool, DISTTYPE_RPM);
  pool_setarch(pool, "x86_64");
  repo = repo_create(pool, "baseos");
  fp = solv_xfopen(argv[1], 0);
  repo_add_rpmmd(repo, fp, 0, 0);
  fclose(fp);
  fp = solv_xfopen(argv[2], 0);
  repo_add_rpmmd(repo, fp, 0, REPO_EXTEND_SOLVABLES);
  fclose(fp);
  pool_addfileprovides(pool);
  pool_createwhatprovides(pool);

  /* the jobs of bench/wasm/worker.ts's solve case: install each x86_64 or noarch package */
  queue_init(&ids);
  FOR_POOL_SOLVABLES(p)
    {
      const char *arch = pool_id2str(pool, pool->solvables[p].arch);
      if (!strcmp(arch, "x86_64") || !strcmp(arch, "noarch"))
        queue_push(&ids, p);
    }
  solv = solver_create(pool);  /* one reused solver, as in the bench */
  queue_init(&job);
  reps = atoi(argv[3]);
  for (r = 0; r < reps; r++)
    {
      double t = now_ms();
      int problems = 0;
      for (i = 0; i < ids.count; i++)
        {
          queue_empty(&job);
          queue_push2(&job, SOLVER_INSTALL | SOLVER_SOLVABLE, ids.elements[i]);
          problems += solver_solve(solv, &job);
        }
      printf("%d jobs, %d problems, %.1f ms\n", ids.count, problems, now_ms() - t);
    }
  queue_free(&job);
  queue_free(&ids);
  solver_free(solv);
  pool_free(pool);
  return 0;
}
