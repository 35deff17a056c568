/** The kept readiness result's data shapes (kept.ts computes and checks them, kept-file.ts reads and writes them); apart, so types.ts can name a kept result without importing kept.ts. */

/** Where kept entries' bytes are read from: the open kept result file (read on demand, never whole). */
export interface KeptSource {
  /** `length` bytes at `at`, in a new buffer. */
  read(at: number, length: number): Buffer;
  /** `length` bytes at `at` into `buf` from `offset`. */
  readInto(buf: Uint8Array, offset: number, at: number, length: number): void;
}

/** One package's rendered JSON entry from a kept result. */
export interface KeptEntry {
  /** The file it is in. */
  source: KeptSource;
  /** Where its UTF-8 text (as the report holds it: indented by 4, without the separator) starts in the file. */
  at: number;
  /** Its byte length. */
  length: number;
  /** Byte offset in the entry of the inCycle value (`true` or `false`). */
  inCycleAt: number;
  /** The inCycle value it holds. */
  inCycle: boolean;
  /** The blocking sources its causes name (blocked entries). */
  causeBlockers?: string[];
}

/** The metadata of a kept result (its file's trailer), columnar: one element per package, in report order. */
export interface KeptTrailer {
  /** The context key it was computed under. */
  key: string;
  /** The built repos' binary names and name-evrs in that run. */
  builtNames: string[];
  builtNevrs: string[];
  /** {@link groupExplanationsKey} of that run's build group. */
  group: string;
  /** Package names. */
  names: string[];
  /** One status letter per package. */
  status: string;
  /** Blocked: blockedBy; others 0. */
  blockedBy: (string[] | 0)[];
  /** Blocked: the blocking sources its causes name; others 0. */
  causeBlockers: (string[] | 0)[];
  /** Byte length of each entry. */
  lengths: number[];
  /** Byte offset of the inCycle value in each entry. */
  inCycleAt: number[];
  /** One letter per package: 1 when its entry says inCycle true, else 0. */
  cycles: string;
}

/** A kept result read back: its trailer and where its entries are. */
export interface KeptResult {
  /** The metadata. */
  trailer: KeptTrailer;
  /** Every entry, in order. */
  entries: KeptEntry[];
  /** Whether `trailer` is, packed, byte for byte the one the file holds (then a file of the same entries would be this one). */
  sameTrailer(trailer: KeptTrailer): boolean;
  /** Closes the file the entries are read from (after the last report is written). */
  close(): void;
}
