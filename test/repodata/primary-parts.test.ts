import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { packSolvParts, parsePieceToSolv, parsePrimaryToSolvParts, pieceCount, PIECE_BYTES, primaryToSolvParts, SPLIT_BYTES, splitPrimary, unpackSolvParts } from '../../src/repodata/primary-parts.js';
import { moduleFilterHere } from '../../src/repodata/modules-thread.js';
import { constants as C, Pool } from '../../src/solv/index.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function pkg(name: string, extra = ''): string {
  return `<package type="rpm">
  <name>${name}</name><arch>x86_64</arch><version epoch="0" ver="1.0" rel="1"/>
  <checksum type="sha256" pkgid="YES">${createHash('sha256').update(name).digest('hex')}</checksum>
  <packager>Someone &lt;package@example.org&gt;</packager>${extra}
  <format><rpm:sourcerpm>${name}-1.0-1.src.rpm</rpm:sourcerpm>
    <rpm:requires><rpm:entry name="lib${name}.so.1()(64bit)"/></rpm:requires></format>
</package>
`;
}

function primary(names: string[], between = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${names.length}">
${names.map((n, i) => (i === 2 ? between : '') + pkg(n)).join('')}</metadata>
`;
}

/** What a pool holds, in a form that does not depend on how dependency lists are sorted. */
function describePool(pool: Pool): string[] {
  const rows: string[] = [];
  for (const s of pool.solvables()) {
    const deps = (['provides', 'requires', 'conflicts', 'obsoletes', 'recommends', 'suggests', 'supplements', 'enhances'] as const).map((k) => `${k}=${s.deps(k).sort().join(',')}`);
    rows.push([s.nevra, s.sourcerpm ?? '', s.location ?? '', s.lookupStr(C.SOLVABLE_PKGID) ?? '', ...deps].join(' | '));
  }
  return rows;
}

/** The error code of parsing one piece, or undefined when it parses. */
function codeOfParse(piece: Uint8Array): string | undefined {
  try {
    parsePieceToSolv(piece, 'piece.xml');
    return undefined;
  } catch (e) {
    if (e instanceof GooseError) return e.code;
    throw e;
  }
}

function poolFromParts(parts: Uint8Array[]): Pool {
  const pool = new Pool({ arch: 'x86_64' });
  const repo = pool.addRepo('r');
  for (const p of parts) repo.addSolv(p);
  pool.createWhatProvides();
  return pool;
}

describe('pieceCount', () => {
  it('depends on the size alone: one piece below 24 MiB, two up to 192 MiB, then one per 64 MiB, at most 8', () => {
    const M = 1024 * 1024;
    expect(pieceCount(0)).toBe(1);
    expect(pieceCount(SPLIT_BYTES - 1)).toBe(1);
    expect(pieceCount(SPLIT_BYTES)).toBe(2);
    expect(pieceCount(191 * M)).toBe(2);
    expect(pieceCount(192 * M)).toBe(3);
    expect(pieceCount(PIECE_BYTES * 100)).toBe(8);
  });
});

describe('splitPrimary', () => {
  const names = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}`);
  const xml = enc(primary(names));

  it('cuts at <package> tags (not <packager>) into pieces that each carry the header and the closing tag', () => {
    const pieces = splitPrimary(xml, 3)!;
    expect(pieces).toHaveLength(3);
    const texts = pieces.map(dec);
    for (const t of texts) {
      expect(t.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<metadata ')).toBe(true);
      expect(t.trimEnd().endsWith('</metadata>')).toBe(true);
      expect(t.split('<package type="rpm">').length - 1).toBeGreaterThan(0);
    }
    // Every package is in exactly one piece, in order.
    const found = texts.flatMap((t) => [...t.matchAll(/<name>(p\d\d)<\/name>/g)].map((m) => m[1]));
    expect(found).toEqual(names);
  });

  it('gives one piece unchanged for n = 1, and undefined for something that is not a primary', () => {
    expect(splitPrimary(xml, 1)).toEqual([xml]);
    expect(splitPrimary(enc('<filelists></filelists>'), 2)).toBeUndefined();
    // One package: nothing to cut, the file is one piece (and its parse reports what is wrong).
    expect(splitPrimary(enc('<metadata><package type="rpm"></package>'), 2)).toHaveLength(1);
  });

  it('never makes more pieces than there are packages', () => {
    expect(splitPrimary(enc(primary(['a', 'b'])), 8)!.length).toBeLessThanOrEqual(2);
  });
});

describe('parsePrimaryToSolvParts and the pieces', () => {
  const names = Array.from({ length: 30 }, (_, i) => `n${String(i).padStart(2, '0')}`);

  it('pieces loaded in order give the same pool as one parse', () => {
    const xml = enc(primary(names));
    const whole = poolFromParts([parsePieceToSolv(xml, 'primary.xml')]);
    const pieces = splitPrimary(xml, 4)!;
    const parted = poolFromParts(pieces.map((p) => parsePieceToSolv(p, 'primary.xml')));
    try {
      expect(pieces).toHaveLength(4);
      expect(describePool(parted)).toEqual(describePool(whole));
      expect(describePool(whole)).toHaveLength(30);
    } finally {
      whole.free();
      parted.free();
    }
  });

  it('a malformed file fails with the error of the whole file: its real line', async () => {
    const bad = primary(names).replace('<name>n20</name>', '<name>n20</nmae>');
    const line = bad.slice(0, bad.indexOf('</nmae>')).split('\n').length;
    let whole: GooseError | undefined;
    try {
      parsePieceToSolv(enc(bad), 'bad.xml');
    } catch (e) {
      whole = e as GooseError;
    }
    expect(whole).toBeInstanceOf(GooseError);
    expect(whole!.message).toContain(`line ${line}`);
    // In pieces: the piece with the damage fails, and the whole file is parsed instead.
    const pieces = splitPrimary(enc(bad), 4)!;
    expect(pieces.filter((p) => codeOfParse(p) !== undefined)).toHaveLength(1);
    await expect(parsePrimaryToSolvParts(enc(bad), { file: 'bad.xml', pieces: 4 })).rejects.toThrow(`line ${line}`);
  });

  it('<package inside a comment makes a bad cut, and the whole-file parse still gives the right pool', async () => {
    const tricky = enc(primary(names, '<!-- <package type="rpm"> in a comment -->\n'));
    // Cut where the comment is: the first piece ends inside it, so it is not well-formed.
    const pieces = splitPrimary(tricky, 30)!;
    expect(pieces.some((p) => codeOfParse(p) !== undefined)).toBe(true);
    const parts = await parsePrimaryToSolvParts(tricky, { file: 'tricky.xml', pieces: 30 });
    expect(parts).toHaveLength(1);
    const pool = poolFromParts(parts);
    try {
      expect(describePool(pool).map((r) => r.split(' ')[0])).toEqual(names.map((n) => `${n}-1.0-1.x86_64`));
    } finally {
      pool.free();
    }
  });
});

describe('primaryToSolvParts on damaged gzip', () => {
  it('does not believe a trailer that states more than deflate can make of the file, and fails typed', async () => {
    const gz = Buffer.from(gzipSync(enc(primary(['a', 'b', 'c']))));
    gz.writeUInt32LE(0xfffffff0, gz.length - 4);
    const err = await primaryToSolvParts(gz, { file: 'lying.xml.gz' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GooseError);
    expect((err as GooseError).code).toBe('DECOMPRESSION_FAILED');
    expect((err as GooseError).file).toBe('lying.xml.gz');
  });
});

describe('packSolvParts / unpackSolvParts', () => {
  it('round-trips, and refuses what it did not write', () => {
    const parts = [enc('first'), enc(''), enc('third part')];
    const packed = packSolvParts(parts);
    expect(unpackSolvParts(packed)!.map(dec)).toEqual(['first', '', 'third part']);
    expect(unpackSolvParts(enc('SOLV\0\0\0\x08'))).toBeUndefined();
    expect(unpackSolvParts(packed.subarray(0, packed.length - 1))).toBeUndefined();
    expect(unpackSolvParts(new Uint8Array(3))).toBeUndefined();
  });
});

describeWithData('pieces of real primaries', () => {
  const appstream = (() => {
    const dir = sharedPath('centos-stream-9', 'appstream', 'repodata');
    return existsSync(dir) ? join(dir, readdirSync(dir).find((f) => f.endsWith('-primary.xml.gz'))!) : '';
  })();

  it.each([
    ['AppStream', appstream, 2, 17_649],
    ['bookworm binary', sharedPath('bookworm-rpmmd', 'binary', 'repodata', 'primary.xml.gz'), 2, 63_440],
  ])('%s: parsed in pieces, the pool equals the one-piece parse', async (_label, file, pieces, count) => {
    const xml = gunzipSync(readFileSync(file));
    expect(pieceCount(xml.length)).toBe(pieces);
    const parts = await parsePrimaryToSolvParts(xml, { file });
    expect(parts).toHaveLength(pieces);
    const parted = poolFromParts(parts);
    const whole = poolFromParts([parsePieceToSolv(xml, file)]);
    try {
      const a = describePool(parted);
      expect(a).toHaveLength(count);
      expect(a).toEqual(describePool(whole));
    } finally {
      parted.free();
      whole.free();
    }
  });

  it('AppStream: decompressed and cut in place, the same parts as from the whole file', async () => {
    const gz = readFileSync(appstream);
    const streamed = await primaryToSolvParts(gz, { file: appstream });
    const whole = await parsePrimaryToSolvParts(gunzipSync(gz), { file: appstream });
    expect(streamed).toHaveLength(2);
    expect(streamed.map((p, k) => Buffer.from(p).equals(Buffer.from(whole[k])))).toEqual([true, true]);
  });

  it('worker threads (compiled code in dist/) give the same parts as this thread', async () => {
    const distModule = join(PROJECT_ROOT, 'dist', 'repodata', 'primary-parts.js');
    expect(existsSync(distModule), 'dist/ is built by npm ci (prepare) or npm run build').toBe(true);
    const dist = (await import(distModule)) as typeof import('../../src/repodata/primary-parts.js');
    const xml = gunzipSync(readFileSync(appstream));
    const workers = dist.PieceWorkers.forSize(xml.length, 1);
    expect(workers).toBeDefined();
    let parts: Uint8Array[];
    try {
      parts = await dist.parsePrimaryToSolvParts(xml, { file: appstream, workers });
    } finally {
      await workers!.close();
    }
    const here = await parsePrimaryToSolvParts(xml, { file: appstream });
    expect(parts.length).toBe(2);
    expect(parts.map((p, k) => Buffer.from(p).equals(Buffer.from(here[k])))).toEqual([true, true]);
    // And the streaming path, with its workers started before inflating, and with one thread.
    for (const threads of [undefined, 1]) {
      const streamed = await dist.primaryToSolvParts(readFileSync(appstream), { file: appstream, threads });
      expect(streamed.map((p, k) => Buffer.from(p).equals(Buffer.from(here[k])))).toEqual([true, true]);
    }
  });

  it('a parse worker computes the module filter after its piece (and answers undefined for a job it cannot do)', async () => {
    const dist = (await import(join(PROJECT_ROOT, 'dist', 'repodata', 'primary-parts.js'))) as typeof import('../../src/repodata/primary-parts.js');
    const dir = sharedPath('centos-stream-9', 'appstream', 'repodata');
    const yaml = join(dir, readdirSync(dir).find((f) => f.endsWith('-modules.yaml.xz'))!);
    const job = { data: readFileSync(yaml), file: yaml, enable: [] };
    const here = await parsePrimaryToSolvParts(gunzipSync(readFileSync(appstream)), { file: appstream });
    const got = await dist.primaryToSolvPartsAndModules(readFileSync(appstream), { file: appstream, threads: 2, modules: job });
    expect(got.parts.map((p, k) => Buffer.from(p).equals(Buffer.from(here[k])))).toEqual([true, true]);
    expect(got.modules).toBeDefined();
    const filter = await got.modules!;
    expect(filter).toEqual(await moduleFilterHere(job));
    expect(filter!.excluded.length).toBeGreaterThan(0);
    // A damaged modules.yaml: the worker gives no filter, the caller computes it and reports the error.
    const bad = await dist.primaryToSolvPartsAndModules(readFileSync(appstream), { file: appstream, threads: 2, modules: { ...job, data: enc('- [unclosed') } });
    expect(await bad.modules!).toBeUndefined();
    // One thread: no worker takes the job.
    expect((await dist.primaryToSolvPartsAndModules(readFileSync(appstream), { file: appstream, threads: 1, modules: job })).modules).toBeUndefined();
  });

  it("worker threads given this thread's compiled libsolv (as the command line gives it) give the same parts", async () => {
    const solv = (await import(join(PROJECT_ROOT, 'dist', 'solv', 'index.js'))) as typeof import('../../src/solv/index.js');
    const dist = (await import(join(PROJECT_ROOT, 'dist', 'repodata', 'primary-parts.js'))) as typeof import('../../src/repodata/primary-parts.js');
    const compiled = await solv.compileLibsolv();
    expect(compiled).toBeDefined();
    solv.useCompiledLibsolv(compiled);
    try {
      const here = await parsePrimaryToSolvParts(gunzipSync(readFileSync(appstream)), { file: appstream });
      const streamed = await dist.primaryToSolvParts(readFileSync(appstream), { file: appstream });
      expect(streamed.map((p, k) => Buffer.from(p).equals(Buffer.from(here[k])))).toEqual([true, true]);
    } finally {
      solv.useCompiledLibsolv(undefined);
    }
  });
});
