/**
 * One header structure (the signature header or the main header): an 8-byte magic, the entry
 * count `il` and data length `dl`, `il` index entries of 16 bytes (tag, type, offset, count, all
 * big-endian) and a data store of `dl` bytes.
 *
 * Validation follows rpm's own (`hdrblobRead`, `hdrblobVerifyRegion`, `hdrblobVerifyInfo` in
 * lib/header.c) so that a header rpm rejects is rejected here too, with a specific code: the
 * limits on `il` and `dl`, the region tag and its trailer, and for every entry a tag >= 100, a known
 * type, natural alignment, an offset inside the data store, data that fits (strings NUL-terminated
 * inside it) and no overlap with the previous entry. All checks are linear in the header's size.
 */
import { GooseError, type InputErrorCode } from '../errors.js';
import { RpmTag, RpmType } from './tags.js';
import { isWrongTagType } from './tag-types.js';
import { decodeHeaderString } from './text.js';

/** One index entry, with `offset` relative to the start of the data store. */
export interface HeaderEntry {
  tag: number;
  type: number;
  offset: number;
  count: number;
  /** Byte length of the entry's data, as validated. */
  length: number;
}

/** Which of the two headers: they differ in region tag, size limits and padding. */
export type HeaderKind = 'signature' | 'main';

/** Size of the header introduction: magic (8), `il` (4), `dl` (4). */
export const HEADER_INTRO_SIZE = 16;

/** rpm's HEADER_TAGS_MAX: at most 65535 entries in a main header. */
export const HEADER_TAGS_MAX = 0xffff;
/** rpm's HEADER_DATA_MAX: a main header's data store is below 256 MiB. */
export const HEADER_DATA_MAX = 0x0fffffff;
/** rpm (>= 4.20) allows at most 32 entries in a signature header. */
export const SIGNATURE_TAGS_MAX = 32;
/** rpm (>= 4.20) allows at most 64 KiB of signature header data. */
export const SIGNATURE_DATA_MAX = 64 * 1024;
/** rpm's headerMaxbytes: a whole header blob is below 256 MiB. */
const HEADER_MAX_BYTES = 256 * 1024 * 1024;

const MAGIC = [0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0];
/** Byte size of one item per type; -1 for the string types, 0 for NULL (never valid on disk). */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, -1, 1, -1, -1];
const TYPE_ALIGN = [1, 1, 1, 2, 4, 8, 1, 1, 1, 1];
/** Tags below this are reserved for regions and the i18n table and never valid as data. */
const FIRST_DATA_TAG = 100;

const TYPE_NAMES = ['NULL', 'CHAR', 'INT8', 'INT16', 'INT32', 'INT64', 'STRING', 'BIN', 'STRING_ARRAY', 'I18NSTRING'];
const TAG_NAMES = new Map<number, string>(Object.entries(RpmTag).map(([k, v]) => [v, k]));

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

function i32(b: Uint8Array, at: number): number {
  return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}

/** Names a tag for messages: `NAME (1000)` or just the number. */
export function tagLabel(tag: number): string {
  const name = TAG_NAMES.get(tag);
  return name ? `${name} (${tag})` : String(tag);
}

/** The introduction of a header: entry count, data length and total size including padding. */
export interface HeaderIntro {
  il: number;
  dl: number;
  /** Bytes from the magic to the end of the data store, plus padding to 8 for a signature header. */
  size: number;
}

/**
 * Reads and checks a header's introduction at `pos`: magic and rpm's limits on `il` and `dl`.
 * Needs only 16 bytes, which is what lets a file reader learn how much more to read.
 */
export function readHeaderIntro(bytes: Uint8Array, pos: number, kind: HeaderKind, file: string): HeaderIntro {
  const what = kind === 'signature' ? 'signature header' : 'main header';
  if (bytes.length < pos + HEADER_INTRO_SIZE) {
    throw new GooseError('RPM_TRUNCATED', `file ends inside the ${what} introduction (at byte ${pos})`, { file });
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[pos + i] !== MAGIC[i]) {
      throw new GooseError('RPM_BAD_HEADER_MAGIC', `${what} magic 8e ad e8 01 00 00 00 00 not found at byte ${pos}`, { file });
    }
  }
  const il = i32(bytes, pos + 8);
  const dl = i32(bytes, pos + 12);
  const maxTags = kind === 'signature' ? SIGNATURE_TAGS_MAX : HEADER_TAGS_MAX;
  const maxData = kind === 'signature' ? SIGNATURE_DATA_MAX : HEADER_DATA_MAX;
  if (il < 0 || il > maxTags) {
    throw new GooseError('RPM_HEADER_LIMIT', `${what} claims ${il >>> 0} index entries (limit ${maxTags})`, { file });
  }
  if (dl < 0 || dl > maxData) {
    throw new GooseError('RPM_HEADER_LIMIT', `${what} claims ${dl >>> 0} bytes of data (limit ${maxData})`, { file });
  }
  if (il === 0) {
    throw new GooseError('RPM_EMPTY_HEADER', `${what} has no index entries`, { file });
  }
  const blob = 8 + 16 * il + dl;
  if (blob >= HEADER_MAX_BYTES) {
    throw new GooseError('RPM_HEADER_LIMIT', `${what} is ${blob} bytes (limit ${HEADER_MAX_BYTES})`, { file });
  }
  const pad = kind === 'signature' ? (8 - (dl % 8)) % 8 : 0;
  return { il, dl, size: HEADER_INTRO_SIZE + 16 * il + dl + pad };
}

/** A parsed, validated header whose typed getters decode its entries on demand. */
export class RpmHeader {
  /** Byte offset of the header's magic in the input. */
  readonly start: number;
  /** Byte offset just past the header (past the padding, for a signature header). */
  readonly end: number;
  /** True when the header starts with its region tag (every v4 header; not ancient v3 ones). */
  readonly hasRegion: boolean;
  private readonly bytes: Uint8Array;
  private readonly dataStart: number;
  private readonly entries = new Map<number, HeaderEntry>();
  private readonly file: string;

  /** Parses the header whose magic is at `pos`; throws a GooseError for anything rpm would reject. */
  constructor(bytes: Uint8Array, pos: number, kind: HeaderKind, file: string) {
    const what = kind === 'signature' ? 'signature header' : 'main header';
    const intro = readHeaderIntro(bytes, pos, kind, file);
    const { il, dl } = intro;
    const indexStart = pos + HEADER_INTRO_SIZE;
    const dataStart = indexStart + 16 * il;
    if (bytes.length < dataStart + dl) {
      throw new GooseError('RPM_TRUNCATED', `file ends inside the ${what} (needs ${dataStart + dl - pos} bytes from byte ${pos}, has ${bytes.length - pos})`, { file });
    }
    this.bytes = bytes;
    this.file = file;
    this.start = pos;
    this.end = pos + intro.size;
    this.dataStart = dataStart;
    const fail = (code: InputErrorCode, i: number, why: string): never => {
      throw new GooseError(code, `${what} entry ${i}: ${why}`, { file });
    };

    const regionTag = kind === 'signature' ? RpmTag.HEADERSIGNATURES : RpmTag.HEADERIMMUTABLE;
    this.hasRegion = i32(bytes, indexStart) === regionTag;
    const { rdl, ril } = this.hasRegion ? this.checkRegion(regionTag, il, dl, kind === 'main', what) : { rdl: 0, ril: 0 };

    let end = 0;
    // Bytes the entries' data occupy when packed in index order. rpm counts entries past the
    // region's own count as "dribbles" after it; a region counting no entries makes the region
    // entry (16 bytes of BIN) one of them.
    let packed = this.hasRegion && ril === 0 ? 16 : 0;
    for (let i = this.hasRegion ? 1 : 0; i < il; i++) {
      const at = indexStart + 16 * i;
      const tag = i32(bytes, at);
      const type = u32(bytes, at + 4);
      const offset = i32(bytes, at + 8);
      const count = u32(bytes, at + 12);
      if (end > offset) fail('RPM_ENTRY_OVERLAP', i, `tag ${tagLabel(tag)} data at offset ${offset} overlaps the previous entry (which ends at ${end})`);
      if (tag < FIRST_DATA_TAG) fail('RPM_BAD_TAG', i, `tag number ${tag} is reserved`);
      if (type > RpmType.I18NSTRING) fail('RPM_BAD_TYPE', i, `tag ${tagLabel(tag)} has unknown type ${type}`);
      if (offset % TYPE_ALIGN[type] !== 0) fail('RPM_BAD_ALIGNMENT', i, `tag ${tagLabel(tag)} of type ${TYPE_NAMES[type]} is misaligned at offset ${offset}`);
      if (offset < 0 || offset > dl) fail('RPM_OFFSET_OUT_OF_RANGE', i, `tag ${tagLabel(tag)} offset ${offset} is past the data store (${dl} bytes)`);
      // rpm type-checks the tags it knows in the main header only (signature tags reuse numbers).
      if (kind === 'main' && isWrongTagType(tag, type)) fail('RPM_BAD_TAG_TYPE', i, `tag ${tagLabel(tag)} has type ${TYPE_NAMES[type]}, which rpm does not allow for it`);
      const length = this.dataLength(type, dataStart + offset, count, dataStart + dl, (code, why) => fail(code, i, `tag ${tagLabel(tag)} ${why}`));
      end = offset + length;
      if (this.hasRegion && end > rdl - 16 && offset < rdl) fail('RPM_BAD_REGION', i, `tag ${tagLabel(tag)} data overlaps the region trailer`);
      if (TYPE_SIZE[type] > 1) packed += (TYPE_SIZE[type] - (packed % TYPE_SIZE[type])) % TYPE_SIZE[type];
      packed += length;
      if (this.entries.has(tag)) fail('RPM_DUPLICATE_TAG', i, `tag ${tagLabel(tag)} appears twice`);
      this.entries.set(tag, { tag, type, offset, count, length });
    }
    // rpm's hdrblobImport: the entries' data, packed in index order with only alignment padding,
    // must fill the data store exactly (up to the region trailer). This catches holes and strings
    // shortened by a stray NUL, which the per-entry checks cannot see.
    const expected = this.hasRegion ? dl - 16 : dl;
    if (packed !== expected) {
      throw new GooseError('RPM_DATA_SIZE_MISMATCH', `${what} entries account for ${packed} bytes of data but the data store holds ${expected}`, { file });
    }
  }

  /** Checks the region entry and its trailer, as rpm's hdrblobVerifyRegion does; returns the region's size. */
  private checkRegion(regionTag: number, il: number, dl: number, exact: boolean, what: string): { rdl: number; ril: number } {
    const b = this.bytes;
    const at = this.dataStart - 16 * il;
    const bad = (why: string): never => {
      throw new GooseError('RPM_BAD_REGION', `${what} region: ${why}`, { file: this.file });
    };
    const type = u32(b, at + 4);
    const offset = i32(b, at + 8);
    const count = u32(b, at + 12);
    if (type !== RpmType.BIN || count !== 16) bad(`region tag has type ${type} and count ${count} (expected BIN, 16)`);
    if (offset < 0 || offset + 16 > dl) bad(`trailer offset ${offset} is outside the data store (${dl} bytes)`);
    const t = this.dataStart + offset;
    if (i32(b, t) !== regionTag || u32(b, t + 4) !== RpmType.BIN || u32(b, t + 12) !== 16) bad('trailer does not repeat the region tag');
    const regionBytes = -i32(b, t + 8);
    const ril = regionBytes / 16;
    const rdl = offset + 16;
    if (regionBytes % 16 !== 0 || ril < 0 || ril > il) bad(`trailer claims ${regionBytes} bytes of index (header has ${16 * il})`);
    if (exact && (ril !== il || rdl !== dl)) bad(`region covers ${ril} of ${il} entries and ${rdl} of ${dl} data bytes`);
    return { rdl, ril };
  }

  /** Byte length of an entry's data (rpm's dataLength): strings must end in NUL inside the store. */
  private dataLength(type: number, from: number, count: number, limit: number, fail: (code: InputErrorCode, why: string) => never): number {
    const size = TYPE_SIZE[type];
    if (type === RpmType.NULL) fail('RPM_BAD_TYPE', 'has type NULL');
    if (count < 1) fail('RPM_BAD_COUNT', 'has count 0');
    if (size > 0) {
      if (from + size * count > limit) fail('RPM_OFFSET_OUT_OF_RANGE', `data (${count} × ${size} bytes) runs past the data store`);
      return size * count;
    }
    if (type === RpmType.STRING && count !== 1) fail('RPM_BAD_COUNT', `is a STRING with count ${count}`);
    let pos = from;
    for (let n = 0; n < count; n++) {
      const nul = pos < limit ? this.bytes.indexOf(0, pos) : -1;
      if (nul < 0 || nul >= limit) fail('RPM_UNTERMINATED_STRING', `string ${n + 1} of ${count} has no NUL before the end of the data store`);
      pos = nul + 1;
    }
    return pos - from;
  }

  /** True when the header has an entry for `tag`. */
  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  /** The raw index entry for `tag`, if any. */
  entry(tag: number): HeaderEntry | undefined {
    return this.entries.get(tag);
  }

  private wrongType(e: HeaderEntry, expected: string): never {
    throw new GooseError('RPM_BAD_TAG_TYPE', `main header tag ${tagLabel(e.tag)} has type ${TYPE_NAMES[e.type]}, expected ${expected}`, { file: this.file });
  }

  /** Decodes `count` NUL-terminated strings starting at the entry's offset. */
  private strings(e: HeaderEntry, count: number): string[] {
    const out: string[] = new Array(count);
    let pos = this.dataStart + e.offset;
    for (let n = 0; n < count; n++) {
      const nul = this.bytes.indexOf(0, pos);
      out[n] = decodeHeaderString(this.bytes, pos, nul);
      pos = nul + 1;
    }
    return out;
  }

  /** A STRING, or the first (C locale) value of an I18NSTRING; undefined when absent. */
  string(tag: number): string | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== RpmType.STRING && e.type !== RpmType.I18NSTRING) this.wrongType(e, 'STRING');
    return this.strings(e, 1)[0];
  }

  /** A STRING_ARRAY; undefined when absent. */
  stringArray(tag: number): string[] | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== RpmType.STRING_ARRAY) this.wrongType(e, 'STRING_ARRAY');
    return this.strings(e, e.count);
  }

  /** An INT32 array as unsigned numbers; undefined when absent. */
  int32Array(tag: number): number[] | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== RpmType.INT32) this.wrongType(e, 'INT32');
    const out: number[] = new Array(e.count);
    const base = this.dataStart + e.offset;
    for (let n = 0; n < e.count; n++) out[n] = u32(this.bytes, base + 4 * n);
    return out;
  }

  /** An INT16 array as unsigned numbers; undefined when absent. */
  int16Array(tag: number): number[] | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== RpmType.INT16) this.wrongType(e, 'INT16');
    const out: number[] = new Array(e.count);
    const base = this.dataStart + e.offset;
    for (let n = 0; n < e.count; n++) out[n] = (this.bytes[base + 2 * n] << 8) | this.bytes[base + 2 * n + 1];
    return out;
  }

  /** The first value of an INT32 entry; undefined when absent. */
  int32(tag: number): number | undefined {
    return this.int32Array(tag)?.[0];
  }

  /** The first value of an INT64 entry (exact up to 2^53); undefined when absent. */
  int64(tag: number): number | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== RpmType.INT64) this.wrongType(e, 'INT64');
    const base = this.dataStart + e.offset;
    return u32(this.bytes, base) * 2 ** 32 + u32(this.bytes, base + 4);
  }
}
