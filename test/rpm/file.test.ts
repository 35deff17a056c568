/**
 * Reading headers from disk: only the header bytes are read (never the payload), sync and async
 * agree, truncated and missing files are typed errors.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { readRpmFile, readRpmFileSync, readRpmHeaderBytes, readRpmHeaderBytesSync } from '../../src/rpm/file.js';
import { measureRpmHeaders } from '../../src/rpm/layout.js';
import { readRpmPackage } from '../../src/rpm/package.js';
import { RpmType } from '../../src/rpm/tags.js';
import { basicEntries, buildRpm } from '../helpers/rpm-synth.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-rpm-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GooseError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('readRpmHeaderBytes', () => {
  // A big signature header (forces a second read past the first 16 KiB) and a 4 MiB payload.
  const big = buildRpm({
    signature: [{ tag: 1000, type: RpmType.INT32, value: [1] }, { tag: 267, type: RpmType.BIN, value: new Uint8Array(20_000) }],
    main: [...basicEntries('big'), { tag: 1118, type: RpmType.STRING_ARRAY, value: Array.from({ length: 3000 }, (_, i) => `/usr/share/dir-${i}/`) }],
    payload: new Uint8Array(4 * 1024 * 1024).fill(0x5a),
  });
  const path = join(tmp, 'big-1.0-1.x86_64.rpm');
  writeFileSync(path, big);
  const pkg = readRpmPackage(big, path);

  it('reads exactly the lead and headers, not the payload', async () => {
    const bytes = await readRpmHeaderBytes(path);
    expect(bytes.length).toBe(pkg.headerRange.end);
    expect(bytes.length).toBeLessThan(statSync(path).size / 20);
    expect(readRpmHeaderBytesSync(path)).toEqual(bytes);
    expect(measureRpmHeaders(bytes, path)).toEqual({ complete: true, length: bytes.length });
  });

  it('sync and async give the package the in-memory reader gives', async () => {
    expect(await readRpmFile(path)).toEqual(pkg);
    expect(readRpmFileSync(path)).toEqual(pkg);
  });

  it('reports a file cut inside its headers as RPM_TRUNCATED, wherever the cut is', async () => {
    for (const cut of [0, 50, 96, 110, 200, 20_200, pkg.headerRange.start + 10, pkg.headerRange.end - 1]) {
      const p = join(tmp, `cut-${cut}.rpm`);
      writeFileSync(p, big.subarray(0, cut));
      expect(await codeOf(readRpmFile(p)), `cut at ${cut}`).toBe('RPM_TRUNCATED');
      expect(() => readRpmFileSync(p)).toThrow(GooseError);
    }
  });

  it('reads a file whose payload is cut off (only the headers matter)', async () => {
    const p = join(tmp, 'no-payload.rpm');
    writeFileSync(p, big.subarray(0, pkg.headerRange.end));
    expect((await readRpmFile(p)).name).toBe('big');
  });

  it('does not trust a header that claims more bytes than the file has', async () => {
    const claim = big.slice(0, 4096);
    const view = new DataView(claim.buffer);
    view.setUint32(96 + 12, 60 * 1024); // signature header data: 60 KiB, file has 4 KiB
    const p = join(tmp, 'liar.rpm');
    writeFileSync(p, claim);
    expect(await codeOf(readRpmFile(p))).toBe('RPM_TRUNCATED');
  });

  it('turns IO problems into RPM_READ_FAILED', async () => {
    expect(await codeOf(readRpmFile(join(tmp, 'missing.rpm')))).toBe('RPM_READ_FAILED');
    expect(await codeOf(readRpmFile(tmp))).toBe('RPM_READ_FAILED');
    expect(() => readRpmFileSync(join(tmp, 'missing.rpm'))).toThrow(/missing\.rpm: cannot read: no such file/);
  });

  it('rejects a non-RPM file from its first bytes', async () => {
    const p = join(tmp, 'text.rpm');
    writeFileSync(p, 'this is not an rpm\n'.repeat(10_000));
    expect(await codeOf(readRpmFile(p))).toBe('RPM_BAD_MAGIC');
  });
});

describeWithData('readRpmFile on the shared packages', () => {
  it('reads the same as reading the whole file, from fewer bytes', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = sharedPath('rpms', 'rpmlint-binary');
    let compared = 0;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const whole = readRpmPackage(readFileSync(p), p);
      const bytes = await readRpmHeaderBytes(p);
      expect(bytes.length).toBe(whole.headerRange.end);
      expect(await readRpmFile(p)).toEqual(whole);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});
