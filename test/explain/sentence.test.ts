import { describe, expect, it } from 'vitest';
import { clause, listWords, sentence, tidyCauses, type Cause } from '../../src/explain/index.js';

/** One example of every cause kind and the one wording it gets (golden). */
const GOLDEN: [Cause, string][] = [
  [{ kind: 'build-requires-unprovided', dep: 'ghc-compiler >= 9.4' }, 'it build-requires ghc-compiler >= 9.4, which nothing provides'],
  [{ kind: 'group-package-unknown', name: 'rpm-build' }, 'the build group lists rpm-build, which no package is named'],
  [{ kind: 'build-requires', dep: 'gcc' }, 'it build-requires gcc'],
  [{ kind: 'group-package', name: 'gcc' }, 'the build group installs gcc'],
  [{ kind: 'build-conflicts', dep: 'glibc-devel' }, 'it build-conflicts with glibc-devel'],
  [{ kind: 'requires-unprovided', pkg: 'asciidoc', dep: 'source-highlight' }, 'asciidoc requires source-highlight, which nothing provides'],
  [{ kind: 'requires-uninstallable', pkg: 'gcc', dep: 'glibc-devel >= 2.38', providers: ['glibc-devel'] }, 'gcc requires glibc-devel >= 2.38, but none of its providers (glibc-devel) can be installed'],
  [{ kind: 'conflicts', pkg: 'nginx', other: 'httpd', dep: 'webserver' }, 'nginx conflicts with httpd (webserver)'],
  [{ kind: 'same-name', pkg: 'gcc', other: 'gcc' }, 'gcc and gcc cannot both be installed'],
  [{ kind: 'obsoletes', pkg: 'coreutils', other: 'fileutils', dep: 'fileutils' }, 'coreutils obsoletes fileutils (fileutils)'],
  [{ kind: 'not-installable', pkg: 'musl-libc' }, 'musl-libc is not installable on this architecture'],
  [{ kind: 'self-conflict', pkg: 'foo', dep: 'foo' }, 'foo conflicts with itself (foo)'],
  [{ kind: 'other', rule: 'update', text: 'some libsolv sentence' }, 'some libsolv sentence'],
  [
    { kind: 'needs-unbuilt', dep: 'libbar.so.1()(64bit)', origin: { by: 'package', pkg: 'foo-devel' }, providers: ['bar-libs'], binary: 'bar-libs', blocker: 'bar', blockerState: 'not-built' },
    'it needs libbar.so.1()(64bit) (required by foo-devel), which only bar-libs provides, and bar is not built yet',
  ],
  [
    { kind: 'needs-unbuilt', dep: 'webserver', origin: { by: 'build-requires' }, providers: ['httpd', 'nginx'], binary: 'nginx', blocker: 'nginx', blockerState: 'built' },
    'it needs webserver (a BuildRequires), which httpd and nginx provide, and the built repos lack nginx although nginx is built',
  ],
  [
    { kind: 'needs-unbuilt', dep: 'bash', origin: { by: 'group' }, providers: ['bash'], binary: 'bash', blocker: 'bash', blockerState: 'unknown' },
    'it needs bash (the build group), which only bash provides, and its source bash is not among the sources being rebuilt',
  ],
  [{ kind: 'more-blockers', count: 3 }, 'it also waits for 3 more sources (see blockedBy)'],
  [{ kind: 'built-repos-differ' }, 'its buildroot does not install from the built repos, although every package of its upstream buildroot has a built counterpart'],
];

describe('sentences from causes', () => {
  it('has one pinned wording per cause kind', () => {
    for (const [c, text] of GOLDEN) expect(clause(c)).toBe(text);
    const kinds = new Set(GOLDEN.map(([c]) => c.kind));
    expect(kinds.size).toBe(16); // every member of the Cause union
  });
  it('writes the blocked sentence of the issue', () => {
    const c: Cause = { kind: 'needs-unbuilt', dep: 'libbar.so.1()(64bit)', origin: { by: 'build-requires' }, providers: ['bar-libs'], binary: 'bar-libs', blocker: 'bar', blockerState: 'not-built' };
    expect(sentence('foo', { verdict: 'blocked', causes: [c] })).toBe('foo is blocked: it needs libbar.so.1()(64bit) (a BuildRequires), which only bar-libs provides, and bar is not built yet.');
  });
  it('joins the causes of an unresolvable problem, jobs first', () => {
    const causes = tidyCauses([
      { kind: 'requires-uninstallable', pkg: 'gcc', dep: 'glibc-devel >= 2.38', providers: ['glibc-devel'] },
      { kind: 'build-conflicts', dep: 'glibc-devel' },
      { kind: 'build-conflicts', dep: 'glibc-devel' },
    ]);
    expect(sentence('musl', { verdict: 'unresolvable', causes })).toBe(
      'musl cannot be built, even with upstream binaries: it build-conflicts with glibc-devel; gcc requires glibc-devel >= 2.38, but none of its providers (glibc-devel) can be installed.',
    );
  });
  it('lists words', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listWords(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});
