/**
 * Structural damage to the lead and headers: each kind gives its own GooseError code, and each is
 * also rejected by rpm itself (checked by running `rpm -qp` on the damaged file).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { readRpmLayout } from '../../src/rpm/layout.js';
import { readRpmPackage } from '../../src/rpm/package.js';
import { RpmTag, RpmType } from '../../src/rpm/tags.js';
import { basicEntries, buildRpm } from '../helpers/rpm-synth.js';

const GOOD = buildRpm({
  main: [
    ...basicEntries('shape', '1', '1'),
    { tag: RpmTag.EPOCH, type: RpmType.INT32, value: [2] },
    { tag: RpmTag.REQUIRENAME, type: RpmType.STRING_ARRAY, value: ['a', 'b'] },
  ],
  payload: new Uint8Array(64),
});
const { header: MAIN } = readRpmLayout(GOOD, 'good.rpm');
const MAIN_AT = MAIN.start;
const SIG_AT = 96;
/** Main header index order: region, NAME, VERSION, RELEASE, EPOCH, ARCH, SOURCERPM, REQUIRENAME. */
const IDX = { region: 0, name: 1, version: 2, release: 3, epoch: 4, arch: 5, sourcerpm: 6, requirename: 7 };
const IL = 8;
const DATA_AT = MAIN_AT + 16 + 16 * IL;

function put32(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0);
}
function get32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(at);
}
/** Copy of GOOD with `edit` applied. */
function damaged(edit: (b: Uint8Array) => void): Uint8Array {
  const b = GOOD.slice();
  edit(b);
  return b;
}
/** Sets field 0..3 (tag, type, offset, count) of main header index entry `i`. */
function setEntry(i: number, field: number, v: number): (b: Uint8Array) => void {
  return (b) => put32(b, MAIN_AT + 16 + 16 * i + 4 * field, v);
}
function entry(i: number, field: number): number {
  return get32(GOOD, MAIN_AT + 16 + 16 * i + 4 * field);
}

function codeOf(bytes: Uint8Array): string {
  try {
    readRpmPackage(bytes, 'damaged.rpm');
  } catch (e) {
    if (e instanceof GooseError) {
      expect(e.file).toBe('damaged.rpm');
      expect(e.message.startsWith('damaged.rpm: ')).toBe(true);
      return e.code;
    }
    throw e;
  }
  return 'OK';
}

const tmp = mkdtempSync(join(tmpdir(), 'goose-rpm-damage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function rpmAccepts(bytes: Uint8Array): boolean {
  const path = join(tmp, `case-${n++}.rpm`);
  writeFileSync(path, bytes);
  try {
    execFileSync('rpm', ['-qp', '--nosignature', '--nodigest', '--qf', '%{NAME}', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('rpm is not installed; this test needs it');
    return false;
  }
}

const CASES: Array<[string, (b: Uint8Array) => void, string]> = [
  ['lead magic', (b) => (b[1] = 0), 'RPM_BAD_MAGIC'],
  ['lead signature type', (b) => (b[79] = 1), 'RPM_BAD_SIGNATURE_TYPE'],
  ['lead major version 2', (b) => (b[4] = 2), 'RPM_UNSUPPORTED_VERSION'],
  ['lead major version 5', (b) => (b[4] = 5), 'RPM_UNSUPPORTED_VERSION'],
  ['signature header magic', (b) => (b[SIG_AT + 2] = 0), 'RPM_BAD_HEADER_MAGIC'],
  ['signature header reserved bytes', (b) => (b[SIG_AT + 5] = 1), 'RPM_BAD_HEADER_MAGIC'],
  ['main header magic', (b) => (b[MAIN_AT] = 0), 'RPM_BAD_HEADER_MAGIC'],
  ['signature header with 33 entries', (b) => put32(b, SIG_AT + 8, 33), 'RPM_HEADER_LIMIT'],
  ['signature header with 65 KiB of data', (b) => put32(b, SIG_AT + 12, 65 * 1024), 'RPM_HEADER_LIMIT'],
  ['main header with 65536 entries', (b) => put32(b, MAIN_AT + 8, 0x10000), 'RPM_HEADER_LIMIT'],
  ['main header with a negative entry count', (b) => put32(b, MAIN_AT + 8, 0xffffffff), 'RPM_HEADER_LIMIT'],
  ['main header with 256 MiB of data', (b) => put32(b, MAIN_AT + 12, 0x10000000), 'RPM_HEADER_LIMIT'],
  ['main header with no entries', (b) => put32(b, MAIN_AT + 8, 0), 'RPM_EMPTY_HEADER'],
  ['main header longer than the file', (b) => put32(b, MAIN_AT + 12, 0x01000000), 'RPM_TRUNCATED'],
  ['region entry of the wrong type', setEntry(IDX.region, 1, RpmType.INT32), 'RPM_BAD_REGION'],
  ['region trailer past the data', setEntry(IDX.region, 2, 0x7fff0000), 'RPM_BAD_REGION'],
  ['region trailer with another tag', (b) => put32(b, DATA_AT + entry(IDX.region, 2), 61), 'RPM_BAD_REGION'],
  ['region covering fewer entries', (b) => put32(b, DATA_AT + entry(IDX.region, 2) + 8, -16 * 7), 'RPM_BAD_REGION'],
  ['reserved tag number', setEntry(IDX.name, 0, 99), 'RPM_BAD_TAG'],
  ['unknown type', setEntry(IDX.arch, 1, 10), 'RPM_BAD_TYPE'],
  ['NULL type (on a tag rpm does not know)', (b) => { setEntry(IDX.arch, 0, 4999)(b); setEntry(IDX.arch, 1, 0)(b); }, 'RPM_BAD_TYPE'],
  ['known tag with a type rpm does not allow for it', setEntry(IDX.epoch, 1, RpmType.STRING_ARRAY), 'RPM_BAD_TAG_TYPE'],
  ['a string shortened by a stray NUL (leaves a hole in the data)', (b) => (b[DATA_AT + entry(IDX.arch, 2) + 2] = 0), 'RPM_DATA_SIZE_MISMATCH'],
  ['misaligned INT32', (b) => { setEntry(IDX.epoch, 2, entry(IDX.epoch, 2) + 1)(b); }, 'RPM_BAD_ALIGNMENT'],
  ['offset past the data store', setEntry(IDX.requirename, 2, 0x7ffffff0), 'RPM_OFFSET_OUT_OF_RANGE'],
  ['INT32 count past the data store', setEntry(IDX.epoch, 3, 0x40000000), 'RPM_OFFSET_OUT_OF_RANGE'],
  ['STRING with count 2', setEntry(IDX.arch, 3, 2), 'RPM_BAD_COUNT'],
  ['count 0', setEntry(IDX.epoch, 3, 0), 'RPM_BAD_COUNT'],
  ['more strings than the data holds', setEntry(IDX.requirename, 3, 1000), 'RPM_UNTERMINATED_STRING'],
  ['entry overlapping the previous one', setEntry(IDX.version, 2, entry(IDX.name, 2)), 'RPM_ENTRY_OVERLAP'],
];

describe('damaged headers', () => {
  it('the undamaged package reads, and rpm reads it', () => {
    expect(codeOf(GOOD)).toBe('OK');
    expect(rpmAccepts(GOOD)).toBe(true);
  });

  for (const [what, edit, code] of CASES) {
    it(`${what}: ${code}, and rpm rejects it too`, () => {
      const bytes = damaged(edit);
      expect(codeOf(bytes)).toBe(code);
      expect(rpmAccepts(bytes)).toBe(false);
    });
  }

  it('a tag twice: RPM_DUPLICATE_TAG (rpm reads one of them; we refuse to guess which)', () => {
    const bytes = damaged((b) => {
      setEntry(IDX.release, 0, RpmTag.VERSION)(b);
    });
    expect(codeOf(bytes)).toBe('RPM_DUPLICATE_TAG');
  });

  it('truncated anywhere before the end of the main header: RPM_TRUNCATED', () => {
    for (let len = 0; len < MAIN.end; len++) {
      const code = codeOf(GOOD.subarray(0, len));
      expect(code, `prefix of ${len} bytes`).toBe('RPM_TRUNCATED');
    }
    // Without the payload the header still reads: the reader never needs it.
    expect(codeOf(GOOD.subarray(0, MAIN.end))).toBe('OK');
  });

  it('checks limits before allocating: a huge claimed header on a short input fails at once', () => {
    const bytes = damaged((b) => put32(b, MAIN_AT + 12, 0x0fff0000));
    const t0 = performance.now();
    expect(codeOf(bytes)).toBe('RPM_TRUNCATED');
    expect(performance.now() - t0).toBeLessThan(50);
  });
});
