/**
 * openRepos/finishPool on every form a repository comes in: the same packages must come out of
 * rpm-md XML (gz, xz, zstd, bz2), sqlite, a folder of .rpm files and the .solv cache; damaged
 * inputs must give typed errors that name the file. Tests never touch the user's cache: each uses
 * `noCache` or a temporary `cacheDir`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { finishPool, openRepo, openRepos, type LoadedRepo, type OpenOptions } from '../../src/repodata/open.js';
import { Pool, Repo, constants, depKeys, type DepKind } from '../../src/solv/index.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

const REPOS = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos');
const BINARY = join(REPOS, 'binary');
const KINDS = Object.keys(depKeys) as DepKind[];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'goose-open-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Every solvable of the loaded repos as one line: NEVRA, sourcerpm and every dependency list
 * (each kind sorted; provides without the file provides finishPool adds), sorted.
 */
function solvables(pool: Pool, repos: LoadedRepo[], options: { location?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const r of repos) {
    for (const s of r.repo.solvables()) {
      const deps = KINDS.map((k) => `${k}: ${s.deps(k, k === 'provides' ? 'plain' : 'all').sort().join(', ')}`);
      const pre = `requires(pre): ${s.deps('requires', 'pre').sort().join(', ')}`;
      lines.push([s.nevra, `sourcerpm: ${s.sourcerpm ?? '-'}`, ...(options.location ? [`location: ${s.location}`] : []), ...deps, pre].join(' | '));
    }
  }
  return lines.sort();
}

/** Opens `sources` into a fresh pool; returns the pool, the repos and their solvable lines. */
async function load(sources: string[], options: OpenOptions = { noCache: true }) {
  const pool = new Pool({ arch: 'x86_64' });
  const repos = await openRepos(pool, sources, options);
  await finishPool(pool, repos, { ...options, filelists: 'never' });
  return { pool, repos, lines: solvables(pool, repos, { location: true }) };
}

/** The typed error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<GooseError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(GooseError);
  return e as GooseError;
}

/** Writes a repository whose repomd.xml names only `primary`: `file` with `bytes` (checksum and size as given, or the right ones). */
function repoWithPrimary(name: string, file: string, bytes: Uint8Array | undefined, checksum?: string): string {
  const root = join(tmp, name);
  mkdirSync(join(root, 'repodata'), { recursive: true });
  const sum = checksum ?? createHash('sha256').update(bytes ?? new Uint8Array()).digest('hex');
  if (bytes) writeFileSync(join(root, 'repodata', file), bytes);
  writeFileSync(join(root, 'repodata', 'repomd.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo">
  <revision>1</revision>
  <data type="primary">
    <checksum type="sha256">${sum}</checksum>
    <location href="repodata/${file}"/>
    <size>${bytes?.length ?? 0}</size>
  </data>
</repomd>
`);
  return root;
}

/** The primary metadata file of a fixture repository. */
function primaryOf(repo: string): { file: string; bytes: Buffer } {
  const file = readdirSync(join(repo, 'repodata')).find((f) => /-primary\.xml\.[a-z0-9]+$/.test(f))!;
  return { file, bytes: readFileSync(join(repo, 'repodata', file)) };
}

describe('openRepos: every form of the example repository gives the same solvables', () => {
  let reference: string[];
  beforeAll(async () => {
    const r = await load([BINARY]);
    expect(r.repos[0].format).toBe('rpm-md');
    reference = r.lines;
    r.pool.free();
  });
  it('reads the 63 binaries with their dependency lists', () => {
    expect(reference).toHaveLength(63);
    expect(reference.find((l) => l.startsWith('filesystem-'))).toContain('requires(pre): setup');
    expect(reference.find((l) => l.startsWith('coreutils-'))).toContain('obsoletes: fileutils <= 4.1, sh-utils <= 2.0.12, textutils <= 2.1');
  });
  for (const variant of ['xz', 'zstd', 'bz2']) {
    it(`${variant}-compressed metadata`, async () => {
      const r = await load([join(REPOS, 'variants', variant)]);
      expect(r.repos[0].format).toBe('rpm-md');
      expect(r.lines).toEqual(reference);
      r.pool.free();
    });
  }
  it('sqlite-only metadata (primary_db)', async () => {
    const r = await load([join(REPOS, 'variants', 'sqlite-only')]);
    expect(r.repos[0].format).toBe('rpm-md-sqlite');
    expect(r.lines).toEqual(reference);
    r.pool.free();
  });
  it('sqlite preferred over the XML beside it', async () => {
    const r = await load([BINARY], { noCache: true, preferSqlite: true });
    expect(r.repos[0].format).toBe('rpm-md-sqlite');
    expect(r.lines).toEqual(reference);
    r.pool.free();
  });
  it('a folder of the .rpm files, read from their headers', async () => {
    const pool = new Pool({ arch: 'x86_64' });
    const repos = await openRepos(pool, [join(BINARY, 'Packages')], { noCache: true });
    await finishPool(pool, repos, { filelists: 'never' });
    expect(repos[0].format).toBe('rpm-files');
    expect(repos[0].warnings).toEqual([]);
    // Locations differ legitimately: relative to the folder given (`gcc-....rpm`), not the
    // repository root (`Packages/gcc-....rpm`); everything else is the same.
    expect(solvables(pool, repos)).toEqual(reference.map((l) => l.replace(/ \| location: \S*/, '')));
    expect(repos[0].repo.solvables().map((s) => s.location).every((l) => l?.endsWith('.rpm') && !l.includes('/'))).toBe(true);
    pool.free();
  });
  it('one .rpm file', async () => {
    const gcc = readdirSync(join(BINARY, 'Packages')).find((f) => f.startsWith('gcc-1'))!;
    const r = await load([join(BINARY, 'Packages', gcc)]);
    expect(r.repos[0].format).toBe('rpm-files');
    expect(r.lines.map((l) => l.replace(/ \| location: \S*/, ''))).toEqual(reference.filter((l) => l.startsWith('gcc-1')).map((l) => l.replace(/ \| location: \S*/, '')));
    r.pool.free();
  });
});

describe('openRepos: the .solv cache', () => {
  it('writes on the first load, reads on the second, with identical solvables', async () => {
    const cacheDir = join(tmp, 'cache');
    const first = await load([BINARY], { cacheDir });
    expect(first.repos[0].format).toBe('rpm-md');
    expect(readdirSync(join(cacheDir, 'solv')).filter((f) => f.endsWith('.solv'))).toHaveLength(1);
    const second = await load([BINARY], { cacheDir });
    expect(second.repos[0].format).toBe('solv-cache');
    expect(second.lines).toEqual(first.lines);
    first.pool.free();
    second.pool.free();
  });
  it('keys the cache by the metadata form: sqlite and XML of one repomd do not share an entry', async () => {
    const cacheDir = join(tmp, 'cache-forms');
    await load([BINARY], { cacheDir }).then((r) => r.pool.free());
    const db = await load([BINARY], { cacheDir, preferSqlite: true });
    expect(db.repos[0].format).toBe('rpm-md-sqlite');
    db.pool.free();
  });
  it('falls back to the metadata when the cache entry is damaged', async () => {
    const cacheDir = join(tmp, 'cache-damaged');
    const first = await load([BINARY], { cacheDir });
    const entry = readdirSync(join(cacheDir, 'solv')).find((f) => f.endsWith('.solv'))!;
    writeFileSync(join(cacheDir, 'solv', entry), 'not a solv file');
    const second = await load([BINARY], { cacheDir });
    expect(second.repos[0].format).toBe('rpm-md');
    expect(second.lines).toEqual(first.lines);
    first.pool.free();
    second.pool.free();
  });
  it('falls back to the metadata when a part is damaged or the file cut short (the module reads the parts from the file)', async () => {
    const cacheDir = join(tmp, 'cache-damaged-part');
    const first = await load([BINARY], { cacheDir });
    const path = join(cacheDir, 'solv', readdirSync(join(cacheDir, 'solv')).find((f) => f.endsWith('.solv'))!);
    const good = readFileSync(path);
    const n = good.readUInt32LE(4);
    const damaged = Buffer.from(good);
    damaged.fill(0xff, 8 + 4 * n, 8 + 4 * n + 16); // the first part's SOLV header
    for (const bytes of [damaged, good.subarray(0, good.length - 1)]) {
      writeFileSync(path, bytes);
      const again = await load([BINARY], { cacheDir });
      expect(again.repos[0].format).toBe('rpm-md');
      expect(again.lines).toEqual(first.lines);
      again.pool.free();
    }
    first.pool.free();
  });
});

describeWithData('openRepos: real data, XML and sqlite', () => {
  it('fedora-srpms-unitedrpms: primary.xml.gz and primary.sqlite.bz2 give identical solvables', async () => {
    const repo = sharedPath('fedora-srpms-unitedrpms');
    const xml = await load([repo]);
    const db = await load([repo], { noCache: true, preferSqlite: true });
    expect(xml.repos[0].format).toBe('rpm-md');
    expect(db.repos[0].format).toBe('rpm-md-sqlite');
    expect(xml.lines).toHaveLength(82);
    expect(xml.lines.every((l) => /\.src \|/.test(l.split(' | sourcerpm')[0] + ' |'))).toBe(true);
    expect(db.lines).toEqual(xml.lines);
    xml.pool.free();
    db.pool.free();
  });
});

describe('finishPool: the cached check for unresolved file dependencies, file provides and filelists', () => {
  /**
   * Opens `source` with filelists `mode`: whether its filelists were loaded, the solvable lines,
   * every solvable's file provides in order (what addFileProvides added), who provides `/bin/sh`
   * and who owns `/usr/bin/objdump` (a path only filelists.xml has).
   */
  async function finish(options: OpenOptions, mode: OpenOptions['filelists'] = 'auto', source = BINARY) {
    const pool = new Pool({ arch: 'x86_64' });
    try {
      const repos = await openRepos(pool, [source], options);
      await finishPool(pool, repos, { ...options, filelists: mode });
      const fileProvides = repos.flatMap((r) => r.repo.solvables().map((s) => `${s.nevra}: ${s.deps('provides', 'pre').join(', ')}`));
      const owners = (path: string) => pool.jobSolvables(pool.select(path, constants.SELECTION_FILELIST));
      return { filelists: repos[0].filelists?.loaded, lines: solvables(pool, repos), fileProvides, sh: [...pool.whatProvidesIds(pool.parseDep('/bin/sh').id)], objdump: owners('/usr/bin/objdump') };
    } finally {
      pool.free();
    }
  }
  const checkFiles = (cacheDir: string) => readdirSync(join(cacheDir, 'solv')).filter((f) => f.startsWith('filedeps-'));
  const entryOf = (cacheDir: string) => JSON.parse(readFileSync(join(cacheDir, 'solv', checkFiles(cacheDir)[0]), 'utf8')) as { unresolved?: boolean; strings: string[] };

  it('is written on the first run and read on the second, with the same pool as without a cache', async () => {
    const cacheDir = join(tmp, 'cache-filedeps');
    const uncached = await finish({ noCache: true });
    const first = await finish({ cacheDir });
    const files = checkFiles(cacheDir);
    expect(files).toHaveLength(1);
    expect(entryOf(cacheDir).unresolved).toBe(uncached.filelists);
    const second = await finish({ cacheDir });
    for (const run of [first, second]) expect(run).toEqual(uncached);
  });

  it('filelists loaded (mode always): the file provides come back in their order and the filelists from their .solv extension', async () => {
    const cacheDir = join(tmp, 'cache-filedeps-always');
    const uncached = await finish({ noCache: true }, 'always');
    expect(uncached.filelists).toBe(true);
    expect(uncached.objdump.length).toBeGreaterThan(0);
    expect(uncached.fileProvides.some((l) => !l.endsWith(': '))).toBe(true);
    const first = await finish({ cacheDir }, 'always');
    expect(readdirSync(join(cacheDir, 'solv')).filter((f) => f.endsWith('.filelists.solvx'))).toHaveLength(1);
    expect(entryOf(cacheDir).strings.length).toBeGreaterThan(0);
    // The second run neither searches the file lists nor parses filelists.xml.
    const search = vi.spyOn(Pool.prototype, 'addFileProvides');
    const xml = vi.spyOn(Repo.prototype, 'addRpmmd');
    const second = await finish({ cacheDir }, 'always');
    expect([search.mock.calls.length, xml.mock.calls.length]).toEqual([0, 0]);
    vi.restoreAllMocks();
    for (const run of [first, second]) expect(run).toEqual(uncached);
    // Another mode is another entry.
    await finish({ cacheDir }, 'never');
    expect(checkFiles(cacheDir)).toHaveLength(2);
  });

  it('decides from the stored answer (flipped here: the other choice is made), and works again when the entries are damaged', async () => {
    const cacheDir = join(tmp, 'cache-filedeps-forced');
    const first = await finish({ cacheDir });
    const path = join(cacheDir, 'solv', checkFiles(cacheDir)[0]);
    const entry = entryOf(cacheDir);
    writeFileSync(path, JSON.stringify({ ...entry, unresolved: !first.filelists }));
    expect((await finish({ cacheDir })).filelists).toBe(!first.filelists);
    writeFileSync(path, 'damaged');
    expect(await finish({ cacheDir })).toEqual(first);
    expect(entryOf(cacheDir)).toEqual(entry);
    // File provides naming a string the pool lacks, and a damaged filelists extension: computed again.
    writeFileSync(path, JSON.stringify({ ...entry, strings: entry.strings.map((s) => `${s}-missing`) }));
    for (const f of readdirSync(join(cacheDir, 'solv')).filter((x) => x.endsWith('.filelists.solvx'))) writeFileSync(join(cacheDir, 'solv', f), 'damaged');
    expect(await finish({ cacheDir })).toEqual(first);
    expect(entryOf(cacheDir)).toEqual(entry);
  });
});

describe('finishPool: lazyIndex leaves the provides index to its first use, with the same answers', () => {
  it('builds no index at the end, then answers whatprovides, select and solves as an indexed pool does', async () => {
    const answers = async (options: OpenOptions) => {
      const pool = new Pool({ arch: 'x86_64' });
      try {
        const repos = await openRepos(pool, [BINARY], options);
        const build = vi.spyOn(Pool.prototype, 'createWhatProvides');
        await finishPool(pool, repos, options);
        const atFinish = build.mock.calls.length;
        vi.restoreAllMocks();
        const sh = [...pool.whatProvidesIds(pool.parseDep('/bin/sh').id)];
        const libc = [...pool.whatProvidesIds(pool.parseDep('libc.so.6()(64bit)').id)];
        const selected = [...pool.jobSolvables(pool.select('bash'))];
        return { atFinish, sh, libc, selected, lines: solvables(pool, repos) };
      } finally {
        pool.free();
      }
    };
    const eager = await answers({ noCache: true, filelists: 'never' });
    const lazy = await answers({ noCache: true, filelists: 'never', lazyIndex: true });
    expect(eager.atFinish).toBe(1);
    expect(lazy.atFinish).toBe(0);
    expect(eager.sh.length).toBeGreaterThan(0);
    expect(eager.selected.length).toBeGreaterThan(0);
    expect({ ...lazy, atFinish: 1 }).toEqual(eager);
  });
});

describe('openRepos: damaged input gives a typed error naming the file', () => {
  for (const [variant, ext] of [['binary', 'gz'], ['xz', 'xz'], ['zstd', 'zst'], ['bz2', 'bz2']] as const) {
    it(`truncated .${ext} (checksum updated, so the damage reaches the decompressor)`, async () => {
      const { file, bytes } = primaryOf(variant === 'binary' ? BINARY : join(REPOS, 'variants', variant));
      expect(file.endsWith(`.${ext}`)).toBe(true);
      const root = repoWithPrimary(`truncated-${ext}`, file, bytes.subarray(0, bytes.length >> 1));
      const e = await rejection(openRepos(new Pool(), [root], { noCache: true }));
      expect(e.code).toBe('DECOMPRESSION_FAILED');
      expect(e.file).toBe(`${root}/repodata/${file}`);
      expect(e.message).toContain(file);
    });
  }
  it('wrong checksum in repomd.xml: CHECKSUM_MISMATCH', async () => {
    const { file, bytes } = primaryOf(BINARY);
    const root = repoWithPrimary('bad-checksum', file, bytes, '0'.repeat(64));
    const e = await rejection(openRepos(new Pool(), [root], { noCache: true }));
    expect(e.code).toBe('CHECKSUM_MISMATCH');
    expect(e.message).toContain(file);
  });
  it('missing primary file: REPO_FILE_MISSING', async () => {
    const root = repoWithPrimary('missing-primary', 'abc-primary.xml.gz', undefined);
    const e = await rejection(openRepos(new Pool(), [root], { noCache: true }));
    expect(e.code).toBe('REPO_FILE_MISSING');
    expect(e.file).toContain('abc-primary.xml.gz');
  });
  it('repomd.xml without primary: REPOMD_NO_PRIMARY', async () => {
    const root = join(tmp, 'no-primary');
    mkdirSync(join(root, 'repodata'), { recursive: true });
    writeFileSync(join(root, 'repodata', 'repomd.xml'), '<repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision></repomd>\n');
    const e = await rejection(openRepos(new Pool(), [root], { noCache: true }));
    expect(e.code).toBe('REPOMD_NO_PRIMARY');
    expect(e.file).toBe(`${root}/repodata/repomd.xml`);
  });
  it('zchunk primary: ZCHUNK_UNSUPPORTED', async () => {
    const dir = join(sharedPath('createrepo_c', 'repo_03'), 'repodata');
    const zck = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('-primary.xml.zck')) : undefined;
    // Without the shared data, a zchunk header is enough to be recognised.
    const bytes = zck ? readFileSync(join(dir, zck)) : Buffer.from('\0ZCK1\x81\x00\x00');
    const root = repoWithPrimary('zchunk', 'x-primary.xml.zck', bytes);
    const e = await rejection(openRepos(new Pool(), [root], { noCache: true }));
    expect(e.code).toBe('ZCHUNK_UNSUPPORTED');
    expect(e.file).toContain('x-primary.xml.zck');
  });
  it('unknown repository path: REPO_NOT_FOUND', async () => {
    const e = await rejection(openRepos(new Pool(), [join(tmp, 'no-such-repo')], { noCache: true }));
    expect(e.code).toBe('REPO_NOT_FOUND');
    expect(e.file).toBe(join(tmp, 'no-such-repo'));
  });
});

describeWithData('openRepos: malformed XML from createrepo_c\'s test data', () => {
  it('a primary cut off mid-element: REPO_PARSE with file and line', async () => {
    const bytes = readFileSync(sharedPath('createrepo_c', 'repodata_snippets', 'primary_snippet_02.xml'));
    const root = repoWithPrimary('malformed', 'm-primary.xml', bytes);
    const e = await rejection(openRepos(new Pool(), [root], { noCache: true }));
    expect(e.code).toBe('REPO_PARSE');
    expect(e.file).toBe(`${root}/repodata/m-primary.xml`);
    expect(e.line).toBeGreaterThan(0);
  });
  it('the same, gzip-compressed', async () => {
    const bytes = gzipSync(readFileSync(sharedPath('createrepo_c', 'repodata_snippets', 'primary_snippet_02.xml')));
    const root = repoWithPrimary('malformed-gz', 'm-primary.xml.gz', bytes);
    const e = await rejection(openRepos(new Pool(), [root], { noCache: true }));
    expect(e.code).toBe('REPO_PARSE');
    expect(e.file).toContain('m-primary.xml.gz');
  });
});

describe('decompression bombs', () => {
  // openRepos has no size-limit option; the limit lives on Repo.addRpmmd (maxBytes), which
  // openRepos calls with its default (2 GiB - 1). Tested where it can be set.
  it('a small gz that expands past maxBytes: DECOMPRESSION_TOO_LARGE naming the file', () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('<?xml version="1.0"?><metadata packages="0">'), Buffer.alloc(16 << 20, 0x20), Buffer.from('</metadata>')]));
    expect(bomb.length).toBeLessThan(64 << 10);
    const pool = new Pool();
    const repo = pool.addRepo('bomb');
    let e: unknown;
    try {
      repo.addRpmmd(bomb, { file: 'bomb-primary.xml.gz', maxBytes: 1 << 20 });
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(GooseError);
    expect((e as GooseError).code).toBe('DECOMPRESSION_TOO_LARGE');
    expect((e as GooseError).file).toBe('bomb-primary.xml.gz');
    pool.free();
  });
});

describe('openRepos: a copied repository opens from its new place', () => {
  it('reads a copy of the xz variant with the same solvables as the original', async () => {
    const src = join(REPOS, 'variants', 'xz', 'repodata');
    const root = join(tmp, 'copy-xz');
    mkdirSync(join(root, 'repodata'), { recursive: true });
    for (const f of readdirSync(src)) copyFileSync(join(src, f), join(root, 'repodata', f));
    const a = await load([root]);
    const b = await load([join(REPOS, 'variants', 'xz')]);
    expect(a.lines).toEqual(b.lines);
    expect(a.repos[0].id).toBe('copy-xz');
    a.pool.free();
    b.pool.free();
  });
});

describe('openRepo', () => {
  it('opens one source into a finished pool of its own', async () => {
    const { pool, repos } = await openRepo(join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary'), { noCache: true });
    try {
      expect(repos).toHaveLength(1);
      expect(repos[0].comps?.groups.map((g) => g.id)).toContain('build');
      expect(pool.whatProvides('gcc').map((s) => s.name)).toContain('gcc');
    } finally {
      pool.free();
    }
  });
  it('frees the pool and rethrows the typed error when the source is missing', async () => {
    await expect(openRepo('/nonexistent/goose-repo', { noCache: true })).rejects.toMatchObject({ code: 'REPO_NOT_FOUND' });
  });
});

describe('openRepos: a .repo file\'s exclude and includepkgs', () => {
  /** A .repo file for the example binaries with `extra` lines in its section. */
  function repoFile(name: string, extra: string): string {
    const file = join(tmp, `${name}.repo`);
    writeFileSync(file, `[${name}]\nbaseurl=file://${BINARY}\n${extra}\n`);
    return file;
  }
  const names = (pool: Pool, ids: readonly number[]) => ids.map((id) => pool.solvable(id).name).sort();

  it('are data on the loaded repo, applied by finishPool to exactly the repos it is given', async () => {
    const pool = new Pool({ arch: 'x86_64' });
    try {
      const [ex] = await openRepos(pool, [repoFile('ex', 'exclude=gcc-[!p]* perl-[[:upper:]]*')], { noCache: true });
      // fnmatch globs (query/glob.ts): gcc by its name-evr form, not gcc-plugin-devel; a [:class:].
      expect(names(pool, ex.excludedIds)).toEqual(['gcc', 'perl-ExtUtils-MakeMaker']);
      expect(ex.excluded).toBe(2);
      expect(pool.excluded).toEqual([]); // nothing happens behind the caller's back
      await finishPool(pool, [ex], { filelists: 'never' });
      expect(names(pool, pool.excluded)).toEqual(['gcc', 'perl-ExtUtils-MakeMaker']);
      expect(pool.whatProvides('gcc').map((s) => s.name)).toEqual([]);
      expect(pool.whatProvides('gcc-plugin-devel').map((s) => s.name)).toEqual(['gcc-plugin-devel']);
    } finally {
      pool.free();
    }
  });

  it('includepkgs keeps only what matches; a second pool given other repos is not touched', async () => {
    const pool = new Pool({ arch: 'x86_64' });
    const other = new Pool({ arch: 'x86_64' });
    try {
      const [inc] = await openRepos(pool, [repoFile('inc', 'includepkgs=gcc* zlib')], { noCache: true });
      expect(inc.repo.nsolvables - inc.excludedIds.length).toBe(3);
      const kept = inc.repo.solvables().filter((s) => !inc.excludedIds.includes(s.id)).map((s) => s.name).sort();
      expect(kept).toEqual(['gcc', 'gcc-plugin-devel', 'zlib']);
      const plain = await openRepos(other, [BINARY], { noCache: true });
      await finishPool(other, plain, { filelists: 'never' });
      expect(other.excluded).toEqual([]);
    } finally {
      pool.free();
      other.free();
    }
  });
});
