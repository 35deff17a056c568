/**
 * `readRpmPackage` on synthetic headers: the cases the shared data lacks (old-style weak
 * dependencies, nosrc, the source heuristic, v3 retrofits, latin1 strings, bad parallel arrays).
 * The synthetic builder itself is checked against rpm, so these headers are ones rpm reads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { readRpmPackage } from '../../src/rpm/package.js';
import { RpmSense, RpmTag, RpmType } from '../../src/rpm/tags.js';
import { basicEntries, buildRpm, type SynthEntry } from '../helpers/rpm-synth.js';

const T = RpmTag;
const S = RpmSense;

/** NAME tag -> [VERSION tag, FLAGS tag]. */
const DEP_TAGS: Record<number, [number, number]> = {
  [T.PROVIDENAME]: [T.PROVIDEVERSION, T.PROVIDEFLAGS],
  [T.REQUIRENAME]: [T.REQUIREVERSION, T.REQUIREFLAGS],
  [T.RECOMMENDNAME]: [T.RECOMMENDVERSION, T.RECOMMENDFLAGS],
};

function deps(nameTag: number, entries: Array<[string, number, string]>): SynthEntry[] {
  const [versionTag, flagsTag] = DEP_TAGS[nameTag];
  return [
    { tag: nameTag, type: RpmType.STRING_ARRAY, value: entries.map((e) => e[0]) },
    { tag: flagsTag, type: RpmType.INT32, value: entries.map((e) => e[1]) },
    { tag: versionTag, type: RpmType.STRING_ARRAY, value: entries.map((e) => e[2]) },
  ];
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof GooseError) return e.code;
    throw e;
  }
  return 'OK';
}

const tmp = mkdtempSync(join(tmpdir(), 'goose-rpm-synth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('synthetic packages', () => {
  it('are read by rpm itself the same way', () => {
    const bytes = buildRpm({
      main: [
        ...basicEntries('synth', '2.5', '3.fc40', 'aarch64'),
        { tag: T.EPOCH, type: RpmType.INT32, value: [7] },
        ...deps(T.REQUIRENAME, [['/bin/sh', S.SCRIPT_PRE | S.PREREQ, ''], ['libfoo', S.GREATER | S.EQUAL, '0:1.2']]),
        { tag: T.DIRNAMES, type: RpmType.STRING_ARRAY, value: ['/usr/bin/'] },
        { tag: T.BASENAMES, type: RpmType.STRING_ARRAY, value: ['synth'] },
        { tag: T.DIRINDEXES, type: RpmType.INT32, value: [0] },
      ],
    });
    const path = join(tmp, 'synth.rpm');
    writeFileSync(path, bytes);
    const out = execFileSync('rpm', ['-qp', '--nosignature', '--nodigest', '--qf', '%{NEVRA}|[%{REQUIRENAME} %{REQUIREFLAGS} %{REQUIREVERSION},]|[%{FILENAMES}]', path], { encoding: 'utf8' });
    const p = readRpmPackage(bytes, path);
    expect(out).toBe('synth-7:2.5-3.fc40.aarch64|/bin/sh 576 ,libfoo 12 0:1.2,|/usr/bin/synth');
    expect([p.name, p.epoch, p.version, p.release, p.arch]).toEqual(['synth', 7, '2.5', '3.fc40', 'aarch64']);
    expect(p.requires).toEqual([
      { name: '/bin/sh', flags: S.SCRIPT_PRE | S.PREREQ, pre: true },
      { name: 'libfoo', flags: S.GREATER | S.EQUAL, comparison: 'GE', version: '0:1.2' },
    ]);
    expect(p.files).toEqual([{ path: '/usr/bin/synth', type: 'file' }]);
  });

  it('reads old-style weak dependencies, split by RPMSENSE_STRONG as libsolv does', () => {
    const p = readRpmPackage(buildRpm({
      main: [
        ...basicEntries(),
        { tag: T.OLDSUGGESTSNAME, type: RpmType.STRING_ARRAY, value: ['strong-rec', 'weak-sug'] },
        { tag: T.OLDSUGGESTSVERSION, type: RpmType.STRING_ARRAY, value: ['1', ''] },
        { tag: T.OLDSUGGESTSFLAGS, type: RpmType.INT32, value: [S.STRONG | S.GREATER, 0] },
        { tag: T.OLDENHANCESNAME, type: RpmType.STRING_ARRAY, value: ['weak-enh', 'strong-sup'] },
        { tag: T.OLDENHANCESVERSION, type: RpmType.STRING_ARRAY, value: ['', ''] },
        { tag: T.OLDENHANCESFLAGS, type: RpmType.INT32, value: [0, S.STRONG] },
      ],
    }), 'old-weak.rpm');
    expect(p.recommends).toEqual([{ name: 'strong-rec', flags: S.STRONG | S.GREATER, comparison: 'GT', version: '1' }]);
    expect(p.suggests).toEqual([{ name: 'weak-sug', flags: 0 }]);
    expect(p.supplements).toEqual([{ name: 'strong-sup', flags: S.STRONG }]);
    expect(p.enhances).toEqual([{ name: 'weak-enh', flags: 0 }]);
  });

  it('prefers the new weak dependency tags when both forms are present', () => {
    const p = readRpmPackage(buildRpm({
      main: [
        ...basicEntries(),
        ...deps(T.RECOMMENDNAME, [['new-rec', 0, '']]),
        { tag: T.OLDSUGGESTSNAME, type: RpmType.STRING_ARRAY, value: ['old-rec', 'old-sug'] },
        { tag: T.OLDSUGGESTSFLAGS, type: RpmType.INT32, value: [S.STRONG, 0] },
      ],
    }), 'both.rpm');
    expect(p.recommends.map((d) => d.name)).toEqual(['new-rec']);
    expect(p.suggests.map((d) => d.name)).toEqual(['old-sug']);
  });

  it('keeps a rich dependency whole', () => {
    const p = readRpmPackage(buildRpm({ main: [...basicEntries(), ...deps(T.REQUIRENAME, [['(a or (b >= 2 with c))', 0, '']])] }), 'rich.rpm');
    expect(p.requires).toEqual([{ name: '(a or (b >= 2 with c))', flags: 0 }]);
  });

  it('marks pre like createrepo_c: PREREQ, SCRIPT_PRE or SCRIPT_POST, not PREUN/POSTUN/INTERP', () => {
    const flags = [S.PREREQ, S.SCRIPT_PRE, S.SCRIPT_POST, S.SCRIPT_PREUN, S.SCRIPT_POSTUN, S.INTERP, S.RPMLIB | S.LESS | S.EQUAL];
    const p = readRpmPackage(buildRpm({ main: [...basicEntries(), ...deps(T.REQUIRENAME, flags.map((f, i) => [`r${i}`, f, f & 14 ? '1' : '']))] }), 'pre.rpm');
    expect(p.requires.map((d) => d.pre === true)).toEqual([true, true, true, false, false, false, false]);
    expect(p.requires[6].comparison).toBe('LE');
  });

  it('tells source packages apart as rpm and libsolv do', () => {
    const src = (extra: SynthEntry[]) => readRpmPackage(buildRpm({ leadType: 1, main: [...basicEntries().slice(0, 4), ...extra] }), 'x.src.rpm');
    const marked = src([{ tag: T.SOURCEPACKAGE, type: RpmType.INT32, value: [1] }]);
    expect([marked.isSource, marked.arch, marked.headerArch, marked.sourcerpm]).toEqual([true, 'src', 'x86_64', undefined]);
    const nosrc = src([{ tag: T.SOURCEPACKAGE, type: RpmType.INT32, value: [1] }, { tag: T.NOSOURCE, type: RpmType.INT32, value: [0] }]);
    expect(nosrc.arch).toBe('nosrc');
    const heuristic = src([
      { tag: T.DIRNAMES, type: RpmType.STRING_ARRAY, value: [''] },
      { tag: T.BASENAMES, type: RpmType.STRING_ARRAY, value: ['x.spec'] },
      { tag: T.DIRINDEXES, type: RpmType.INT32, value: [0] },
    ]);
    expect([heuristic.isSource, heuristic.arch]).toEqual([true, 'src']);
    // No SOURCERPM but nothing that says "source": rpm treats it as a binary (the lead type is ignored).
    expect(src([]).isSource).toBe(false);
    const oldSource = src([{ tag: T.OLDFILENAMES, type: RpmType.STRING_ARRAY, value: ['x.spec', 'x.tar.gz'] }]);
    expect([oldSource.isSource, oldSource.files.map((f) => f.path)]).toEqual([true, ['x.spec', 'x.tar.gz']]);
  });

  it('retrofits the self-provide on region-less (v3) binaries, once', () => {
    const without = readRpmPackage(buildRpm({ mainRegion: false, main: [...basicEntries('old', '1', '2'), { tag: T.EPOCH, type: RpmType.INT32, value: [3] }, ...deps(T.PROVIDENAME, [['cap', 0, '']])] }), 'old.rpm');
    expect(without.format.hasRegion).toBe(false);
    expect(without.provides).toEqual([{ name: 'cap', flags: 0 }, { name: 'old', flags: S.EQUAL, comparison: 'EQ', version: '3:1-2' }]);
    const withIt = readRpmPackage(buildRpm({ mainRegion: false, main: [...basicEntries('old', '1', '2'), ...deps(T.PROVIDENAME, [['old', S.EQUAL, '1-2']])] }), 'old.rpm');
    expect(withIt.provides).toHaveLength(1);
    const modern = readRpmPackage(buildRpm({ main: basicEntries('new') }), 'new.rpm');
    expect(modern.provides).toEqual([]);
  });

  it('accepts v3 dependencies without version and flag arrays', () => {
    const p = readRpmPackage(buildRpm({ main: [...basicEntries(), { tag: T.REQUIRENAME, type: RpmType.STRING_ARRAY, value: ['a', 'b'] }] }), 'v3deps.rpm');
    expect(p.requires).toEqual([{ name: 'a', flags: 0 }, { name: 'b', flags: 0 }]);
  });

  it('decodes each string as UTF-8, or as ISO-8859-1 when it is not UTF-8', () => {
    const p = readRpmPackage(buildRpm({
      main: [
        ...basicEntries(),
        { tag: T.SUMMARY, type: RpmType.I18NSTRING, value: [Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x80])] },
        { tag: T.LICENSE, type: RpmType.STRING, value: 'Müller ☃' },
      ],
    }), 'latin1.rpm');
    expect(p.summary).toBe('Caf\u00e9\u0080');
    expect(p.license).toBe('Müller ☃');
  });

  it('types files as rpm-md does: dir by mode, ghost by flag', () => {
    const p = readRpmPackage(buildRpm({
      main: [
        ...basicEntries(),
        { tag: T.DIRNAMES, type: RpmType.STRING_ARRAY, value: ['/etc/', '/etc/x/'] },
        { tag: T.BASENAMES, type: RpmType.STRING_ARRAY, value: ['x', 'a.conf', 'log'] },
        { tag: T.DIRINDEXES, type: RpmType.INT32, value: [0, 1, 1] },
        { tag: T.FILEMODES, type: RpmType.INT16, value: [0o040755, 0o100644, 0o100644] },
        { tag: T.FILEFLAGS, type: RpmType.INT32, value: [0, 1, 64] },
      ],
    }), 'files.rpm');
    expect(p.files).toEqual([{ path: '/etc/x', type: 'dir' }, { path: '/etc/x/a.conf', type: 'file' }, { path: '/etc/x/log', type: 'ghost' }]);
  });

  it('reads LONGSIZE in preference to SIZE, and RPMFORMAT', () => {
    const p = readRpmPackage(buildRpm({
      main: [
        ...basicEntries(),
        { tag: T.SIZE, type: RpmType.INT32, value: [1] },
        { tag: T.LONGSIZE, type: RpmType.INT64, value: [2 ** 40 + 5] },
        { tag: T.RPMFORMAT, type: RpmType.INT32, value: [6] },
      ],
    }), 'big.rpm');
    expect(p.installedSize).toBe(2 ** 40 + 5);
    expect(p.format.rpmFormat).toBe(6);
  });

  it('rejects damaged content with specific codes and the file name', () => {
    const base = basicEntries();
    const read = (main: SynthEntry[]) => () => readRpmPackage(buildRpm({ main }), 'bad.rpm');
    expect(codeOf(read(base.filter((e) => e.tag !== T.NAME)))).toBe('RPM_MISSING_TAG');
    expect(codeOf(read([...base.filter((e) => e.tag !== T.VERSION), { tag: T.VERSION, type: RpmType.INT32, value: [1] }]))).toBe('RPM_BAD_TAG_TYPE');
    expect(codeOf(read([...base, { tag: T.EPOCH, type: RpmType.STRING, value: '1' }]))).toBe('RPM_BAD_TAG_TYPE');
    expect(codeOf(read([...base, { tag: T.REQUIRENAME, type: RpmType.STRING_ARRAY, value: ['a', 'b'] }, { tag: T.REQUIREFLAGS, type: RpmType.INT32, value: [0] }]))).toBe('RPM_COUNT_MISMATCH');
    expect(codeOf(read([...base, { tag: T.PROVIDENAME, type: RpmType.STRING_ARRAY, value: ['a'] }, { tag: T.PROVIDEVERSION, type: RpmType.STRING_ARRAY, value: ['1', '2'] }]))).toBe('RPM_COUNT_MISMATCH');
    const files = (di: number[], modes?: number[]): SynthEntry[] => [
      ...base,
      { tag: T.DIRNAMES, type: RpmType.STRING_ARRAY, value: ['/a/'] },
      { tag: T.BASENAMES, type: RpmType.STRING_ARRAY, value: ['x', 'y'] },
      { tag: T.DIRINDEXES, type: RpmType.INT32, value: di },
      ...(modes ? [{ tag: T.FILEMODES, type: RpmType.INT16, value: modes }] : []),
    ];
    expect(codeOf(read(files([0])))).toBe('RPM_COUNT_MISMATCH');
    expect(codeOf(read(files([0, 1])))).toBe('RPM_BAD_DIRINDEX');
    expect(codeOf(read(files([0, 0], [0o644])))).toBe('RPM_COUNT_MISMATCH');
    expect(read(base.filter((e) => e.tag !== T.RELEASE))).toThrow(/^bad\.rpm: main header has no RELEASE \(1002\)$/);
  });
});
