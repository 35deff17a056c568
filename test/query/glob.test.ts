import { describe, expect, it } from 'vitest';
import { fnmatch, globToRegExp, isGlob } from '../../src/query/glob.js';

describe('fnmatch', () => {
  it('matches *, ? and the whole string, across slashes as fnmatch without flags does', () => {
    expect(fnmatch('perl*', 'perl-libs')).toBe(true);
    expect(fnmatch('perl*', 'xperl')).toBe(false);
    expect(fnmatch('/usr/bin/*', '/usr/bin/sub/dir')).toBe(true);
    expect(fnmatch('gc?', 'gcc')).toBe(true);
    expect(fnmatch('gc?', 'gcc-c++')).toBe(false);
  });
  it('reads bracket expressions: ranges, negation, classes, a literal ] first, an unclosed [', () => {
    expect(fnmatch('lib[a-c]*', 'libcurl')).toBe(true);
    expect(fnmatch('lib[!a-c]*', 'libcurl')).toBe(false);
    expect(fnmatch('lib[^a-c]*', 'libxml2')).toBe(true);
    expect(fnmatch('x[[:digit:]]', 'x7')).toBe(true);
    expect(fnmatch('x[]]', 'x]')).toBe(true);
    expect(fnmatch('x[-]', 'x-')).toBe(true);
    expect(fnmatch('a[b', 'a[b')).toBe(true);
  });
  it('treats regular-expression characters literally', () => {
    expect(fnmatch('*-devel', 'glibc-devel')).toBe(true);
    expect(fnmatch('perl(*)', 'perl(Foo::Bar)')).toBe(true);
    expect(fnmatch('a.b*', 'aXb')).toBe(false);
    expect(fnmatch('c++*', 'c++-libs')).toBe(true);
    expect(fnmatch('\\*x', '*x')).toBe(true);
    expect(fnmatch('\\*x', 'ax')).toBe(false);
  });
  it('folds case only when asked (FNM_CASEFOLD)', () => {
    expect(fnmatch('MAKE', 'make')).toBe(false);
    expect(fnmatch('MAKE', 'make', true)).toBe(true);
    expect(fnmatch('MA*', 'make', true)).toBe(true);
  });
  it('says which strings are globs as dnf does (*, ? or [)', () => {
    expect(['a*', 'a?', 'a[b]'].map(isGlob)).toEqual([true, true, true]);
    expect(['a', 'a.b', 'perl(Foo)', 'a >= 1'].map(isGlob)).toEqual([false, false, false, false]);
    expect(globToRegExp('a*').flags).toContain('u');
  });
});
