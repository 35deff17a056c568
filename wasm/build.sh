#!/usr/bin/env bash
# Reproduces wasm/dist/libsolv.cjs and wasm/dist/libsolv.wasm byte for byte.
#
# Inputs, all pinned: the Debian source packages in sources.lock (fetched with `apt-get source`
# through a private apt configuration: the system's apt setup is never touched), Debian's
# emscripten 3.1.6~dfsg-5, and the flags below. Needs: apt-get install emscripten node-acorn
#
#   wasm/build.sh            build into wasm/dist
#   wasm/build.sh --check    build into a scratch folder and fail if the bytes differ from wasm/dist
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-build}
# A fixed work folder name, and every path mapped away (-ffile-prefix-map), so the bytes do not
# depend on where the checkout lives: CI clones into a different folder than a developer.
work=${GOOSE_WASM_WORK:-$here/build}
out=$here/dist
[ "$mode" = "--check" ] && out=$work/check-dist

emcc_want="3.1.6"
command -v emcc >/dev/null || { echo "wasm/build.sh: emcc not found: apt-get install emscripten node-acorn" >&2; exit 2; }
emcc_have=$(emcc --version | sed -n 's/^emcc .* \([0-9.]*\) .*/\1/p' | head -n1)
[ "$emcc_have" = "$emcc_want" ] || { echo "wasm/build.sh: need Debian's emscripten $emcc_want, found '$emcc_have'" >&2; exit 2; }
# emcc's JS optimizer (-O2 and up) needs acorn; Debian installs it here (package node-acorn).
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
# No timestamps or locale-dependent ordering anywhere.
export SOURCE_DATE_EPOCH=0 LC_ALL=C TZ=UTC

mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/dl" "$work/src" "$work/obj" "$out"

# 1. Fetch the Debian source packages with a private apt configuration.
cat > "$work/apt/sources.list" <<'EOF'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
EOF
apt_opts=(-o "Dir::Etc::SourceList=$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -o APT::Sandbox::User=root)

need_fetch=0
while read -r pkg ver tarball sum; do
  case "$pkg" in ''|'#'*) continue ;; esac
  [ -f "$work/dl/$tarball" ] && echo "$sum  $work/dl/$tarball" | sha256sum -c --quiet - 2>/dev/null || need_fetch=1
done < "$here/sources.lock"
if [ "$need_fetch" = 1 ]; then
  apt-get "${apt_opts[@]}" -q update >/dev/null
  while read -r pkg ver tarball sum; do
    case "$pkg" in ''|'#'*) continue ;; esac
    # The pinned version when the archive still has it; otherwise bookworm's current one, whose
    # upstream tarball is the same file (checked by sha256 below).
    (cd "$work/dl" && { apt-get "${apt_opts[@]}" -q source --download-only "$pkg=$ver" >/dev/null 2>&1 ||
                         apt-get "${apt_opts[@]}" -q source --download-only "$pkg/bookworm" >/dev/null; })
  done < "$here/sources.lock"
fi

# 2. Verify and unpack.
while read -r pkg ver tarball sum; do
  case "$pkg" in ''|'#'*) continue ;; esac
  echo "$sum  $work/dl/$tarball" | sha256sum -c --quiet - || { echo "wasm/build.sh: $tarball does not match sources.lock" >&2; exit 1; }
  rm -rf "$work/src/$pkg" && mkdir -p "$work/src/$pkg"
  tar -xf "$work/dl/$tarball" -C "$work/src/$pkg" --strip-components=1
done < "$here/sources.lock"

S=$work/src
cd "$work"

# A second change, to code layout only: a few functions that loop over every rule or solvable on
# each solve stay functions of their own (__attribute__((noinline)); the link step below also
# stops binaryen's inliner from folding them back in). Inlined, LLVM and binaryen merge them into
# solver_solve, one wasm function of tens of kilobytes, and V8's optimising compiler (TurboFan)
# makes slow code of those loops in it: in a named profile of bench case b solver_solve's own time
# was 39% of the solve, against 20% for the same code (makewatches, deduceq2addedmap inlined,
# solver_addinfarchrules apart) in a native clang -O3 -flto build of these sources. Measured on
# bench b (CPU time, medians, wasm / python3-solv, side by side at load average 8-10):
# 1.58x before, 1.42x with this. The parse cases do not call these functions.
sed_noinline() { # FILE FUNCTION...: put __attribute__((noinline)) before each definition
  local file=$1; shift
  for fn in "$@"; do
    perl -0pi -e "s/\n${fn}\(/\n__attribute__((noinline)) ${fn}(/ or die \"${fn}\\n\"" "$file" ||
      { echo "wasm/build.sh: $file has no definition of $fn" >&2; exit 1; }
  done
}
sed_noinline "$S/libsolv/src/solver.c" makewatches deduceq2addedmap
sed_noinline "$S/libsolv/src/rules.c" solver_addpkgrulesforweak solver_addinfarchrules solver_addchoicerules

# One change to libsolv's sources. Its bundled BSD qsort (src/qsort_r.c, used where the C library
# has no qsort_r) switches to insertion sort after a partition pass without swaps: fast on nearly
# sorted input (unifyrules in a reused solver meets that all the time) but quadratic on input made
# of a few sorted runs (repo_write's string sort for a repo loaded from several .solv parts, see
# src/repodata/primary-parts.ts, took 2 s instead of 0.2 s). We keep the switch but give up after
# 32 moves per element and quicksort that range instead. While the budget holds nothing changes;
# past it any correct sort gives the same result for a comparator that is a total order, and the
# native differential tests check the rest.
qs=$S/libsolv/src/qsort_r.c
perl -0pi -e '
  s{\tint swaptype, swap_cnt;\n}{\tint swaptype, swap_cnt;\n\tint noins = 0;\t/* goose-deps: see wasm/build.sh */\n} or die "declarations\n";
  s~\tif \(swap_cnt == 0\) \{  /\* Switch to insertion sort \*/\n(\t\tfor .*?pl -= es\))\n\t\t\t\tswap\(pl, pl - es\);\n~\tif (swap_cnt == 0 \&\& !noins) {  /* Switch to insertion sort (goose-deps: with a budget) */\n\t\tsize_t moves = 0;\n$1 {\n\t\t\t\tswap(pl, pl - es);\n\t\t\t\tif (++moves > 32 * n) { noins = 1; goto loop; }\n\t\t\t}\n~s or die "insertion sort\n";
' "$qs" || { echo "wasm/build.sh: qsort_r.c is not as expected" >&2; exit 1; }

# A third change, to code layout only: the two sorts every solve makes in policy.c
# (prune_to_best_version orders the candidates by name, sort_by_common_dep their provides by name
# and version) get their own copy of solv_sort with the comparator and the element size fixed, so
# the comparator is inlined instead of called through the function table (call_indirect) for
# every comparison. The copy is the qsort above, patches included (gd_sort_body.h is generated
# from qsort_r.c): the same algorithm makes the same comparisons and moves, so the order is the
# same; every other sort still calls solv_sort. Before, the sorts were about a fifth of a solve's
# time in a named profile of bench b, the comparators and strcmp half of that. Measured on bench b,
# this with wasm/libc.c's strcmp against the build before both: instructions per warm run of the
# 883 solves (callgrind of bench/wasm/worker.ts, the difference of 3 runs and 1 run, halved)
# 2.242 G -> 2.031 G (-9.4%; strcmp alone, on a build without -fno-strict-aliasing: -0.6%, CPU
# 0.95x); CPU time, medians of 21 warm runs in 7 alternating processes per build at load
# average 5: 0.85x (wasm / python3-solv 1.51x -> 1.28x).
perl -0p -e '
  s~\nvoid\nsolv_sort\(void \*a, size_t n, size_t es, cmp_t \*cmp, void \*thunk\)\n\{\n~\nstatic inline __attribute__((always_inline)) void\ngd_sort_body(void *a, size_t n, size_t es, cmp_t *cmp, void *thunk)\n{\n~ or die "solv_sort definition\n";
  s~\n\t\tsolv_sort\(a, r / es, es, cmp, thunk\);\n~\n\t\tGD_SORT_RECURSE(a, r / es, es, cmp, thunk);\n~ or die "recursion\n";
' "$qs" > "$S/libsolv/src/gd_sort_body.h" || { echo "wasm/build.sh: qsort_r.c is not as expected (sort copy)" >&2; exit 1; }
perl -0pi -e '
  s~\n  /\* no idea about the order, sort by id \*/\n  return a - b;\n\}\n~$&
/* goose-deps (wasm/build.sh): the two sorts of every solve, with comparator and size fixed */
static int sort_by_name_evr_sortcmp(const void *ap, const void *bp, void *dp);
static void gd_policy_sort(void *a, size_t n, size_t es, int (*cmp)(const void *, const void *, void *), void *thunk);
#define GD_SORT_RECURSE gd_policy_sort
#include "gd_sort_body.h"
static __attribute__((noinline)) void gd_sort_prune(void *a, size_t n, void *thunk) { gd_sort_body(a, n, sizeof(Id), prune_to_best_version_sortcmp, thunk); }
static __attribute__((noinline)) void gd_sort_nameevr(void *a, size_t n, void *thunk) { gd_sort_body(a, n, 3 * sizeof(Id), sort_by_name_evr_sortcmp, thunk); }
static void
gd_policy_sort(void *a, size_t n, size_t es, int (*cmp)(const void *, const void *, void *), void *thunk)
{
  if (cmp == prune_to_best_version_sortcmp && es == sizeof(Id))
    gd_sort_prune(a, n, thunk);
  else if (cmp == sort_by_name_evr_sortcmp && es == 3 * sizeof(Id))
    gd_sort_nameevr(a, n, thunk);
  else
    solv_sort(a, n, es, cmp, thunk);
}
#define solv_sort gd_policy_sort
~ or die "prune_to_best_version_sortcmp\n";
' "$S/libsolv/src/policy.c" || { echo "wasm/build.sh: policy.c is not as expected" >&2; exit 1; }

# A fourth change: a reused solver (one solver, many solves: the buildroot solves, bench b) keeps
# its pkg rules from solve to solve, so after a while most solves add none; two scans over all of
# them then compute what the last solve computed, and are skipped:
#   deduceq2addedmap rebuilds addedmap from every pkg rule (and enables the disabled ones). Its
#     answer depends only on the pkg rules and addedmap_deduceq, so it is kept and reused while
#     neither changed (addedmap2deduceq, called whenever pkg rules were added, drops it) and no pkg
#     rule was disabled (solver_disablerule, rules.h's one way to disable a rule, says so).
#   solver_addinfarchrules looks at every solvable in addedmap and its same-name providers. With
#     no installed repo its rules depend only on the pool and on addedmap: the rules it added are
#     kept with a copy of addedmap, and added again when addedmap is byte for byte the same (and
#     the pool's whatprovides, arch table, size and colour flag are the ones it saw). A scan that
#     added a rule with a whatprovides offset (lock-step with 2+ packages) is not kept.
# The rules and decisions are the same: bench b's decisions and rule counts, hashed over 4 loops of
# its 883 solves in a native build of these sources, match, and so do the 95 libsolv testcases.
# Measured on bench b (instructions of one warm loop of its 883 solves, callgrind, bench/README.md): 1.996 G
# -> 1.609 G (-19.4%); CPU time in alternating processes at load 5: 121 -> 101 ms (python3-solv 94).
perl -0pi -e '
  s~\n  Queue addedmap_deduceq;\t\t/\* deduce addedmap from pkg rules \*/\n~$&
  /* goose-deps (wasm/build.sh): what a reused solver keeps from its last solve */
  Map gd_deducedmap;\t\t/* deduceq2addedmap\x27s last answer */
  Id gd_deduced_end;\t\t/* ... for these pkg rules (pkgrules_end) */
  int gd_deduced_ok;\t\t/* ... still valid: no pkg rule (or deduceq) changed since */
  int gd_pkgrule_disabled;\t/* a pkg rule was disabled since (deduceq2addedmap enables them) */
  Map gd_infarch_in;\t\t/* solver_addinfarchrules\x27 last input ... */
  Queue gd_infarch_q;\t\t/* ... and the rules it added (p, p2 pairs) */
  int gd_infarch_ok;\t\t/* ... valid for the key below */
  int gd_infarch_nocache;\t/* the last scan added a rule with a whatprovides offset */
  Id *gd_infarch_wp;\t\t/* key: pool->whatprovides, id2arch, nsolvables, colors */
  void *gd_infarch_arch;
  int gd_infarch_nsolvables;
  int gd_infarch_colors;
~ or die "solver.h addedmap_deduceq\n";
' "$S/libsolv/src/solver.h" || { echo "wasm/build.sh: solver.h is not as expected (reuse)" >&2; exit 1; }
perl -0pi -e '
  s~\nstatic inline void\nsolver_disablerule\(struct s_Solver \*solv, Rule \*r\)\n\{\n  if \(r->d >= 0\)\n    r->d = -r->d - 1;\n\}\n~
/* goose-deps (wasm/build.sh): tells the solver, which keeps the pkg rules\x27 answer to deduceq2addedmap */
extern void gd_solver_ruledisabled(struct s_Solver *solv, Rule *r);

static inline void
solver_disablerule(struct s_Solver *solv, Rule *r)
{
  if (r->d >= 0)
    {
      r->d = -r->d - 1;
      gd_solver_ruledisabled(solv, r);
    }
}
~ or die "rules.h solver_disablerule\n";
' "$S/libsolv/src/rules.h" || { echo "wasm/build.sh: rules.h is not as expected (reuse)" >&2; exit 1; }
perl -0pi -e '
  s~\n  queue_init\(&solv->addedmap_deduceq\);\n~$&  queue_init(&solv->gd_infarch_q);\t/* goose-deps */\n~ or die "solver_create\n";
  s~\n  queue_free\(&solv->addedmap_deduceq\);\n~$&  map_free(&solv->gd_deducedmap);\t/* goose-deps */\n  map_free(&solv->gd_infarch_in);\n  queue_free(&solv->gd_infarch_q);\n~ or die "solver_free\n";
  s~\n  queue_empty\(&solv->addedmap_deduceq\);\n~$&  solv->gd_deduced_ok = 0;\t/* goose-deps: the pkg rules changed */\n~ or die "addedmap2deduceq\n";
  s~\nstatic void\n((?:__attribute__\(\(noinline\)\) )?deduceq2addedmap\(Solver \*solv, Map \*addedmap\)\n\{\n  int j;\n  Id p;\n  Rule \*r;\n)(.*?\n  for \(j = 0; j < solv->addedmap_deduceq.count; j\+\+\)\n    \{\n.*?\n    \}\n)\}\n~
/* goose-deps (wasm/build.sh): a pkg rule (or any rule while pkg rules are made) was disabled */
void
gd_solver_ruledisabled(Solver *solv, Rule *r)
{
  if (!solv->pkgrules_end || r - solv->rules < solv->pkgrules_end)
    solv->gd_pkgrule_disabled = 1;
}

static void
$1
  /* goose-deps (wasm/build.sh): the last answer, while no pkg rule changed or was disabled */
  if (solv->gd_deduced_ok && !solv->gd_pkgrule_disabled && solv->gd_deduced_end == solv->pkgrules_end
      && solv->gd_deducedmap.size == addedmap->size)
    {
      memcpy(addedmap->map, solv->gd_deducedmap.map, addedmap->size);
      return;
    }
$2  /* goose-deps: every pkg rule is enabled now; keep the answer */
  map_free(&solv->gd_deducedmap);
  map_init_clone(&solv->gd_deducedmap, addedmap);
  solv->gd_deduced_end = solv->pkgrules_end;
  solv->gd_deduced_ok = 1;
  solv->gd_pkgrule_disabled = 0;
}
~s or die "deduceq2addedmap\n";
' "$S/libsolv/src/solver.c" || { echo "wasm/build.sh: solver.c is not as expected (reuse)" >&2; exit 1; }
perl -0pi -e '
  s~\nvoid\n(?:__attribute__\(\(noinline\)\) )?solver_addinfarchrules\(Solver \*solv, Map \*addedmap\)\n\{\n(.*?\n  solv->infarchrules_end = solv->nrules;\n\}\n)~
/* goose-deps (wasm/build.sh): the scan below records the rules it adds, for the next solve */
static Rule *
gd_infarch_addrule(Solver *solv, Id p, Id p2, Id d)
{
  if (d)
    solv->gd_infarch_nocache = 1;
  else
    queue_push2(&solv->gd_infarch_q, p, p2);
  return solver_addrule(solv, p, p2, d);
}

#define solver_addrule gd_infarch_addrule
static __attribute__((noinline)) void
gd_infarch_scan(Solver *solv, Map *addedmap)
{
$1#undef solver_addrule

/* goose-deps (wasm/build.sh): with no installed repo the rules depend only on the pool and on
 * addedmap; a reused solver whose pkg rules did not grow meets the same addedmap again */
void
solver_addinfarchrules(Solver *solv, Map *addedmap)
{
  Pool *pool = solv->pool;
  int i;

  if (solv->gd_infarch_ok && !pool->installed && solv->gd_infarch_wp == pool->whatprovides
      && solv->gd_infarch_arch == (void *)pool->id2arch && solv->gd_infarch_nsolvables == pool->nsolvables
      && solv->gd_infarch_colors == pool->implicitobsoleteusescolors
      && solv->gd_infarch_in.size == addedmap->size && !memcmp(solv->gd_infarch_in.map, addedmap->map, addedmap->size))
    {
      solv->infarchrules = solv->nrules;
      for (i = 0; i < solv->gd_infarch_q.count; i += 2)
        solver_addrule(solv, solv->gd_infarch_q.elements[i], solv->gd_infarch_q.elements[i + 1], 0);
      solv->infarchrules_end = solv->nrules;
      return;
    }
  solv->gd_infarch_ok = 0;
  solv->gd_infarch_nocache = 0;
  queue_empty(&solv->gd_infarch_q);
  gd_infarch_scan(solv, addedmap);
  if (pool->installed || solv->gd_infarch_nocache)
    return;
  map_free(&solv->gd_infarch_in);
  map_init_clone(&solv->gd_infarch_in, addedmap);
  solv->gd_infarch_wp = pool->whatprovides;
  solv->gd_infarch_arch = (void *)pool->id2arch;
  solv->gd_infarch_nsolvables = pool->nsolvables;
  solv->gd_infarch_colors = pool->implicitobsoleteusescolors;
  solv->gd_infarch_ok = 1;
}
~s or die "solver_addinfarchrules\n";
' "$S/libsolv/src/rules.c" || { echo "wasm/build.sh: rules.c is not as expected (reuse)" >&2; exit 1; }

# Two more changes of the same kind, to solver.c: solver_solve's assertion index (the rules with one
# literal) scans every rule on each solve; the pkg rules' part of it is kept while they do not
# change (the same invalidation as deduceq2addedmap's). And makewatches keeps the watches pointer and
# the rule's two watched literals in locals: built without strict aliasing, the loop otherwise
# reloads solv->watches and r->w2 after each store.
# With the change above: 1.609 G -> 1.321 G instructions (-17.9%); CPU time of b in alternating
# processes at load 6-7: 178.9 ms before both, 114.1 ms after, python3-solv 146.0 ms (bench/RESULTS.md).
perl -0pi -e '
  s~\n  int gd_infarch_colors;\n~$&  int gd_assert_ok;\t\t/* gd_assert_q holds the pkg rules\x27 assertions ... */\n  Id gd_assert_end;\t\t/* ... for these pkg rules (pkgrules_end) */\n  Queue gd_assert_q;\n~ or die "solver.h gd fields\n";
' "$S/libsolv/src/solver.h" || { echo "wasm/build.sh: solver.h is not as expected (assertions)" >&2; exit 1; }
perl -0pi -e '
  s~\n  queue_init\(&solv->gd_infarch_q\);\t/\* goose-deps \*/\n~$&  queue_init(&solv->gd_assert_q);\n~ or die "solver_create\n";
  s~\n  queue_free\(&solv->gd_infarch_q\);\n~$&  queue_free(&solv->gd_assert_q);\n~ or die "solver_free\n";
  s~\n  solv->gd_deduced_ok = 0;\t/\* goose-deps: the pkg rules changed \*/\n~$&  solv->gd_assert_ok = 0;\n~ or die "addedmap2deduceq\n";
  s~\n  /\* create assertion index. it is only used to speed up\n   \* makeruledecsions\(\) a bit \*/\n  for \(i = 1, r = solv->rules \+ i; i < solv->nrules; i\+\+, r\+\+\)\n    if \(r->p && !r->w2 && \(r->d == 0 \|\| r->d == -1\)\)\n      queue_push\(&solv->ruleassertions, i\);\n~
  /* create assertion index. it is only used to speed up
   * makeruledecsions() a bit */
  /* goose-deps (wasm/build.sh): the pkg rules\x27 part as the last solve found it, while they did not change */
  if (!solv->gd_assert_ok || solv->gd_assert_end != solv->pkgrules_end)
    {
      queue_empty(&solv->gd_assert_q);
      for (i = 1, r = solv->rules + i; i < solv->pkgrules_end; i++, r++)
        if (r->p && !r->w2 && (r->d == 0 || r->d == -1))
          queue_push(&solv->gd_assert_q, i);
      solv->gd_assert_end = solv->pkgrules_end;
      solv->gd_assert_ok = 1;
    }
  queue_insertn(&solv->ruleassertions, solv->ruleassertions.count, solv->gd_assert_q.count, solv->gd_assert_q.elements);
  for (i = solv->pkgrules_end > 1 ? solv->pkgrules_end : 1, r = solv->rules + i; i < solv->nrules; i++, r++)
    if (r->p && !r->w2 && (r->d == 0 || r->d == -1))
      queue_push(&solv->ruleassertions, i);
~ or die "assertion index\n";
' "$S/libsolv/src/solver.c" || { echo "wasm/build.sh: solver.c is not as expected (assertions)" >&2; exit 1; }
perl -0pi -e '
  s~\n  for \(i = 1, r = solv->rules \+ solv->nrules - 1; i < solv->nrules; i\+\+, r--\)\n    \{\n      if \(!r->w2\)\t\t/\* assertions do not need watches \*/\n\tcontinue;\n\n      /\* see addwatches_rule\(solv, r\) \*/\n      r->n1 = solv->watches\[nsolvables \+ r->w1\];\n      solv->watches\[nsolvables \+ r->w1\] = r - solv->rules;\n\n      r->n2 = solv->watches\[nsolvables \+ r->w2\];\n      solv->watches\[nsolvables \+ r->w2\] = r - solv->rules;\n    \}\n~
  /* goose-deps (wasm/build.sh): the same loop with the watches pointer and the literals in locals */
  {
    Id *watches = solv->watches + nsolvables;
    Id rid = solv->nrules - 1;
    for (i = 1, r = solv->rules + rid; i < solv->nrules; i++, r--, rid--)
      {
        Id w1 = r->w1, w2 = r->w2;
        if (!w2)		/* assertions do not need watches */
	  continue;
        r->n1 = watches[w1];
        watches[w1] = rid;
        r->n2 = watches[w2];
        watches[w2] = rid;
      }
  }
~ or die "makewatches\n";
' "$S/libsolv/src/solver.c" || { echo "wasm/build.sh: solver.c is not as expected (makewatches)" >&2; exit 1; }

# goose-deps' lean rpm-md reader (wasm/leanxml.c, see there): expat's driver in solv_xmlparser.c
# is renamed (gd_expat_parse, gd_expat_lineno) and leanxml.c, appended to that file, defines
# solv_xmlparser_parse and solv_xmlparser_lineno, choosing expat or the lean reader. It calls the
# file's own static handlers, so both readers feed libsolv alike.
cp "$here/leanxml.c" "$S/libsolv/ext/gd_leanxml.c" && cp "$here/leanxml-lex.c" "$S/libsolv/ext/leanxml-lex.c"
perl -0pi -e '
  s/\nint\nsolv_xmlparser_parse\(/\nstatic int\ngd_expat_parse(/ or die "solv_xmlparser_parse\n";
  s/\nunsigned int\nsolv_xmlparser_lineno\(/\nstatic unsigned int\ngd_expat_lineno(/g or die "solv_xmlparser_lineno\n";
  s/\z/\n#include "gd_leanxml.c"\n/;
' "$S/libsolv/ext/solv_xmlparser.c" || { echo "wasm/build.sh: solv_xmlparser.c is not as expected" >&2; exit 1; }

# Growing arrays (solv_extend, util.c) get room for a quarter to a half more elements when they
# must grow, where libsolv gives a sixteenth to a thirty-second. Native libsolv can afford small
# steps: glibc's realloc extends a large block in place or remaps it. dlmalloc in this module moves
# a block that cannot grow in place, copying it whole (memory.copy); during the rpm-md parse the
# attribute string buffer (repodata_set_str), the string space, the dependency arrays and the rest
# grow side by side, so each step copied megabytes again (dlrealloc and its copies were a tenth of
# the parse). Only the capacity changes, never what is stored, so every repo, .solv file and
# solve is the same; pages of the extra room that are never written cost nothing. Measured on a
# cold `query --no-cache` of AppStream (instructions of the whole process, callgrind): -1.4%
# (bench/RESULTS.md, cold-load).
perl -0pi -e '
  s~\n          xblock = \(xblock >> 5\) - 1;\n~\n          xblock = (xblock >> 2) - 1;\t/* goose-deps: larger steps (wasm/build.sh) */\n~ or die "solv_extend_realloc\n";
' "$S/libsolv/src/util.c" || { echo "wasm/build.sh: util.c is not as expected" >&2; exit 1; }

# A change to code layout only, as the noinline above: the bodies of two loops of repo_add_solv
# (repo_solv.c) become functions, one call per string and one per RelDep of the .solv file, each
# merging it into the pool as the loop did. repo_add_solv is called once per .solv part, and V8
# moves a wasm function to optimised code only between calls, so its loops ran every part in
# Liftoff's baseline code; the RelDep merge of the second part of a large repo (a hash chain walk
# per RelDep, the longest loop of the load) was most of it. Named profile of a cold `query
# --no-cache` on AppStream (perf, 2000 Hz, main thread, 2 runs each): repo_add_solv 86-115 ms in
# Liftoff code before; after, 3-5 ms, and 45-52 ms for the RelDeps and 6-8 ms for the strings, all
# but a few ms optimised. The same steps in the same order: the same pool.
perl -0pi -e '
  s~\n(\t  name = read_id\(&data, i \+ numid\);.*?\n\t  idmap\[i \+ numid\] = MAKERELDEP\(id\);[^\n]*\n)~\n\t  idmap[i + numid] = gd_solv_read_rel(&data, pool, ran, hashtbl, hashmask, idmap, i + numid);\n~s or die "rels loop\n";
  s~\n\t  /\* find hash slot \*/\n\t  h = strhash\(sp\) & hashmask;\n.*?\n\t  sp \+= l;[^\n]*\n~\n\t  sp = gd_solv_merge_str(spool, hashtbl, hashmask, str, idmap + i, sp);\n~s or die "strings loop\n";
  s~\n\nint\nrepo_add_solv\(Repo \*repo, FILE \*fp, int flags\)\n~
/*
 * goose-deps (wasm/build.sh): the bodies of two loops of repo_add_solv, one call per string and
 * one per RelDep, so that V8 runs them in optimised code after the first few thousand calls.
 */
static __attribute__((noinline)) char *
gd_solv_merge_str(struct s_Stringpool *spool, Hashtable hashtbl, Hashval hashmask, Offset *str, Id *idmapp, char *sp)
{
  Hashval h = strhash(sp) & hashmask, hh = HASHCHAIN_START;
  Id id;
  int l;
  for (;;)
    {
      id = hashtbl[h];
      if (!id)
        break;
      if (!strcmp(spool->stringspace + spool->strings[id], sp))
        break;			/* already in pool */
      h = HASHCHAIN_NEXT(h, hh, hashmask);
    }
  l = strlen(sp) + 1;		/* length == offset to next string */
  if (!id)			/* end of hash chain -> new string */
    {
      id = spool->nstrings++;
      hashtbl[h] = id;
      str[id] = spool->sstrings;
      if (sp != spool->stringspace + spool->sstrings)
        memmove(spool->stringspace + spool->sstrings, sp, l);
      spool->sstrings += l;
    }
  *idmapp = id;
  return sp + l;
}

static __attribute__((noinline)) Id
gd_solv_read_rel(Repodata *data, Pool *pool, Reldep *ran, Hashtable hashtbl, Hashval hashmask, Id *idmap, Id max)
{
  Id name, evr, id;
  int relflags;
  Hashval h, hh = HASHCHAIN_START;
  name = read_id(data, max);	/* read (repo relative) Ids */
  evr = read_id(data, max);
  relflags = read_u8(data);
  name = idmap[name];		/* map to (pool relative) Ids */
  evr = idmap[evr];
  h = relhash(name, evr, relflags) & hashmask;
  for (;;)
    {
      id = hashtbl[h];
      if (!id)			/* end of hash chain reached */
        break;
      if (ran[id].name == name && ran[id].evr == evr && ran[id].flags == relflags)
        break;
      h = HASHCHAIN_NEXT(h, hh, hashmask);
    }
  if (!id)			/* new RelDep */
    {
      id = pool->nrels++;
      hashtbl[h] = id;
      ran[id].name = name;
      ran[id].evr = evr;
      ran[id].flags = relflags;
    }
  return MAKERELDEP(id);
}

int
repo_add_solv(Repo *repo, FILE *fp, int flags)
~ or die "repo_add_solv\n";
' "$S/libsolv/src/repo_solv.c" || { echo "wasm/build.sh: repo_solv.c is not as expected" >&2; exit 1; }

# 3. Compile. Release flags. Each figure is a variant's CPU time over this build's: medians of
# bench/run.ts's workers, variants side by side in alternating processes, 2026-12-03 at load
# average 2-3 on the shared 2-core machine (a second run at load 6-12 agreed, more noisily);
# b = bench case b (883 BaseOS solves), a-1t and d-cold-1t = the one-thread XML parses:
#   -O3            the solver's hot loops (rule propagation, whatprovides) need full optimisation:
#                  default flags run about 3-4x slower than native. -O2 measured the same within
#                  noise (b 1.01, d-cold-1t 1.02, a-1t 0.94), so the level chosen first stays
#   -flto          lets the linker inline across libsolv's files (pool_match_nevr, map ops, ...);
#                  without it b 1.00, a-1t 0.99, d-cold-1t 0.98: no measurable gain on this
#                  engine either way; kept because the shipped, tested bytes were built with it
#   -DNDEBUG       no assert(), which would also embed source paths
#   -ffile-prefix-map, -g0   no build paths or debug info in the bytes
#   -mbulk-memory  memcpy/memmove/memset as single wasm instructions (memory.copy/fill), which V8
#                  runs as native memmove; under LTO every variable-length copy in libsolv, expat
#                  and zlib becomes one. glue.c also replaces the C library's memcpy/memmove/memset,
#                  built without bulk memory, which call out to JavaScript (emscripten_memcpy_big)
#                  for 512 bytes and more. Without both (the C library's word loops): b 1.11,
#                  d-cold-1t 1.05, a-1t 1.03. With copies under 64 bytes as an inline loop and
#                  memory.copy only above (LTO code without bulk memory, the three functions in a
#                  separate object with it): b 1.00, d-cold-1t 1.03, a-1t 1.07. So this build is
#                  the fastest of the three on the parse as well as on solves: an earlier note that
#                  memory.copy made the parse 35% slower was not reproduced
#   -msign-ext     one instruction for each char/short sign extension instead of two shifts
#   (both are in every engine Node 20 ships with)
# Tried and left out (session 8, b, instructions as above and CPU time at load average 6-8):
# without -fno-strict-aliasing (libsolv's own build has none) -3.5% instructions but CPU 1.01 and
# 0.98 in two runs; solv_sort compiled once per element size (4, 8, 12, 16, 24), comparators still
# called through the table: -0.2% instructions, CPU 1.00. V8's --no-wasm-stack-checks (0.95) and
# --no-wasm-bounds-checks (0.96) are for testing only (a stack overflow or a stray write would
# crash the process or corrupt memory), so the library sets neither. unifyrules' sort of all
# rules (rules.c) with its comparator inlined as in the third change above: wall 0.99, CPU 1.01
# against that change alone (21 warm runs each, load 2.9).
# Tried and left out, all within noise: -msimd128 (b 1.01); a stable merge sort for solv_sort in
# place of the BSD quicksort (b 1.03); -sMALLOC=emmalloc (b 0.99, d-cold-1t 1.00, at load 9);
# wasm-opt -O4 or -O3 --converge after emcc (b 1.05 / 1.01 at load 10, a minute more of build).
# V8 flags (node FLAG, no rebuild; b CPU time against the build before the noinline, load 6): --wasm-inlining 0.97,
# --experimental-wasm-inlining with a 10x budget 1.00, --no-liftoff 1.00 once warm (it only moves
# the first, cold solve loop of a process): within noise, so src/native sets none.
# -sASSERTIONS=0 is already the default at -O3 (the same bytes). INITIAL_MEMORY stays: b and a-1t
# stay within its 64 MB, and d-cold-1t's growth to 77 MB costs nothing measurable.
CFLAGS=(-O3 -flto -mbulk-memory -msign-ext -DNDEBUG -g0 "-ffile-prefix-map=$work=." -fno-strict-aliasing -Wno-everything)

compile() { # compile OBJDIR SOURCE... with "${EXTRA[@]}"
  local objdir=$1; shift
  mkdir -p "obj/$objdir"
  printf '%s\n' "$@" | xargs -P "$(nproc)" -I{} sh -c 'src="$1"; shift; emcc "$@" -c "$src" -o "obj/'"$objdir"'/$(echo "$src" | tr / _ ).o"' _ {} "${CFLAGS[@]}" "${EXTRA[@]}"
}

rel() { (cd "$work" && for f in "$@"; do echo "${f#$work/}"; done); }

# zlib (gzip; libsolv always needs it)
# zlib: HAVE_UNISTD_H so lseek gets the C library's 64-bit prototype (configure would set it;
# without it gzlib.c declares its own 32-bit one and, under LTO, calls through it trap)
EXTRA=(-Isrc/zlib -DHAVE_UNISTD_H -DHAVE_STDARG_H)
compile zlib $(rel $S/zlib/{adler32,compress,crc32,deflate,gzclose,gzlib,gzread,gzwrite,infback,inffast,inflate,inftrees,trees,uncompr,zutil}.c)

# bzip2
EXTRA=(-Isrc/bzip2)
compile bzip2 $(rel $S/bzip2/{blocksort,huffman,crctable,randtable,compress,decompress,bzlib}.c)

# zstd: single-threaded, no x86 assembly
EXTRA=(-Isrc/libzstd/lib -Isrc/libzstd/lib/common -DZSTD_MULTITHREAD=0 -DZSTD_DISABLE_ASM=1 -DZSTD_LEGACY_SUPPORT=0)
compile zstd $(rel $S/libzstd/lib/common/*.c $S/libzstd/lib/compress/*.c $S/libzstd/lib/decompress/*.c)

# liblzma (xz): the file list and definitions of xz's CMakeLists.txt, without threads
EXTRA=(-Isrc/xz-utils/src/liblzma/api -Isrc/xz-utils/src/liblzma/common -Isrc/xz-utils/src/liblzma/check
  -Isrc/xz-utils/src/liblzma/lz -Isrc/xz-utils/src/liblzma/rangecoder -Isrc/xz-utils/src/liblzma/lzma
  -Isrc/xz-utils/src/liblzma/delta -Isrc/xz-utils/src/liblzma/simple -Isrc/xz-utils/src/common
  -DHAVE_CHECK_CRC32 -DHAVE_CHECK_CRC64 -DHAVE_CHECK_SHA256 -DHAVE_DECODERS -DHAVE_ENCODERS
  -DHAVE_DECODER_LZMA1 -DHAVE_DECODER_LZMA2 -DHAVE_DECODER_DELTA -DHAVE_DECODER_X86 -DHAVE_DECODER_ARM
  -DHAVE_DECODER_ARMTHUMB -DHAVE_DECODER_ARM64 -DHAVE_DECODER_IA64 -DHAVE_DECODER_POWERPC -DHAVE_DECODER_SPARC
  -DHAVE_ENCODER_LZMA1 -DHAVE_ENCODER_LZMA2 -DHAVE_ENCODER_DELTA -DHAVE_ENCODER_X86 -DHAVE_ENCODER_ARM
  -DHAVE_ENCODER_ARMTHUMB -DHAVE_ENCODER_ARM64 -DHAVE_ENCODER_IA64 -DHAVE_ENCODER_POWERPC -DHAVE_ENCODER_SPARC
  -DHAVE_MF_BT2 -DHAVE_MF_BT3 -DHAVE_MF_BT4 -DHAVE_MF_HC3 -DHAVE_MF_HC4 -DHAVE_LZIP_DECODER
  -DHAVE_STDBOOL_H -DHAVE__BOOL -DHAVE_STDINT_H -DHAVE_INTTYPES_H -DHAVE_VISIBILITY=0
  -DTUKLIB_SYMBOL_PREFIX=lzma_ -DTUKLIB_PHYSMEM_SYSCONF -DTUKLIB_CPUCORES_SYSCONF -DMYTHREAD_NONE)
L=$S/xz-utils/src/liblzma
compile lzma $(rel $S/xz-utils/src/common/tuklib_{cpucores,physmem}.c \
  $L/check/{check,crc32_fast,crc32_table,crc64_fast,crc64_table,sha256}.c \
  $L/common/{alone_decoder,alone_encoder,auto_decoder,block_buffer_decoder,block_buffer_encoder,block_decoder,block_encoder,block_header_decoder,block_header_encoder,block_util,common,easy_buffer_encoder,easy_decoder_memusage,easy_encoder,easy_encoder_memusage,easy_preset,file_info,filter_buffer_decoder,filter_buffer_encoder,filter_common,filter_decoder,filter_encoder,filter_flags_decoder,filter_flags_encoder,hardware_physmem,index,index_decoder,index_encoder,index_hash,lzip_decoder,stream_buffer_decoder,stream_buffer_encoder,stream_decoder,stream_encoder,stream_flags_common,stream_flags_decoder,stream_flags_encoder,string_conversion,vli_decoder,vli_encoder,vli_size}.c \
  $L/delta/{delta_common,delta_decoder,delta_encoder}.c $L/lz/{lz_decoder,lz_encoder,lz_encoder_mf}.c \
  $L/lzma/{fastpos_table,lzma2_decoder,lzma2_encoder,lzma_decoder,lzma_encoder,lzma_encoder_optimum_fast,lzma_encoder_optimum_normal,lzma_encoder_presets}.c \
  $L/rangecoder/price_table.c $L/simple/{arm,armthumb,arm64,ia64,powerpc,simple_coder,simple_decoder,simple_encoder,sparc,x86}.c)

# expat (libsolv's XML reader), configured by config/expat_config.h
cp "$here/config/expat_config.h" "$S/expat/expat/lib/expat_config.h"
EXTRA=(-Isrc/expat/expat/lib -DHAVE_EXPAT_CONFIG_H)
compile expat $(rel $S/expat/expat/lib/{xmlparse,xmlrole,xmltok}.c)

# libsolv: the semantics of Debian's build (rpm disttype selectable at run time, rich deps),
# with only the readers goose-deps uses (rpm-md, solv, testcase) and every compression.
sed -e 's/@LIBSOLV_MAJOR@/0/; s/@LIBSOLV_MINOR@/7/; s/@LIBSOLV_PATCH@/23/' \
    -e 's/@VERSION@/0.7.23/; s/@LIBSOLV_SOVERSION@/1/' \
    -e 's/#cmakedefine .*//' "$S/libsolv/src/solvversion.h.in" > "$S/libsolv/src/solvversion.h"
EXTRA=(-Isrc/libsolv/src -Isrc/libsolv/ext -Isrc/expat/expat/lib -Isrc/zlib -Isrc/bzip2 -Isrc/libzstd/lib
  -Isrc/xz-utils/src/liblzma/api -DLIBSOLV_INTERNAL=1 -DMULTI_SEMANTICS=1 -DENABLE_COMPLEX_DEPS=1
  -DENABLE_RPMMD=1 -DENABLE_ZLIB_COMPRESSION=1 -DENABLE_LZMA_COMPRESSION=1 -DENABLE_BZIP2_COMPRESSION=1
  -DENABLE_ZSTD_COMPRESSION=1 -DHAVE_STRCHRNUL=1 -DHAVE_FOPENCOOKIE=1 -D_FILE_OFFSET_BITS=64)
P=$S/libsolv
compile solv $(rel $P/src/{bitmap,poolarch,poolvendor,poolid,strpool,dirpool,solver,solverdebug,repo_solv,repo_write,evr,pool,queue,repo,repodata,repopage,util,policy,solvable,transaction,order,rules,problems,linkedpkg,cplxdeps,chksum,md5,sha1,sha2,solvversion,selection,fileprovides,diskusage,suse,solver_util,cleandeps,userinstalled,filelistfilter,decision}.c \
  $P/ext/{solv_xfopen,testcase,repo_testcase,repo_rpmmd,repo_repomdxml,solv_xmlparser,pool_parserpmrichdep,repodata_diskusage}.c)
# glue.c, and libc.c: C library functions of ours in place of emscripten's (strcmp; see there)
mkdir -p src/glue && cp "$here/glue.c" src/glue/glue.c && cp "$here/libc.c" src/glue/libc.c
compile glue src/glue/glue.c src/glue/libc.c

# 4. Link. Flags:
#   MODULARIZE + EXPORT_NAME   a factory, loaded once by src/native/module.ts
#   CommonJS output (.cjs)     -sEXPORT_ES6 breaks under Node with emscripten 3.1.6
#   NODERAWFS                  testcase files name their repos by relative path: read the host's files directly
#   ALLOW_MEMORY_GROWTH, MAXIMUM_MEMORY=4GB   whole distributions; out of memory becomes a typed error
#   NODEJS_CATCH_EXIT=0, NODEJS_CATCH_REJECTION=0   a library must not catch the host's exceptions
#   WASM_ASYNC_COMPILATION=0   3.1.6 would fetch() the .wasm on Node 18+; we pass wasmBinary anyway
#   ENVIRONMENT=node, FILESYSTEM   Node only (NODERAWFS needs the FS layer)
#   -Wl,--no-entry style: no main; INVOKE_RUN=0
#   BINARYEN_EXTRA_PASSES=--one-caller-inline-max-function-size=20   binaryen (wasm-opt -O3, run by
#                  emcc) inlines every function with one caller whatever its size, which would undo
#                  the noinline above; now only small ones. Alone, without the noinline: b 0.98
exports=$( (echo _malloc; echo _free; grep -v '^#' "$here/exports.txt" | sed 's/^/_/') | paste -sd, -)
emcc "${CFLAGS[@]}" obj/*/*.o -o "$out/libsolv.cjs" \
  -sMODULARIZE=1 -sEXPORT_NAME=createLibsolv -sENVIRONMENT=node -sNODERAWFS=1 \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sMAXIMUM_MEMORY=4GB \
  -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 -sWASM_ASYNC_COMPILATION=0 -sINVOKE_RUN=0 -sEXIT_RUNTIME=0 \
  -sBINARYEN_EXTRA_PASSES=--one-caller-inline-max-function-size=20 \
  -sEXPORTED_FUNCTIONS="$exports" -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8

if [ "$mode" = "--check" ]; then
  cmp "$out/libsolv.wasm" "$here/dist/libsolv.wasm" && cmp "$out/libsolv.cjs" "$here/dist/libsolv.cjs" ||
    { echo "wasm/build.sh --check: the rebuilt bytes differ from wasm/dist" >&2; exit 1; }
  echo "wasm/build.sh --check: identical ($(sha256sum "$out/libsolv.wasm" | cut -c1-16))"
else
  sha256sum "$out/libsolv.wasm" "$out/libsolv.cjs" | sed "s#$out/##" > "$out/SHA256SUMS"
  cat "$out/SHA256SUMS"
fi
