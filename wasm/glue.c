/*
 * goose-deps glue: our own C in the WebAssembly module, with libc.c (faster C library functions).
 *
 * libsolv's public API is mostly usable directly from JavaScript; this file exists for what is
 * not: static inline functions (which have no symbol to export), struct fields the TypeScript
 * side needs without knowing struct layouts, bulk transfers that replace thousands of calls with
 * one, and loops that belong next to the data (the testsolv driver).
 *
 * Every function here is listed in exports.txt, the single source of truth for what TypeScript
 * may call (test/native/exports.test.ts compares the two).
 *
 * Conventions: a function returning a Queue's contents takes a Queue* the caller owns; strings
 * returned as const char* live in libsolv's temporary string space (valid until the next call
 * that uses it) unless the comment says the caller must free them with gd_free.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

#include "pool.h"
#include "poolarch.h"
#include "repo.h"
#include "repodata.h"
#include "repo_solv.h"
#include "repo_write.h"
#include "solver.h"
#include "solverdebug.h"
#include "selection.h"
#include "transaction.h"
#include "problems.h"
#include "rules.h"
#include "evr.h"
#include "chksum.h"
#include "repo_rpmmd.h"
#include "solv_xfopen.h"
#include "testcase.h"
#include "pool_parserpmrichdep.h"

/* Section - Memory */

void *gd_malloc(size_t n) { return solv_malloc(n ? n : 1); }
void gd_free(void *p) { solv_free(p); }
/* Bytes currently allocated by malloc: the memory test's measure of leaks. */
int gd_heap_in_use(void) { struct mallinfo mi = mallinfo(); return mi.uordblks; }

/*
 * memcpy, memmove and memset as one wasm instruction each (memory.copy / memory.fill, compiled
 * so by -mbulk-memory). Emscripten's C library, built without bulk memory, copies 512 bytes and
 * more through a JavaScript import (emscripten_memcpy_big); these definitions replace the
 * library's, so libsolv's reads of .solv data and its queue and rule moves stay inside wasm.
 */
void *memcpy(void *restrict dst, const void *restrict src, size_t n) { __builtin_memcpy(dst, src, n); return dst; }
void *memmove(void *dst, const void *src, size_t n) { __builtin_memmove(dst, src, n); return dst; }
void *memset(void *dst, int c, size_t n) { __builtin_memset(dst, c, n); return dst; }

/* Section - Queue: the one list type that crosses the boundary */

Queue *gd_queue_create(void)
{
  Queue *q = solv_calloc(1, sizeof(Queue));
  queue_init(q);
  return q;
}
void gd_queue_free(Queue *q) { if (q) { queue_free(q); solv_free(q); } }
void gd_queue_empty(Queue *q) { queue_empty(q); }
int gd_queue_count(Queue *q) { return q->count; }
Id *gd_queue_elements(Queue *q) { return q->elements; }
void gd_queue_push(Queue *q, Id id) { queue_push(q, id); }
void gd_queue_push2(Queue *q, Id a, Id b) { queue_push2(q, a, b); }
/* Append n ids from a buffer in one call. */
void gd_queue_push_many(Queue *q, const Id *ids, int n) { int i; for (i = 0; i < n; i++) queue_push(q, ids[i]); }

/* Section - Messages */

/*
 * libsolv prints debug and error lines to stdout/stderr, which would end up in a command's
 * output. Every pool we create sends them here instead; TypeScript takes them as data.
 */
static char *gd_msgs;
static size_t gd_msgs_len;

static void gd_debug_cb(Pool *pool, void *data, int type, const char *str)
{
  size_t l = strlen(str);
  if (gd_msgs_len + l > (1 << 20))	/* keep at most 1 MB of messages */
    return;
  gd_msgs = solv_realloc(gd_msgs, gd_msgs_len + l + 1);
  memcpy(gd_msgs + gd_msgs_len, str, l + 1);
  gd_msgs_len += l;
}

/* The messages collected since the last call (caller frees), or 0 when there are none. */
char *gd_take_messages(void)
{
  char *m = gd_msgs;
  gd_msgs = 0;
  gd_msgs_len = 0;
  return m;
}

/* Section - Decompression */

/*
 * A stdio reader that decompresses a buffer on the fly (gzip, incl. multi-member; xz; zstd;
 * bzip2). libsolv's own solv_xfopen decompresses only from file descriptors; we get buffers
 * from TypeScript, so large inputs cross the boundary once and never exist uncompressed in full.
 */
#include <zlib.h>
#include <lzma.h>
#include <zstd.h>
#include <bzlib.h>

enum { GD_PLAIN, GD_GZIP, GD_XZ, GD_ZSTD, GD_BZIP2 };

struct gd_dec {
  int kind;
  const unsigned char *in;
  size_t inlen, inpos;
  unsigned long long total, max;
  int eof;
  int err;			/* 1 corrupt or truncated, 2 larger than max */
  z_stream z;
  lzma_stream lz;
  ZSTD_DStream *zs;
  size_t zret;
  bz_stream bz;
};

static int gd_dec_kind(const unsigned char *b, size_t n)
{
  if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) return GD_GZIP;
  if (n >= 6 && !memcmp(b, "\3757zXZ\0", 6)) return GD_XZ;
  if (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) return GD_ZSTD;
  if (n >= 3 && !memcmp(b, "BZh", 3)) return GD_BZIP2;
  return GD_PLAIN;
}

static ssize_t gd_dec_step(struct gd_dec *d, char *buf, size_t size)
{
  size_t avail_in = d->inlen - d->inpos;
  const unsigned char *next_in = d->in + d->inpos;
  switch (d->kind)
    {
    case GD_PLAIN:
      if (size > avail_in)
	size = avail_in;
      memcpy(buf, next_in, size);
      d->inpos += size;
      if (d->inpos == d->inlen)
	d->eof = 1;
      return size;
    case GD_GZIP:
      {
	int r;
	d->z.next_in = (unsigned char *)next_in;
	d->z.avail_in = avail_in;
	d->z.next_out = (unsigned char *)buf;
	d->z.avail_out = size;
	r = inflate(&d->z, Z_NO_FLUSH);
	d->inpos = d->inlen - d->z.avail_in;
	if (r == Z_STREAM_END)
	  {
	    /* gzip allows several members back to back; trailing zero padding ends the data */
	    while (d->inpos < d->inlen && d->in[d->inpos] == 0)
	      d->inpos++;
	    if (d->inpos < d->inlen)
	      inflateReset(&d->z);
	    else
	      d->eof = 1;
	  }
	else if (r != Z_OK && !(r == Z_BUF_ERROR && d->z.avail_in))
	  d->err = 1;
	else if (!d->z.avail_in && d->z.avail_out == size)
	  d->err = 1;		/* input used up before the end of the stream: truncated */
	return size - d->z.avail_out;
      }
    case GD_XZ:
      {
	lzma_ret r;
	d->lz.next_in = next_in;
	d->lz.avail_in = avail_in;
	d->lz.next_out = (uint8_t *)buf;
	d->lz.avail_out = size;
	r = lzma_code(&d->lz, LZMA_FINISH);
	d->inpos = d->inlen - d->lz.avail_in;
	if (r == LZMA_STREAM_END)
	  d->eof = 1;
	else if (r != LZMA_OK)
	  d->err = 1;
	return size - d->lz.avail_out;
      }
    case GD_ZSTD:
      {
	ZSTD_inBuffer zin = { next_in, avail_in, 0 };
	ZSTD_outBuffer zout = { buf, size, 0 };
	size_t r = ZSTD_decompressStream(d->zs, &zout, &zin);
	d->inpos += zin.pos;
	if (ZSTD_isError(r))
	  d->err = 1;
	else if (d->inpos == d->inlen && zout.pos < size)
	  {
	    if (r == 0)
	      d->eof = 1;
	    else if (zout.pos == 0)
	      d->err = 1;	/* truncated frame */
	  }
	return zout.pos;
      }
    case GD_BZIP2:
      {
	int r;
	d->bz.next_in = (char *)next_in;
	d->bz.avail_in = avail_in;
	d->bz.next_out = buf;
	d->bz.avail_out = size;
	r = BZ2_bzDecompress(&d->bz);
	d->inpos = d->inlen - d->bz.avail_in;
	if (r == BZ_STREAM_END)
	  {
	    BZ2_bzDecompressEnd(&d->bz);
	    if (d->inpos < d->inlen)	/* another stream follows (pbzip2 writes several) */
	      {
		memset(&d->bz, 0, sizeof(d->bz));
		if (BZ2_bzDecompressInit(&d->bz, 0, 0) != BZ_OK)
		  d->err = 1;
	      }
	    else
	      {
		d->eof = 1;
		d->kind = GD_PLAIN;	/* already ended: nothing to free */
	      }
	  }
	else if (r != BZ_OK)
	  d->err = 1;
	else if (!d->bz.avail_in && d->bz.avail_out == size)
	  d->err = 1;
	return size - d->bz.avail_out;
      }
    }
  return -1;
}

static ssize_t gd_dec_read(void *cookie, char *buf, size_t size)
{
  struct gd_dec *d = cookie;
  ssize_t n = 0;
  while (n == 0 && !d->eof && !d->err)
    n = gd_dec_step(d, buf, size);
  if (d->err)
    return -1;
  d->total += n;
  if (d->total > d->max)
    {
      d->err = 2;
      return -1;
    }
  return n;
}

static int gd_dec_close(void *cookie)
{
  struct gd_dec *d = cookie;
  if (d->kind == GD_GZIP)
    inflateEnd(&d->z);
  else if (d->kind == GD_XZ)
    lzma_end(&d->lz);
  else if (d->kind == GD_ZSTD)
    ZSTD_freeDStream(d->zs);
  else if (d->kind == GD_BZIP2)
    BZ2_bzDecompressEnd(&d->bz);
  return 0;
}

static int gd_dec_init(struct gd_dec *d, const char *buf, size_t len, unsigned long long max)
{
  memset(d, 0, sizeof(*d));
  d->in = (const unsigned char *)buf;
  d->inlen = len;
  d->max = max;
  d->kind = gd_dec_kind(d->in, len);
  if (!len)
    d->eof = 1;
  switch (d->kind)
    {
    case GD_GZIP:
      return inflateInit2(&d->z, 15 + 16) == Z_OK;
    case GD_XZ:
      return lzma_auto_decoder(&d->lz, UINT64_MAX, 0) == LZMA_OK;
    case GD_ZSTD:
      d->zs = ZSTD_createDStream();
      return d->zs && !ZSTD_isError(ZSTD_initDStream(d->zs));
    case GD_BZIP2:
      return BZ2_bzDecompressInit(&d->bz, 0, 0) == BZ_OK;
    }
  return 1;
}

static FILE *gd_dec_open(struct gd_dec *d)
{
  cookie_io_functions_t io = { gd_dec_read, 0, 0, gd_dec_close };
  return fopencookie(d, "r", io);
}

/*
 * Decompress a whole buffer (format detected from its bytes). Returns a buffer the caller frees,
 * or 0 with *statusp 1 (corrupt or truncated) or 2 (output would exceed maxout).
 */
char *gd_decompress(const char *buf, int len, int maxout, int *lenp, int *statusp)
{
  struct gd_dec d;
  char *out = 0;
  size_t cap = 0, n = 0, r;
  FILE *fp;
  *statusp = 0;
  if (!gd_dec_init(&d, buf, len, (unsigned long long)maxout) || !(fp = gd_dec_open(&d)))
    {
      *statusp = 1;
      return 0;
    }
  for (;;)
    {
      if (cap - n < 65536)
	{
	  cap = cap ? cap * 2 : 262144;
	  out = solv_realloc(out, cap);
	}
      r = fread(out + n, 1, cap - n, fp);
      if (r == 0)
	break;
      n += r;
    }
  fclose(fp);
  if (d.err)
    {
      *statusp = d.err;
      solv_free(out);
      return 0;
    }
  *lenp = (int)n;
  return out;
}

/* Section - Pool */

Pool *gd_pool_create(void)
{
  Pool *pool = pool_create();
  pool_setdisttype(pool, DISTTYPE_RPM);
  pool_setdebugcallback(pool, gd_debug_cb, 0);
  pool_setdebugmask(pool, SOLV_ERROR | SOLV_FATAL | SOLV_WARN);
  return pool;
}
void gd_pool_free(Pool *pool)
{
  if (pool->considered)
    {
      map_free(pool->considered);
      pool->considered = solv_free(pool->considered);
    }
  pool_free(pool);
}
int gd_pool_setdisttype(Pool *pool, int t) { return pool_setdisttype(pool, t); }
void gd_pool_setarch(Pool *pool, const char *arch) { pool_setarch(pool, arch); }
int gd_pool_set_flag(Pool *pool, int flag, int value) { return pool_set_flag(pool, flag, value); }
int gd_pool_get_flag(Pool *pool, int flag) { return pool_get_flag(pool, flag); }
Id gd_pool_str2id(Pool *pool, const char *s, int create) { return pool_str2id(pool, s, create); }
const char *gd_pool_id2str(Pool *pool, Id id) { return pool_id2str(pool, id); }
const char *gd_pool_dep2str(Pool *pool, Id id) { return pool_dep2str(pool, id); }

/*
 * The strings of ids[0..n) in one buffer, each followed by a NUL (an id without a string gives
 * an empty one), its length in *len; the caller frees it with gd_free. One call instead of n.
 */
char *gd_pool_id2str_many(Pool *pool, const Id *ids, int n, int *len)
{
  size_t total = 0, off = 0;
  int i;
  char *out;
  for (i = 0; i < n; i++)
    {
      const char *str = pool_id2str(pool, ids[i]);
      total += (str ? strlen(str) : 0) + 1;
    }
  out = solv_malloc(total ? total : 1);
  for (i = 0; i < n; i++)
    {
      const char *str = pool_id2str(pool, ids[i]);
      size_t l = str ? strlen(str) : 0;
      if (l)
	memcpy(out + off, str, l);
      out[off + l] = 0;
      off += l + 1;
    }
  *len = (int)total;
  return out;
}

/*
 * A file dependency (its text starts with '/') among the requires, conflicts, recommends and
 * supplements of the pool's live solvables that nothing provides, or 0 when every one has a
 * provider: whether loading filelists can change anything (dnf loads them then). Needs
 * whatprovides; dependencies are tested once each.
 */
Id gd_pool_unprovided_filedep(Pool *pool)
{
  static const Id keys[] = { SOLVABLE_REQUIRES, SOLVABLE_CONFLICTS, SOLVABLE_RECOMMENDS, SOLVABLE_SUPPLEMENTS };
  Map seen;
  Queue q;
  Id p, found = 0;
  int k, i;
  map_init(&seen, pool->ss.nstrings + pool->nrels);
  queue_init(&q);
  for (p = 2; p < pool->nsolvables && !found; p++)
    {
      Solvable *s = pool->solvables + p;
      if (!s->repo)
	continue;
      for (k = 0; k < 4 && !found; k++)
	{
	  solvable_lookup_deparray(s, keys[k], &q, 0);
	  for (i = 0; i < q.count; i++)
	    {
	      Id d = q.elements[i], slot;
	      if (d == SOLVABLE_PREREQMARKER || d == SOLVABLE_FILEMARKER)
		continue;
	      slot = ISRELDEP(d) ? pool->ss.nstrings + GETRELID(d) : d;
	      if (slot < 0 || slot >= pool->ss.nstrings + pool->nrels || MAPTST(&seen, slot))
		continue;
	      MAPSET(&seen, slot);
	      if (*pool_dep2str(pool, d) == '/' && !pool->whatprovidesdata[pool_whatprovides(pool, d)])
		{
		  found = d;
		  break;
		}
	    }
	}
    }
  queue_free(&q);
  map_free(&seen);
  return found;
}
Id gd_pool_rel2id(Pool *pool, Id name, Id evr, int flags, int create) { return pool_rel2id(pool, name, evr, flags, create); }
/*
 * Parses a dependency as rpm writes it: "name >= evr", or a rich dependency "(a or b)" with
 * rpm's own parser (testcase_str2dep knows only the testcase spelling of rich dependencies).
 */
Id gd_pool_str2dep(Pool *pool, const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '(')
    return pool_parserpmrichdep(pool, s);
  return testcase_str2dep(pool, s);
}
int gd_pool_nsolvables(Pool *pool) { return pool->nsolvables; }
int gd_pool_nrepos(Pool *pool) { return pool->nrepos; }
void gd_pool_addfileprovides(Pool *pool) { pool_addfileprovides(pool); }
void gd_pool_createwhatprovides(Pool *pool) { pool_createwhatprovides(pool); }
void gd_pool_set_installed(Pool *pool, Repo *repo) { pool_set_installed(pool, repo); }
/*
 * Restrict the solver to the solvables not listed (n ids), as dnf does for packages of
 * non-default module streams and excludes; n = -1 clears the restriction.
 */
void gd_pool_set_excluded(Pool *pool, const Id *ids, int n)
{
  int i;
  if (n < 0)
    {
      if (pool->considered)
	{
	  map_free(pool->considered);
	  pool->considered = solv_free(pool->considered);
	}
      return;
    }
  if (!pool->considered)
    {
      pool->considered = solv_calloc(1, sizeof(Map));
      map_init(pool->considered, pool->nsolvables);
      map_setall(pool->considered);
    }
  else
    map_grow(pool->considered, pool->nsolvables);
  for (i = 0; i < n; i++)
    if (ids[i] > 0 && ids[i] < pool->nsolvables)
      MAPCLR(pool->considered, ids[i]);
}
const char *gd_pool_errstr(Pool *pool) { return pool_errstr(pool); }
int gd_pool_evrcmp(Pool *pool, Id a, Id b, int mode) { return pool_evrcmp(pool, a, b, mode); }
int gd_pool_evrcmp_str(Pool *pool, const char *a, const char *b, int mode) { return pool_evrcmp_str(pool, a, b, mode); }
int gd_pool_match_dep(Pool *pool, Id d1, Id d2) { return pool_match_dep(pool, d1, d2); }
void gd_pool_setdebuglevel(Pool *pool, int level) { pool_setdebuglevel(pool, level); }

/* pool_whatprovides is static inline: wrap it, copying the providers into q. */
void gd_pool_whatprovides(Pool *pool, Id dep, Queue *q)
{
  Id p, pp;
  queue_empty(q);
  FOR_PROVIDES(p, pp, dep)
    queue_push(q, p);
}

/*
 * Bulk view of solvables [from, to): for each, 5 ints: repo id (0 when the slot is free),
 * name, evr, arch, vendor. One call instead of five per package.
 */
void gd_pool_solvables(Pool *pool, int from, int to, Id *out)
{
  int p;
  for (p = from; p < to; p++, out += 5)
    {
      Solvable *s = pool->solvables + p;
      out[0] = s->repo ? s->repo->repoid : 0;
      out[1] = s->name;
      out[2] = s->evr;
      out[3] = s->arch;
      out[4] = s->vendor;
    }
}

/*
 * Map each solvable to its source package name id (SOLVABLE_SOURCENAME, which libsolv leaves
 * empty when it equals the binary's own name) in one call: out[p - from].
 */
void gd_pool_sourcenames(Pool *pool, int from, int to, Id *out)
{
  int p;
  for (p = from; p < to; p++)
    {
      Solvable *s = pool->solvables + p;
      Id n = 0;
      if (s->repo)
	{
	  n = solvable_lookup_id(s, SOLVABLE_SOURCENAME);
	  if (!n && solvable_lookup_type(s, SOLVABLE_SOURCENAME))
	    n = s->name;		/* stored as "same as name" */
	}
      out[p - from] = n;
    }
}

/* Section - Repo */

Repo *gd_repo_create(Pool *pool, const char *name) { return repo_create(pool, name); }
void gd_repo_free(Repo *repo, int reuseids) { repo_free(repo, reuseids); }
int gd_repo_id(Repo *repo) { return repo->repoid; }
const char *gd_repo_name(Repo *repo) { return repo->name; }
int gd_repo_start(Repo *repo) { return repo->start; }
int gd_repo_end(Repo *repo) { return repo->end; }
int gd_repo_nsolvables(Repo *repo) { return repo->nsolvables; }
void gd_repo_set_priority(Repo *repo, int priority, int subpriority) { repo->priority = priority; repo->subpriority = subpriority; }
void gd_repo_internalize(Repo *repo) { repo_internalize(repo); }
Repo *gd_pool_repo(Pool *pool, int repoid) { return repoid > 0 && repoid < pool->nrepos ? pool->repos[repoid] : 0; }

/*
 * Read rpm-md XML (primary, filelists, other) from a buffer, plain or compressed (detected from
 * the bytes). Returns 0, or -1 (malformed XML), -2 (decompressed size over maxout: a bomb) or -3
 * (corrupt or truncated compression) with the reason in pool_errstr.
 */
int gd_repo_add_rpmmd(Repo *repo, const char *buf, int len, int maxout, int flags)
{
  struct gd_dec d;
  FILE *fp;
  int r;
  if (!gd_dec_init(&d, buf, len, (unsigned long long)maxout) || !(fp = gd_dec_open(&d)))
    return pool_error(repo->pool, -1, "cannot start decompression");
  r = repo_add_rpmmd(repo, fp, 0, flags);
  fclose(fp);
  if (d.err == 2)
    return pool_error(repo->pool, -2, "decompressed data exceeds the limit of %d bytes", maxout);
  if (d.err)
    return pool_error(repo->pool, -3, "compressed data is truncated or corrupt");
  return r;
}

/* Load a .solv file (our cache format) from a buffer. */
int gd_repo_add_solv(Repo *repo, const char *buf, int len, int flags)
{
  FILE *fp = solv_fmemopen(buf, len, "r");
  int r;
  if (!fp)
    return pool_error(repo->pool, -1, "cannot open buffer");
  r = repo_add_solv(repo, fp, flags);
  fclose(fp);
  return r;
}

/*
 * Write a repo as .solv into a buffer the caller frees with gd_free; *lenp gets its length.
 * open_memstream, not solv_xfopen_buf: the latter corrupts writes larger than one stdio buffer.
 */
char *gd_repo_write_solv(Repo *repo, int *lenp)
{
  char *buf = 0;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  if (!fp)
    return 0;
  if (repo_write(repo, fp))
    {
      fclose(fp);
      free(buf);
      return 0;
    }
  fclose(fp);
  *lenp = (int)len;
  return buf;
}

/*
 * Remove solvables from a repo (their slots become free). Used to cut a copy of the binary repos
 * down to what any buildroot can reach before sending it to worker threads: a solve costs time
 * in proportion to the pool's size as well as to the jobs.
 */
void gd_repo_free_solvables(Repo *repo, const Id *ids, int n)
{
  int i;
  for (i = 0; i < n; i++)
    if (ids[i] >= repo->start && ids[i] < repo->end && repo->pool->solvables[ids[i]].repo == repo)
      repo_free_solvable(repo, ids[i], 1);
}

/* Read libsolv "testtags" repo text (the testcase repo format). */
int gd_repo_add_testtags(Repo *repo, const char *buf, int len, int flags)
{
  FILE *fp = solv_fmemopen(buf, len, "r");
  int r;
  if (!fp)
    return -1;
  r = testcase_add_testtags(repo, fp, flags);
  fclose(fp);
  return r;
}

/* Section - Solvable */

/* The dependency array of kind `keyname` (SOLVABLE_REQUIRES, ...), markers included. */
void gd_solvable_deps(Pool *pool, Id p, Id keyname, Queue *q)
{
  solvable_lookup_deparray(pool->solvables + p, keyname, q, -1);
}
/* Dependencies of one kind, split at the prereq marker: marker -1 pre only, 1 non-pre only, 0 all. */
void gd_solvable_deps_marker(Pool *pool, Id p, Id keyname, Id marker, Queue *q)
{
  solvable_lookup_deparray(pool->solvables + p, keyname, q, marker);
}
const char *gd_solvable_lookup_str(Pool *pool, Id p, Id key) { return solvable_lookup_str(pool->solvables + p, key); }
Id gd_solvable_lookup_id(Pool *pool, Id p, Id key) { return solvable_lookup_id(pool->solvables + p, key); }
unsigned int gd_solvable_lookup_num(Pool *pool, Id p, Id key) { return (unsigned int)solvable_lookup_num(pool->solvables + p, key, 0); }
const char *gd_solvable_sourcerpm(Pool *pool, Id p) { return solvable_lookup_sourcepkg(pool->solvables + p); }
const char *gd_solvable_location(Pool *pool, Id p) { return solvable_get_location(pool->solvables + p, 0); }
const char *gd_solvable2str(Pool *pool, Id p) { return pool_solvid2str(pool, p); }
int gd_solvable_installable(Pool *pool, Id p) { return pool_installable(pool, pool->solvables + p); }

/* Section - Selection */

int gd_selection_make(Pool *pool, Queue *sel, const char *name, int flags) { return selection_make(pool, sel, name, flags); }
/* Expand a selection (job pairs) into the solvables it names. */
void gd_selection_solvables(Pool *pool, Queue *sel, Queue *out) { selection_solvables(pool, sel, out); }

/* Section - Solver */

Solver *gd_solver_create(Pool *pool) { return solver_create(pool); }
void gd_solver_free(Solver *solv) { solver_free(solv); }
int gd_solver_set_flag(Solver *solv, int flag, int value) { return solver_set_flag(solv, flag, value); }
int gd_solver_get_flag(Solver *solv, int flag) { return solver_get_flag(solv, flag); }
int gd_solver_solve(Solver *solv, Queue *job) { return solver_solve(solv, job); }

/* Every solvable the solver decided to install (positive decisions), system solvable excluded. */
void gd_solver_installs(Solver *solv, Queue *out)
{
  int i;
  queue_empty(out);
  for (i = 0; i < solv->decisionq.count; i++)
    {
      Id p = solv->decisionq.elements[i];
      if (p > SYSTEMSOLVABLE)
	queue_push(out, p);
    }
}

/* Section - Problem */

void gd_solver_problem_rules(Solver *solv, Id problem, Queue *rules) { solver_findallproblemrules(solv, problem, rules); }
Id gd_solver_problem_rule(Solver *solv, Id problem) { return solver_findproblemrule(solv, problem); }
/* Structured rule info: out[0..2] = source, target, dep; returns the SolverRuleinfo type. */
int gd_solver_ruleinfo(Solver *solv, Id rule, Id *out)
{
  return solver_ruleinfo(solv, rule, out, out + 1, out + 2);
}
/* All causes of a rule (a rule may have several): quadruples type, source, target, dep. */
int gd_solver_allruleinfos(Solver *solv, Id rule, Queue *q) { return solver_allruleinfos(solv, rule, q); }
const char *gd_solver_problem2str(Solver *solv, Id problem) { return solver_problem2str(solv, problem); }
const char *gd_solver_ruleinfo2str(Solver *solv, int type, Id source, Id target, Id dep) { return solver_problemruleinfo2str(solv, type, source, target, dep); }
int gd_solver_solution_count(Solver *solv, Id problem) { return solver_solution_count(solv, problem); }
/* Elements of a solution: pairs (p, rp) as solver_next_solutionelement gives them. */
void gd_solver_solution_elements(Solver *solv, Id problem, Id solution, Queue *q)
{
  Id p = 0, rp, element = 0;
  queue_empty(q);
  while ((element = solver_next_solutionelement(solv, problem, solution, element, &p, &rp)) != 0)
    queue_push2(q, p, rp);
}
const char *gd_solver_solutionelement2str(Solver *solv, Id p, Id rp) { return solver_solutionelement2str(solv, p, rp); }

/* Section - Transaction */

Transaction *gd_solver_create_transaction(Solver *solv) { return solver_create_transaction(solv); }
void gd_transaction_free(Transaction *trans) { transaction_free(trans); }
void gd_transaction_order(Transaction *trans, int flags) { transaction_order(trans, flags); }
void gd_transaction_steps(Transaction *trans, Queue *q) { queue_free(q); queue_init_clone(q, &trans->steps); }
int gd_transaction_type(Transaction *trans, Id p, int mode) { return transaction_type(trans, p, mode); }

/* Section - Testcase */

/* pool_free leaves the considered map of a testcase's "disable" lines behind (testsolv frees it too). */
static void free_considered(Pool *pool)
{
  if (pool->considered)
    {
      map_free(pool->considered);
      pool->considered = solv_free(pool->considered);
    }
}

/*
 * Run one testcase file the way tools/testsolv.c does without options: every job in the file,
 * results compared with the expected ones. Returns 0 when all match, 1 on a mismatch or a read
 * error, 77 when the testcase asks to be skipped. *outp receives the report (caller frees).
 */
int gd_testcase_run(const char *path, char **outp)
{
  Pool *pool = pool_create();
  FILE *fp, *out;
  char *outbuf = 0;
  size_t outlen = 0;
  Solver *solv, *reusesolv = 0;
  Queue job;
  char *result;
  int resultflags, ex = 0, multijob = 0;

  out = open_memstream(&outbuf, &outlen);
  pool_setdebugcallback(pool, gd_debug_cb, 0);
  pool_setdebugmask(pool, pool->debugmask | SOLV_ERROR);
  fp = fopen(path, "r");
  if (!fp)
    {
      fprintf(out, "%s: cannot open\n", path);
      pool_free(pool);
      fclose(out);
      *outp = outbuf;
      return 1;
    }
  while (!feof(fp))
    {
      queue_init(&job);
      result = 0;
      resultflags = 0;
      solv = testcase_read(pool, fp, path, &job, &result, &resultflags);
      if (!solv)
	{
	  fprintf(out, "%s\n", pool_errstr(pool));
	  queue_free(&job);
	  ex = resultflags == 77 ? 77 : 1;
	  break;
	}
      if (reusesolv)
	{
	  solver_free(solv);
	  solv = reusesolv;
	  reusesolv = 0;
	}
      if (!multijob && !feof(fp))
	multijob = 1;
      if (multijob)
	fprintf(out, "test %d:\n", multijob++);
      if (result)
	{
	  char *myresult, *diff;
	  solver_solve(solv, &job);
	  if ((resultflags & ~TESTCASE_RESULT_REUSE_SOLVER) == 0)
	    resultflags |= TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS;
	  myresult = testcase_solverresult(solv, resultflags);
	  diff = testcase_resultdiff(result, myresult);
	  if (diff)
	    {
	      fprintf(out, "Results differ:\n%s", diff);
	      ex = 1;
	      solv_free(diff);
	    }
	  solv_free(result);
	  solv_free(myresult);
	}
      else
	{
	  char *myresult;
	  solver_solve(solv, &job);
	  myresult = testcase_solverresult(solv, TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS);
	  fprintf(out, "%s", myresult);
	  solv_free(myresult);
	}
      queue_free(&job);
      if ((resultflags & TESTCASE_RESULT_REUSE_SOLVER) != 0 && !feof(fp))
	reusesolv = solv;
      else
	solver_free(solv);
    }
  if (reusesolv)
    solver_free(reusesolv);
  fclose(fp);
  free_considered(pool);
  pool_free(pool);
  fclose(out);
  *outp = outbuf;
  return ex;
}

/* The text result of the last solve, in testcase "result" form (caller frees). */
char *gd_testcase_solverresult(Solver *solv, int flags) { return testcase_solverresult(solv, flags); }
/* Write a testcase (the solver's pool, job and result) into a directory on the host. */
int gd_testcase_write(Solver *solv, const char *dir, int resultflags) { return testcase_write(solv, dir, resultflags, 0, 0); }
/* Solve a job given in testcase job syntax, one line each, against the pool (used by --write). */
Id gd_testcase_str2job(Pool *pool, const char *str, Id *whatp) { return testcase_str2job(pool, str, whatp); }
const char *gd_testcase_job2str(Pool *pool, Id how, Id what) { return testcase_job2str(pool, how, what); }

/* Section - Reading rpm-md from a JavaScript reader (cold load of a large primary) */

/*
 * A large primary.xml is already decompressed on the JavaScript side (node:zlib) and cut into
 * pieces there. Copying a 26 MB piece into this heap first costs more than the copy: the heap
 * grows by as much, and every new page is a page fault (about 3.5 ms per MB on the shared test
 * machine, 90 ms for a piece). Reading it through stdio from a JavaScript callback instead moves
 * it 8 KB at a time into one stdio buffer that stays in place. The callback is
 * Module.gdRead(buf, size): it copies at most size bytes to buf and returns how many, 0 at the
 * end, -1 on error.
 */
#include <emscripten.h>

EM_JS(int, gd_js_read, (char *buf, int size), { return Module['gdRead'](buf, size); });

static ssize_t gd_js_cookie_read(void *cookie, char *buf, size_t size)
{
  (void)cookie;
  return gd_js_read(buf, (int)size);
}

/* Like gd_repo_add_rpmmd for plain XML, but read through Module.gdRead. Returns 0 or -1. */
int gd_repo_add_rpmmd_js(Repo *repo, int flags)
{
  cookie_io_functions_t io = { gd_js_cookie_read, 0, 0, 0 };
  FILE *fp = fopencookie(0, "r", io);
  int r;
  if (!fp)
    return pool_error(repo->pool, -1, "cannot open reader");
  r = repo_add_rpmmd(repo, fp, 0, flags);
  fclose(fp);
  return r;
}

/*
 * Section - The lean rpm-md reader (wasm/leanxml.c): the JavaScript reader without expat
 *
 * The same read as gd_repo_add_rpmmd_js, but libsolv's XML reader runs goose-deps' lean
 * tokenizer instead of expat (wasm/build.sh appends leanxml.c to solv_xmlparser.c). When the
 * document holds anything the lean reader does not handle (see leanxml.c), it stops and this
 * returns -4: the repo then holds part of the document and must be dropped, and the document
 * parsed again, from its start, with gd_repo_add_rpmmd_js (expat), which also reports its errors.
 */
extern int gd_leanxml_enabled, gd_leanxml_declined;

/* Like gd_repo_add_rpmmd_js with the lean reader. Returns 0, or -4 (declined: parse with expat). */
int gd_repo_add_rpmmd_lean_js(Repo *repo, int flags)
{
  int r;
  gd_leanxml_enabled = 1;
  gd_leanxml_declined = 0;
  r = gd_repo_add_rpmmd_js(repo, flags);
  gd_leanxml_enabled = 0;
  return gd_leanxml_declined ? -4 : r;
}

/*
 * Section - Cache reads (goose-deps' .solv cache): loading a cached part straight from its file,
 * and what finishPool adds on top of the .solv parts, so a cached run does not redo it: the file
 * provides pool_addfileprovides added (dnf keeps them in its .solv), and a loaded filelists
 * extension as a .solv extension (dnf's -filenames.solvx). Kept in these functions of their own.
 */

/*
 * Load the .solv part that starts `offset` bytes into the file at `path` (read through NODERAWFS,
 * 64 KiB at a time): the file never passes through a JavaScript buffer and a heap copy of the
 * whole, whose fresh pages cost more than the parse itself where first touches are slow (a
 * cached AppStream is 5.6 MB). The file being seekable, repo_add_solv keeps a dup of its
 * descriptor and reads the paged data (long strings) on first lookup, as it does for dnf's .solv
 * files. Returns repo_add_solv's result, or -1 when the file cannot be opened or sought (the
 * reason in pool_errstr).
 */
int gd_repo_add_solv_file(Repo *repo, const char *path, int offset, int flags)
{
  FILE *fp = fopen(path, "r");
  char *iobuf;
  int r;
  if (!fp)
    return pool_error(repo->pool, -1, "cannot open %s", path);
  iobuf = solv_malloc(1 << 16);
  setvbuf(fp, iobuf, _IOFBF, 1 << 16);
  if (fseek(fp, offset, SEEK_SET))
    r = pool_error(repo->pool, -1, "cannot seek in %s", path);
  else
    r = repo_add_solv(repo, fp, flags);
  fclose(fp);
  solv_free(iobuf);
  return r;
}

/*
 * The file provides pool_addfileprovides added to repo's solvables (the ids after
 * SOLVABLE_FILEMARKER in each one's provides), into q: for each solvable with some, its offset
 * from repo->start, their count, then the ids in order.
 */
void gd_repo_fileprovides(Repo *repo, Queue *q)
{
  Pool *pool = repo->pool;
  Id p, *pp;
  int n;
  queue_empty(q);
  for (p = repo->start; p < repo->end; p++)
    {
      Solvable *s = pool->solvables + p;
      if (s->repo != repo || !s->provides)
        continue;
      for (pp = repo->idarraydata + s->provides; *pp && *pp != SOLVABLE_FILEMARKER; pp++)
        ;
      if (!*pp)
        continue;
      pp++;
      for (n = 0; pp[n]; n++)
        ;
      if (!n)
        continue;
      queue_push2(q, p - repo->start, n);
      queue_insertn(q, q->count, n, pp);
    }
}

/*
 * Adds back file provides listed as gd_repo_fileprovides lists them (the ids already this
 * pool's), each solvable's in their order: repo_addid_dep as pool_addfileprovides calls it, so
 * the provides come out the same. Returns 0, or -1 (nothing added) when the list does not fit
 * the repo: a solvable missing, a count past the end, an id that is no string of the pool.
 */
int gd_repo_add_fileprovides(Repo *repo, const Id *list, int n)
{
  Pool *pool = repo->pool;
  int i, k;
  for (i = 0; i + 2 <= n; i += 2 + list[i + 1])
    {
      Id p = repo->start + list[i];
      if (list[i] < 0 || p >= repo->end || pool->solvables[p].repo != repo || list[i + 1] <= 0 || list[i + 1] > n - i - 2)
        return -1;
      for (k = 0; k < list[i + 1]; k++)
        if (list[i + 2 + k] <= 0 || list[i + 2 + k] >= pool->ss.nstrings)
          return -1;
    }
  if (i != n)
    return -1;
  for (i = 0; i < n; i += 2 + list[i + 1])
    {
      Solvable *s = pool->solvables + repo->start + list[i];
      for (k = 0; k < list[i + 1]; k++)
        s->provides = repo_addid_dep(repo, s->provides, list[i + 2 + k], SOLVABLE_FILEMARKER);
    }
  return 0;
}

/*
 * Marks the pool's file provides added, as pool_addfileprovides does once it has added them,
 * after gd_repo_add_fileprovides restored every repo's. Returns -1 (nothing done) when the pool
 * has an installed repo: pool_addfileprovides treats its file dependencies apart.
 */
int gd_pool_fileprovides_added(Pool *pool)
{
  if (pool->installed)
    return -1;
  pool->addedfileprovides = pool->addfileprovidesfiltered ? 1 : 2;
  pool_freewhatprovides(pool);
  return 0;
}

/*
 * Write repo's last repodata (the filelists extension repo_add_rpmmd just made with
 * REPO_EXTEND_SOLVABLES) as a .solv extension without solvable storage, as dnf writes
 * -filenames.solvx; repo_add_solv with REPO_EXTEND_SOLVABLES reads it back. Into a buffer the
 * caller frees with gd_free; *lenp gets its length. 0 when the repo has no repodata to write.
 */
char *gd_repo_write_filelists(Repo *repo, int *lenp)
{
  char *buf = 0;
  size_t len = 0;
  FILE *fp;
  Repowriter *writer;
  int r;
  if (repo->nrepodata < 2 || !(fp = open_memstream(&buf, &len)))
    return 0;
  writer = repowriter_create(repo);
  repowriter_set_repodatarange(writer, repo->nrepodata - 1, repo->nrepodata);
  repowriter_set_flags(writer, REPOWRITER_NO_STORAGE_SOLVABLE);
  r = repowriter_write(writer, fp);
  repowriter_free(writer);
  fclose(fp);
  if (r)
    {
      free(buf);
      return 0;
    }
  *lenp = (int)len;
  return buf;
}

/*
 * Section - Bulk lists: one call for what would otherwise cross the boundary once per item
 * (17,649 crossings for a --whatrequires over AppStream). Kept in these functions of their own.
 */

/*
 * The dependencies of kind keyname of each of the n solvables in ids (split at the prereq marker
 * as gd_solvable_deps_marker), appended to q one list after another; ends[k] gets the end of
 * list k in q.
 */
void gd_solvables_deps_many(Pool *pool, const Id *ids, int n, Id keyname, Id marker, Queue *q, int *ends)
{
  Queue one;
  int k;
  queue_init(&one);
  queue_empty(q);
  for (k = 0; k < n; k++)
    {
      queue_empty(&one); /* the lookup can append */
      solvable_lookup_deparray(pool->solvables + ids[k], keyname, &one, marker);
      queue_insertn(q, q->count, one.count, one.elements);
      ends[k] = q->count;
    }
  queue_free(&one);
}

/* The providers (pool_whatprovides) of each of the n deps, appended to q; ends[k] gets the end of list k. */
void gd_pool_whatprovides_many(Pool *pool, const Id *deps, int n, Queue *q, int *ends)
{
  Id p, pp;
  int k;
  queue_empty(q);
  for (k = 0; k < n; k++)
    {
      FOR_PROVIDES(p, pp, deps[k])
        queue_push(q, p);
      ends[k] = q->count;
    }
}

/*
 * Section - What requires (query --whatrequires in one call): the candidates that require
 * something one of the caps matches (pool_match_dep) or that one of the named solvables, other
 * than the candidate itself, provides (pool_whatprovides). src/query/deps.ts did this in
 * JavaScript over every candidate's requires (a transfer of ~300,000 ids on AppStream and three
 * passes over them in cold code); here it is one pass. Kept in this section of its own.
 */

#define GD_WR_SEEN 1
#define GD_WR_MATCHES 2 /* some cap matches the requirement */
#define GD_WR_NAMED 4   /* a named solvable provides it: the first in gd_wr_state.first */
#define GD_WR_OTHER 8   /* ... and some other named solvable too */

struct gd_wr_state
{
  Pool *pool;
  const Id *caps;
  int ncaps;
  unsigned char *named;   /* by solvable id: 1 for a named solvable (0 when none is named) */
  unsigned char *nameok;  /* by string id: 1 for a name a named solvable is indexed under */
  unsigned char *flags;   /* by slot (strings even, relations odd, as src/solv's depSlot) */
  Id *first;              /* by slot: the first named provider */
};

/*
 * Whether a named solvable can provide dep: false only when pool_whatprovides cannot give one.
 * A name or a plain version range is provided only by solvables indexed under its name (what
 * pool_createwhatprovides indexes); a file path can also be found in the file lists, and any
 * other relation (rich, arch, namespace) is left to pool_whatprovides.
 */
static int gd_wr_maybe_named(struct gd_wr_state *st, Id dep)
{
  Pool *pool = st->pool;
  Id name = dep;
  if (ISRELDEP(dep))
    {
      Reldep *rd = GETRELDEP(pool, dep);
      if (rd->flags <= 0 || rd->flags >= 8)
        return 1;
      name = rd->name;
      while (ISRELDEP(name))
        name = GETRELDEP(pool, name)->name;
    }
  if (pool_id2str(pool, name)[0] == '/')
    return 1;
  return st->nameok[name];
}

/* Judges requirement dep once: the GD_WR_ flags of its slot. */
static unsigned char gd_wr_judge(struct gd_wr_state *st, Id dep, int slot)
{
  Pool *pool = st->pool;
  unsigned char f = GD_WR_SEEN;
  Id p, pp;
  int i;
  for (i = 0; i < st->ncaps; i++)
    if (pool_match_dep(pool, st->caps[i], dep))
      {
        f |= GD_WR_MATCHES;
        break;
      }
  if (st->named && gd_wr_maybe_named(st, dep))
    FOR_PROVIDES(p, pp, dep)
      {
        if (!st->named[p])
          continue;
        if (!(f & GD_WR_NAMED))
          {
            f |= GD_WR_NAMED;
            st->first[slot] = p;
          }
        else if (p != st->first[slot])
          f |= GD_WR_OTHER;
      }
  st->flags[slot] = f;
  return f;
}

/*
 * Writes to out, in the order of cands, the n candidates that require (Requires and
 * Requires(pre)) a dependency matching one of the ncaps caps, or, when nnamed > 0, one that a
 * named solvable other than the candidate provides; returns how many. The pool's whatprovides
 * must be created.
 */
int gd_pool_whatrequires(Pool *pool, const Id *cands, int n, const Id *caps, int ncaps, const Id *named, int nnamed, Id *out)
{
  struct gd_wr_state st;
  int nslots = 2 * (pool->ss.nstrings > pool->nrels ? pool->ss.nstrings : pool->nrels) + 2;
  Queue reqs;
  int k, i, nout = 0;
  memset(&st, 0, sizeof(st));
  st.pool = pool;
  st.caps = caps;
  st.ncaps = ncaps;
  st.flags = solv_calloc(nslots, 1);
  if (nnamed > 0)
    {
      st.named = solv_calloc(pool->nsolvables, 1);
      st.nameok = solv_calloc(pool->ss.nstrings, 1);
      st.first = solv_calloc(nslots, sizeof(Id));
      for (k = 0; k < nnamed; k++)
        {
          Solvable *s = pool->solvables + named[k];
          Id *pp, id;
          st.named[named[k]] = 1;
          if (!s->repo || !s->provides)
            continue;
          for (pp = s->repo->idarraydata + s->provides; (id = *pp) != 0; pp++)
            {
              while (ISRELDEP(id))
                id = GETRELDEP(pool, id)->name;
              st.nameok[id] = 1;
            }
        }
    }
  queue_init(&reqs);
  for (k = 0; k < n; k++)
    {
      Id p = cands[k];
      queue_empty(&reqs);
      solvable_lookup_deparray(pool->solvables + p, SOLVABLE_REQUIRES, &reqs, 0);
      for (i = 0; i < reqs.count; i++)
        {
          Id dep = reqs.elements[i];
          int slot = ISRELDEP(dep) ? 2 * GETRELID(dep) + 1 : 2 * dep;
          unsigned char f;
          if (dep == SOLVABLE_PREREQMARKER || dep == SOLVABLE_FILEMARKER)
            continue;
          f = st.flags[slot];
          if (!f)
            f = gd_wr_judge(&st, dep, slot);
          if ((f & (GD_WR_MATCHES | GD_WR_OTHER)) || ((f & GD_WR_NAMED) && st.first[slot] != p))
            break;
        }
      if (i < reqs.count)
        out[nout++] = p;
    }
  queue_free(&reqs);
  solv_free(st.flags);
  solv_free(st.named);
  solv_free(st.nameok);
  solv_free(st.first);
  return nout;
}
