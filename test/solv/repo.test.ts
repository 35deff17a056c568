import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Pool, sniffCompression } from '../../src/solv/index.js';
import { GooseError } from '../../src/errors.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const repodata = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'repodata');
const gz = readFileSync(join(repodata, readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!));
const xml = gunzipSync(gz);

function error(fn: () => void): GooseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GooseError) return e;
    throw e;
  }
  throw new Error('expected a GooseError');
}

describe('Repo.addRpmmd', () => {
  it('reads plain and gzip primary alike', () => {
    const counts = [xml, gz].map((bytes) => {
      using pool = new Pool({ arch: 'x86_64' });
      const repo = pool.addRepo('r');
      repo.addRpmmd(bytes);
      return repo.nsolvables;
    });
    expect(counts[0]).toBeGreaterThan(50);
    expect(counts[1]).toBe(counts[0]);
  });
  it('truncated XML is REPO_PARSE naming the file and line', () => {
    using pool = new Pool();
    const cut = xml.subarray(0, Math.floor(xml.length / 2));
    const e = error(() => pool.addRepo('r').addRpmmd(cut, { file: 'cut-primary.xml' }));
    expect(e.code).toBe('REPO_PARSE');
    expect(e.file).toBe('cut-primary.xml');
    expect(e.line).toBeGreaterThan(1);
    expect(e.message).toMatch(/^cut-primary\.xml:\d+: /);
  });
  it('a truncated gzip stream is DECOMPRESSION_FAILED', () => {
    using pool = new Pool();
    const e = error(() => pool.addRepo('r').addRpmmd(gz.subarray(0, gz.length - 100), { file: 'p.xml.gz' }));
    expect(e.code).toBe('DECOMPRESSION_FAILED');
    expect(e.file).toBe('p.xml.gz');
  });
  it('garbage and empty input are typed errors, and the pool stays usable', () => {
    using pool = new Pool();
    expect(error(() => pool.addRepo('a').addRpmmd(new Uint8Array([1, 2, 3, 4, 5]), { file: 'junk' })).code).toBe('REPO_PARSE');
    expect(error(() => pool.addRepo('b').addRpmmd(new Uint8Array(0), { file: 'empty' })).code).toBe('REPO_PARSE');
    const ok = pool.addRepo('c');
    ok.addRpmmd(xml);
    expect(ok.nsolvables).toBeGreaterThan(50);
  });
  it('a decompression bomb stops at maxBytes', () => {
    using pool = new Pool();
    const e = error(() => pool.addRepo('r').addRpmmd(gz, { file: 'bomb.gz', maxBytes: 1000 }));
    expect(e.code).toBe('DECOMPRESSION_TOO_LARGE');
  });
  it('zchunk is refused with a clear message', () => {
    using pool = new Pool();
    const zck = new Uint8Array([0, 0x5a, 0x43, 0x4b, 0x31, 1, 2, 3]);
    expect(sniffCompression(zck)).toBe('zchunk');
    expect(error(() => pool.addRepo('r').addRpmmd(zck, { file: 'p.xml.zck' })).code).toBe('ZCHUNK_UNSUPPORTED');
  });
  it('round-trips through .solv bytes', () => {
    using pool = new Pool({ arch: 'x86_64' });
    const a = pool.addRepo('a');
    a.addRpmmd(gz);
    const b = pool.addRepo('b');
    b.addSolv(a.writeSolv());
    expect(b.solvables().map((s) => s.nevra)).toEqual(a.solvables().map((s) => s.nevra));
    // libsolv's repo_write stores each dependency list sorted (as dnf's own .solv caches do), so
    // compare them as sets; the pre-requires split is kept.
    const deps = (r: typeof a) => r.solvables().map((s) => [s.deps('requires', 'plain').sort().join(), s.deps('requires', 'pre').sort().join(), s.deps('provides').sort().join()]);
    expect(deps(b)).toEqual(deps(a));
    expect(error(() => pool.addRepo('c').addSolv(new Uint8Array([1, 2, 3]), { file: 'bad.solv' })).code).toBe('REPO_PARSE');
  });
});

describe('Repo.addRpmmdSegments', () => {
  it('reads segments as one document: the same repo as one buffer, however the bytes are cut', () => {
    const whole = (() => {
      using pool = new Pool({ arch: 'x86_64' });
      const repo = pool.addRepo('r');
      repo.addRpmmd(xml);
      return repo.writeSolv();
    })();
    // Cuts at odd places (inside a tag, across the 8 KB reads), empty segments, and a generator.
    const at = [0, 1, 5000, 8191, 8192, 8193, Math.floor(xml.length / 2), xml.length - 3, xml.length];
    const pieces = at.slice(1).map((end, i) => xml.subarray(at[i], end));
    function* generated() {
      for (const p of pieces) {
        yield new Uint8Array(0);
        yield p;
      }
    }
    for (const segments of [[xml], pieces, generated()]) {
      using pool = new Pool({ arch: 'x86_64' });
      const repo = pool.addRepo('r');
      repo.addRpmmdSegments(segments);
      expect(Buffer.from(repo.writeSolv()).equals(Buffer.from(whole))).toBe(true);
    }
  });
  it('malformed XML is REPO_PARSE naming the line; an error of the generator is rethrown; the pool stays usable', () => {
    using pool = new Pool();
    const e = error(() => pool.addRepo('r').addRpmmdSegments([xml.subarray(0, Math.floor(xml.length / 2))], { file: 'cut.xml' }));
    expect(e.code).toBe('REPO_PARSE');
    expect(e.line).toBeGreaterThan(1);
    function* failing() {
      yield xml.subarray(0, 20000);
      throw new Error('the source went away');
    }
    expect(() => pool.addRepo('s').addRpmmdSegments(failing())).toThrow('the source went away');
    const repo = pool.addRepo('t');
    repo.addRpmmdSegments([xml]);
    expect(repo.nsolvables).toBeGreaterThan(50);
  });
});
