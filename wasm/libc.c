/*
 * goose-deps: C library functions replaced in the WebAssembly module because emscripten's are slow
 * where libsolv is hot. Compiled and linked by wasm/build.sh beside glue.c; our definitions take
 * the place of the C library's (a symbol defined in an object is never pulled from libc.a).
 * (glue.c's Memory section replaces memcpy, memmove and memset for the same reason.)
 */
#include <stdint.h>
#include <string.h>

/* Section - strcmp */

/*
 * Emscripten's strcmp (musl's) compares one byte per loop turn; glibc's, which native libsolv
 * uses, compares 16 at once. libsolv calls it in sort comparators on every solve
 * (prune_to_best_version_sortcmp orders candidates by name with it), where package names share
 * long prefixes ("python3-", "perl-", "lib"). This one compares 8 bytes per turn: unaligned
 * 64-bit loads are fine in wasm, and a load never crosses a 4 KiB boundary, so it never reaches
 * past a page the string's own bytes are on (wasm memory ends on a 64 KiB boundary).
 * Byte-wise unsigned comparison, as the C standard wants.
 */
#define GD_ONES 0x0101010101010101ULL
#define GD_HIGHS 0x8080808080808080ULL

int
strcmp(const char *l, const char *r)
{
  const unsigned char *a = (const unsigned char *)l, *b = (const unsigned char *)r;
  for (;;)
    {
      if (((uintptr_t)a & 4095) <= 4096 - 8 && ((uintptr_t)b & 4095) <= 4096 - 8)
        {
          uint64_t wa, wb, m;
          __builtin_memcpy(&wa, a, 8);
          __builtin_memcpy(&wb, b, 8);
          /* a differing byte, or a zero byte in a (the lowest flagged byte is exact: borrows
           * only run upwards, little-endian) */
          m = (wa ^ wb) | ((wa - GD_ONES) & ~wa & GD_HIGHS);
          if (m)
            {
              unsigned i = __builtin_ctzll(m) >> 3;
              return a[i] - b[i];
            }
          a += 8, b += 8;
        }
      else
        {
          if (*a != *b || !*a)
            return *a - *b;
          a++, b++;
        }
    }
}
