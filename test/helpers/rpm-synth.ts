/**
 * Builds small synthetic `.rpm` byte strings for tests: a lead, a signature header and a main
 * header from a list of tag entries, laid out the way rpmbuild lays them out (entries in tag
 * order, data aligned per type, an immutable region whose trailer closes the data store).
 */
import { RpmTag, RpmType } from '../../src/rpm/tags.js';

/** One entry to write: strings as text (UTF-8) or raw bytes, numbers for the integer types. */
export interface SynthEntry {
  tag: number;
  type: number;
  value: string | Uint8Array | Array<string | Uint8Array> | number[];
}

/** What to put in a synthetic package. */
export interface SynthRpm {
  main: SynthEntry[];
  signature?: SynthEntry[];
  /** Close the main header with an immutable region (default true; false = ancient v3 header). */
  mainRegion?: boolean;
  leadMajor?: number;
  leadType?: number;
  payload?: Uint8Array;
}

const ALIGN: Record<number, number> = { [RpmType.INT16]: 2, [RpmType.INT32]: 4, [RpmType.INT64]: 8 };
const enc = new TextEncoder();

function be32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function str(s: string | Uint8Array): number[] {
  return [...(typeof s === 'string' ? enc.encode(s) : s), 0];
}

function encodeValue(e: SynthEntry): { bytes: number[]; count: number } {
  const v = e.value;
  switch (e.type) {
    case RpmType.STRING:
      return { bytes: str(v as string | Uint8Array), count: 1 };
    case RpmType.STRING_ARRAY:
    case RpmType.I18NSTRING: {
      const list = Array.isArray(v) ? (v as Array<string | Uint8Array>) : [v as string];
      return { bytes: list.flatMap(str), count: list.length };
    }
    case RpmType.INT32:
      return { bytes: (v as number[]).flatMap(be32), count: (v as number[]).length };
    case RpmType.INT16:
      return { bytes: (v as number[]).flatMap((n) => [(n >> 8) & 255, n & 255]), count: (v as number[]).length };
    case RpmType.INT64:
      return { bytes: (v as number[]).flatMap((n) => [...be32(Math.floor(n / 2 ** 32)), ...be32(n >>> 0)]), count: (v as number[]).length };
    default: {
      const b = v instanceof Uint8Array ? [...v] : (v as number[]);
      return { bytes: b, count: b.length };
    }
  }
}

/** Encodes one header structure (with magic); `regionTag` adds a region entry and trailer. */
export function buildHeader(entries: SynthEntry[], regionTag?: number): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const index: number[][] = [];
  const data: number[] = [];
  for (const e of sorted) {
    const { bytes, count } = encodeValue(e);
    const align = ALIGN[e.type] ?? 1;
    while (data.length % align) data.push(0);
    index.push([...be32(e.tag), ...be32(e.type), ...be32(data.length), ...be32(count)]);
    data.push(...bytes);
  }
  if (regionTag !== undefined) {
    const il = index.length + 1;
    index.unshift([...be32(regionTag), ...be32(RpmType.BIN), ...be32(data.length), ...be32(16)]);
    data.push(...be32(regionTag), ...be32(RpmType.BIN), ...be32(-16 * il), ...be32(16));
  }
  return Uint8Array.from([0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0, ...be32(index.length), ...be32(data.length), ...index.flat(), ...data]);
}

/** Encodes a whole package: lead, padded signature header, main header and optional payload. */
export function buildRpm(spec: SynthRpm): Uint8Array {
  const lead = new Uint8Array(96);
  lead.set([0xed, 0xab, 0xee, 0xdb, spec.leadMajor ?? 3, 0, 0, spec.leadType ?? 0]);
  lead.set(enc.encode('synthetic'), 10);
  lead[79] = 5;
  const sig = buildHeader(spec.signature ?? [{ tag: 1000, type: RpmType.INT32, value: [0] }], RpmTag.HEADERSIGNATURES);
  const pad = (8 - (sig.length % 8)) % 8;
  const main = buildHeader(spec.main, spec.mainRegion === false ? undefined : RpmTag.HEADERIMMUTABLE);
  const payload = spec.payload ?? new Uint8Array(0);
  const out = new Uint8Array(96 + sig.length + pad + main.length + payload.length);
  out.set(lead, 0);
  out.set(sig, 96);
  out.set(main, 96 + sig.length + pad);
  out.set(payload, 96 + sig.length + pad + main.length);
  return out;
}

/** Entries for a minimal binary package `name-version-release.arch` built from `name-src.rpm`. */
export function basicEntries(name = 'demo', version = '1.0', release = '1', arch = 'x86_64'): SynthEntry[] {
  return [
    { tag: RpmTag.NAME, type: RpmType.STRING, value: name },
    { tag: RpmTag.VERSION, type: RpmType.STRING, value: version },
    { tag: RpmTag.RELEASE, type: RpmType.STRING, value: release },
    { tag: RpmTag.ARCH, type: RpmType.STRING, value: arch },
    { tag: RpmTag.SOURCERPM, type: RpmType.STRING, value: `${name}-${version}-${release}.src.rpm` },
  ];
}
