/**
 * The graph store's file format (pure: bytes in, bytes out): the graph's needs as checksummed
 * blocks of words, the sources packed as columns, and files that end in the sha256 of what
 * precedes them. graph-store.ts reads and writes the files; this module says what is in them.
 */
import { createHash } from 'node:crypto';
import type { BuildGraph, SourceNode } from './need-edges.js';
import type { NeedIndexColumns } from './need-index.js';
import { needWeights } from './weights.js';

/** A store file that is not what was written (truncated, altered, missing): the entry is computed again. */
export class GraphStoreDamaged extends Error {
  /** The damaged file. */
  readonly file: string;
  constructor(file: string, what: string) {
    super(`${file}: ${what}`);
    this.file = file;
  }
}

/** A build graph without its need columns (what `graph.json` holds), with their sizes. */
export type GraphHead = Omit<BuildGraph, 'edges'> & { edgeCount: number; viaCount: number };

/** What `graph.json` holds besides the head: the data file and its blocks. */
export interface HeadFile {
  magic: string;
  key: string;
  data: string;
  head: Omit<GraphHead, 'binaryClass' | 'sources'> & { binaryClass: string | null };
  /** The sources as columns (parsing 34k objects with 270k BuildRequires strings is slow): see {@link packSources}. */
  sources: PackedSources;
  /** Block word offsets (base64 Uint32, blocks + 1): sources' rows, then who needs each source, then who holds each binary, then sources' order rows. */
  starts: string;
  /** The distinct row weights, which order rows index (see {@link encodeGraphData}). */
  weights: number[];
  /** FNV-1a checksum per block (base64 Uint32). */
  sums: string;
}

/** Sources as columns: names, evrs, '1'/'0' per source for the first phase, BuildRequires joined. */
export interface PackedSources {
  names: string[];
  evrs: string[];
  inGroup: string;
  /** Each source's BuildRequires joined by U+0001, sources joined by U+0002. */
  buildRequires: string;
}

/** {@link PackedSources} of `sources`. */
export function packSources(sources: readonly SourceNode[]): PackedSources {
  return {
    names: sources.map((s) => s.name),
    evrs: sources.map((s) => s.evr),
    inGroup: sources.map((s) => (s.inGroupBuildroot ? '1' : '0')).join(''),
    buildRequires: sources.map((s) => s.buildRequires.join('\u0001')).join('\u0002'),
  };
}

/** The sources of {@link PackedSources}. */
export function unpackSources(p: PackedSources): SourceNode[] {
  const brs = p.buildRequires.split('\u0002');
  return p.names.map((name, i) => ({ name, evr: p.evrs[i], buildRequires: brs[i] ? brs[i].split('\u0001') : [], inGroupBuildroot: p.inGroup[i] === '1' }));
}

/** FNV-1a over 32-bit words. */
export function fnv(words: Int32Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

/** Base64 of a typed array's bytes. */
export const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
/** The typed array `make` builds over a copy of base64 `s` (`bytes` per element). */
export function fromB64<T>(s: string, make: (buf: ArrayBuffer, n: number) => T, bytes: number): T {
  const b = Buffer.from(s, 'base64');
  const copy = new ArrayBuffer(b.length);
  new Uint8Array(copy).set(b);
  return make(copy, b.length / bytes);
}

/**
 * The graph's needs and reverse lists as blocks of words, with their starts and checksums. Four
 * sections: each source's rows with their via lists; who needs each source; who holds each
 * binary; each source's order rows, two words a row (needed source; kind | content << 2 |
 * weight index << 3, the weight index into `weights`), all that ordering reads, a quarter of the
 * rows' size.
 */
export function encodeGraphData(graph: BuildGraph, index: NeedIndexColumns): { words: Int32Array; starts: Uint32Array; sums: Uint32Array; weights: number[] } {
  const E = graph.edges;
  const n = graph.sources.length;
  const nb = graph.binaries.length;
  const total = 4 * E.count + 2 * E.viaStart[E.count] + index.rev.length + index.bin.length;
  const words = new Int32Array(total);
  const starts = new Uint32Array(3 * n + nb + 1);
  let w = 0;
  let blk = 0;
  let row = 0;
  for (let i = 0; i < n; i++) {
    starts[blk++] = w;
    for (; row < E.count && E.from[row] === i; row++) {
      const v0 = E.viaStart[row];
      const v1 = E.viaStart[row + 1];
      words[w++] = E.needs[row];
      words[w++] = E.kind[row] | ((v1 - v0) << 2);
      for (let v = v0; v < v1; v++) {
        words[w++] = E.viaBinary[v];
        words[w++] = E.viaRequire[v];
      }
    }
  }
  for (let t = 0; t < n; t++) {
    starts[blk++] = w;
    words.set(index.rev.subarray(index.revStart[t], index.revStart[t + 1]), w);
    w += index.revStart[t + 1] - index.revStart[t];
  }
  for (let b = 0; b < nb; b++) {
    starts[blk++] = w;
    words.set(index.bin.subarray(index.binStart[b], index.binStart[b + 1]), w);
    w += index.binStart[b + 1] - index.binStart[b];
  }
  const { weight, content } = needWeights(graph);
  const weights: number[] = [];
  const weightIndex = new Map<number, number>();
  row = 0;
  for (let i = 0; i < n; i++) {
    starts[blk++] = w;
    for (; row < E.count && E.from[row] === i; row++) {
      let k = weightIndex.get(weight[row]);
      if (k === undefined) weightIndex.set(weight[row], (k = weights.push(weight[row]) - 1));
      words[w++] = E.needs[row];
      words[w++] = E.kind[row] | (content[row] << 2) | (k << 3);
    }
  }
  starts[blk] = w;
  const sums = new Uint32Array(blk);
  for (let k = 0; k < blk; k++) sums[k] = fnv(words, starts[k], starts[k + 1]);
  return { words, starts, sums, weights };
}

/** `bytes` followed by their sha256. */
export function withSum(bytes: Uint8Array): Uint8Array {
  return Buffer.concat([bytes, createHash('sha256').update(bytes).digest()]);
}

/** The bytes before a trailing sha256, or {@link GraphStoreDamaged}. */
export function checkedBytes(path: string, bytes: Uint8Array): Uint8Array {
  if (bytes.length < 32) throw new GraphStoreDamaged(path, 'truncated');
  const body = bytes.subarray(0, bytes.length - 32);
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(bytes.length - 32))) throw new GraphStoreDamaged(path, 'checksum does not match');
  return body;
}

/** A JSON value as bytes ending in their sha256. */
export function checkedJsonBytes(value: unknown): Uint8Array {
  return withSum(Buffer.from(JSON.stringify(value)));
}

/** The JSON value of a file written by {@link checkedJsonBytes}, or {@link GraphStoreDamaged}. */
export function checkedJson(path: string, bytes: Uint8Array): unknown {
  const body = checkedBytes(path, bytes);
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
  } catch {
    throw new GraphStoreDamaged(path, 'not JSON');
  }
}
