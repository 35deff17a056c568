import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

/*
 * wasm/libc.c replaces the C library's strcmp inside the module. Its contract is the C library's,
 * so it is checked against the host's strcmp: the same source compiled by the host's C compiler
 * (both targets are little-endian with 4 KiB-safe unaligned loads), on random strings with shared
 * prefixes at every alignment, bytes above 0x7f, and strings that end just before an unreadable
 * page (a read past the terminating zero into it would crash the harness).
 */
const harness = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
int gd_strcmp_under_test(const char *, const char *);
static int sgn(int x) { return (x > 0) - (x < 0); }
static const char alphabet[] = "aab-.\x01\x7f\x80\xfe\xff";
static void fill(char *s, int n) { for (int i = 0; i < n; i++) s[i] = alphabet[rand() % (sizeof alphabet - 1)]; s[n] = 0; }
int main(void)
{
  static char a[256], b[256];
  long checked = 0, wrong = 0;
  srand(13);
  for (int it = 0; it < 300000; it++)
    {
      char *x = a + rand() % 16, *y = b + rand() % 16;
      int lx = rand() % 40, ly = rand() % 40;
      fill(x, lx);
      if (rand() % 4)
        {
          memcpy(y, x, lx + 1);  /* a shared prefix, then maybe one differing byte or an early end */
          if (ly < lx) y[ly] = rand() % 3 ? alphabet[rand() % (sizeof alphabet - 1)] : 0;
        }
      else
        fill(y, ly);
      checked++;
      if (sgn(gd_strcmp_under_test(x, y)) != sgn(strcmp(x, y))) wrong++;
    }
  /* strings ending at the last byte before a PROT_NONE page, at every distance from it */
  char *pages = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED || mprotect(pages + 4096, 4096, PROT_NONE)) return 2;
  char *far = pages + 2 * 4096 + 64;
  for (int len = 0; len < 40; len++)
    for (int k = 0; k < 3; k++)
      {
        char *x = pages + 4096 - 1 - len;
        fill(x, len);
        memcpy(far, x, len + 1);
        if (k == 1 && len) far[len - 1] ^= 1;
        if (k == 2) far[len] = 'z', far[len + 1] = 0;
        checked += 2;
        if (sgn(gd_strcmp_under_test(x, far)) != sgn(strcmp(x, far))) wrong++;
        if (sgn(gd_strcmp_under_test(far, x)) != sgn(strcmp(far, x))) wrong++;
      }
  printf("%ld %ld\n", checked, wrong);
  return 0;
}
`;

const cc = spawnSync('cc', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'goose-libc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!cc)('wasm/libc.c strcmp', () => {
  it('orders like the C library, and reads nothing past a string on another page', () => {
    writeFileSync(join(dir, 'harness.c'), harness);
    const exe = join(dir, 'harness');
    const obj = join(dir, 'libc.o');
    const compile = spawnSync('cc', ['-O2', '-c', '-Dstrcmp=gd_strcmp_under_test', join(PROJECT_ROOT, 'wasm', 'libc.c'), '-o', obj], { encoding: 'utf8' });
    expect(compile.stderr).toBe('');
    const link = spawnSync('cc', ['-O2', join(dir, 'harness.c'), obj, '-o', exe], { encoding: 'utf8' });
    expect(link.stderr).toBe('');
    const run = spawnSync(exe, { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const [checked, wrong] = run.stdout.trim().split(' ').map(Number);
    expect(checked).toBeGreaterThan(300000);
    expect(wrong).toBe(0);
  });
});
