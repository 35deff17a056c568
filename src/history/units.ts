/**
 * A report as a list of lines ("units") and one report as the change of another (pure).
 *
 * Unit 0 is the header: the report's top-level keys in their order, `[key, length]` for an
 * array (its elements follow as units of their own, one per element, in key order) and
 * `[key, null, value]` for anything else. Every unit is `JSON.stringify` output, so none holds a
 * newline and a payload is the units joined by `\n`.
 *
 * A delta of report B on report A is one line of operations, then literal lines: the operations
 * are pairs of integers, `(start, count)` copying `count` units of A from `start`, `(-1, count)`
 * taking the next `count` literal lines as units, `(-2, index)` taking the next line as a patch
 * of unit `index` of A. Consecutive reports share almost every package, and a package that
 * changed mostly lost a few blockers and sentences, so a delta holds little more than that.
 */

/** A payload that does not decode: the store turns it into a typed error naming the file. */
export class CorruptUnits extends Error {}

type HeaderEntry = [key: string, length: number] | [key: string, none: null, value: unknown];

/** Whether `v` is left out of a JSON object by `JSON.stringify`. */
const dropped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** The units of a report object: its header line, then each element of its arrays. */
export function reportUnits(report: object): string[] {
  const header: HeaderEntry[] = [];
  const units: string[] = [''];
  for (const [key, value] of Object.entries(report)) {
    if (dropped(value)) continue;
    if (Array.isArray(value)) {
      header.push([key, value.length]);
      for (const el of value) units.push(JSON.stringify(el) ?? 'null');
    } else header.push([key, null, value]);
  }
  units[0] = JSON.stringify(header);
  return units;
}

function parseHeader(unit: string | undefined): HeaderEntry[] {
  let header: unknown;
  try {
    header = JSON.parse(unit ?? '');
  } catch {
    throw new CorruptUnits('the report header is not JSON');
  }
  const ok = Array.isArray(header) && header.every((e) => Array.isArray(e) && typeof e[0] === 'string' && ((e.length === 2 && Number.isInteger(e[1]) && e[1] >= 0) || (e.length === 3 && e[1] === null)));
  if (!ok) throw new CorruptUnits('the report header is malformed');
  return header as HeaderEntry[];
}

/** The report object of its units (the inverse of {@link reportUnits}). */
export function unitsReport(units: readonly string[]): Record<string, unknown> {
  const header = parseHeader(units[0]);
  const out: Record<string, unknown> = {};
  let at = 1;
  for (const e of header) {
    if (e.length === 3) {
      out[e[0]] = e[2];
      continue;
    }
    const end = at + e[1];
    if (end > units.length) throw new CorruptUnits(`the report has fewer units than its header counts`);
    try {
      // One parse for the whole array is several times faster than one per element.
      out[e[0]] = JSON.parse(`[${units.slice(at, end).join(',')}]`);
    } catch {
      throw new CorruptUnits(`the elements of "${e[0]}" are not JSON`);
    }
    at = end;
  }
  if (at !== units.length) throw new CorruptUnits('the report has more units than its header counts');
  return out;
}

/** Where the elements of the top-level array `key` are in `units`: `[start, end)`, or undefined. */
export function arrayRange(units: readonly string[], key: string): [number, number] | undefined {
  let at = 1;
  for (const e of parseHeader(units[0])) {
    if (e.length === 3) continue;
    if (e[0] === key) return [at, at + e[1]];
    at += e[1];
  }
  return undefined;
}

/** A delta and how much of the new report it had to spell out. */
export interface Delta {
  /** The payload: the operations line, then the literal and patch lines. */
  text: string;
  /** Characters of the literal and patch lines. */
  literalChars: number;
  /** Characters of the units those lines make: the work of applying it, beyond copying. */
  builtChars: number;
  /** Indices of the new units that are not copied (literal or patched), ascending. */
  fresh: number[];
  /** 1 for each base unit copied into the new units. */
  copied: Uint8Array;
}

/** How many pieces of the old unit a patch looks ahead for a piece of the new one. */
const PATCH_LOOKAHEAD = 256;

/** Separates the parts of a patch line: JSON.stringify escapes every control character, so no unit holds it. */
const SEP = '\u0001';

/** Where a unit's pieces start: its text is cut after every comma; the last entry is its length. */
function pieceStarts(unit: string): number[] {
  const starts = [0];
  for (let at = unit.indexOf(','); at >= 0 && at + 1 < unit.length; at = unit.indexOf(',', at + 1)) starts.push(at + 1);
  starts.push(unit.length);
  return starts;
}

/** A unit's pieces (joined, they give the unit back). */
function pieces(unit: string): string[] {
  const s = pieceStarts(unit);
  const out: string[] = new Array(s.length - 1);
  for (let k = 0; k + 1 < s.length; k++) out[k] = unit.slice(s[k], s[k + 1]);
  return out;
}

/** Index of the first occurrence of each key, built on first use. */
function firstIndex(keys: () => readonly string[]): (key: string) => number | undefined {
  let map: Map<string, number> | undefined;
  return (key) => {
    if (!map) {
      map = new Map();
      const all = keys();
      for (let i = all.length - 1; i >= 0; i--) map.set(all[i], i);
    }
    return map.get(key);
  };
}

/** How {@link sequenceOps} ended up with each item. */
interface SequenceOps {
  /** (start, count) copies, (-1, count) literal runs, (-2, index) patches. */
  ops: number[];
  /** Indices of the items that are literal or patched, ascending. */
  fresh: number[];
}

/**
 * The operations that turn `base` into `items`. An item is found in `base` where the last copy
 * ended or else by its key (an item and its key: equal items have equal keys, and a key names
 * what an item is about, so an item not found by its key is new or changed); `patch(i, b)` may
 * claim item i as a patch of base item b, the one with the same key.
 */
function sequenceOps(base: readonly string[], items: readonly string[], key: (s: string) => string, patch?: (i: number, b: number) => boolean): SequenceOps {
  const find = firstIndex(() => base.map(key));
  const ops: number[] = [];
  const fresh: number[] = [];
  let next = 0; // the base item after the last copied one: where an unchanged run goes on
  let i = 0;
  while (i < items.length) {
    let start: number | undefined;
    let same: number | undefined; // the base item with the same key
    if (next < base.length && base[next] === items[i]) start = next;
    else {
      const k = key(items[i]);
      same = next < base.length && key(base[next]) === k ? next : find(k);
      if (same !== undefined && base[same] === items[i]) start = same;
    }
    if (start === undefined) {
      if (same !== undefined && patch?.(i, same)) {
        ops.push(-2, same);
        next = same + 1;
      } else if (ops.length && ops[ops.length - 2] === -1) ops[ops.length - 1]++;
      else ops.push(-1, 1);
      fresh.push(i++);
      continue;
    }
    let n = 1;
    while (i + n < items.length && start + n < base.length && base[start + n] === items[i + n]) n++;
    ops.push(start, n);
    next = start + n;
    i += n;
  }
  return { ops, fresh };
}

/**
 * The patch line of `unit` on base unit `old`: the piece operations, then the literal pieces,
 * separated by U+0001; undefined when it would not be shorter than the unit itself.
 */
function patchLine(old: string, unit: string): string | undefined {
  const was = pieces(old);
  const now = pieces(unit);
  const ops: number[] = [];
  const line: string[] = [];
  let next = 0;
  let i = 0;
  while (i < now.length) {
    // A changed package mostly lost pieces (blockers, sentences): look a little ahead for this one.
    let j = next;
    const end = Math.min(was.length, next + PATCH_LOOKAHEAD);
    while (j < end && was[j] !== now[i]) j++;
    if (j === end) {
      if (ops.length && ops[ops.length - 2] === -1) ops[ops.length - 1]++;
      else ops.push(-1, 1);
      line.push(now[i++]);
      continue;
    }
    let n = 1;
    while (i + n < now.length && j + n < was.length && was[j + n] === now[i + n]) n++;
    ops.push(j, n);
    next = j + n;
    i += n;
  }
  const text = [ops.join(','), ...line].join(SEP);
  return text.length < unit.length * 0.8 ? text : undefined;
}

/** A unit's key: its text up to its first comma (for a package: its name), or all of it. */
const unitKey = (u: string) => {
  const comma = u.indexOf(',');
  return comma < 0 ? u : u.slice(0, comma + 1);
};

/**
 * The delta that turns `base` into `units`. A unit that is not in `base` is spelled out, or,
 * when it has the key of a base unit (for a package: the same name), stored as a patch of that
 * unit: which of its pieces stay, and the new ones. Units are looked up by key, never hashed
 * whole: a report's units are 66 MB of text.
 */
export function encodeDelta(base: readonly string[], units: readonly string[]): Delta {
  const patches = new Map<number, string>();
  const patch = (i: number, b: number) => {
    const line = patchLine(base[b], units[i]);
    if (line !== undefined) patches.set(i, line);
    return line !== undefined;
  };
  const { ops, fresh } = sequenceOps(base, units, unitKey, patch);
  const lines = fresh.map((i) => patches.get(i) ?? units[i]);
  let literalChars = 0;
  for (const l of lines) literalChars += l.length;
  let builtChars = 0;
  for (const i of fresh) builtChars += units[i].length;
  const copied = new Uint8Array(base.length);
  for (let k = 0; k < ops.length; k += 2) if (ops[k] >= 0) copied.fill(1, ops[k], ops[k] + ops[k + 1]);
  return { text: [JSON.stringify(ops), ...lines].join('\n'), literalChars, builtChars, fresh, copied };
}

function applyPatch(old: string, line: string): string {
  const parts = line.split(SEP);
  const ops = parts[0] ? parts[0].split(',').map(Number) : [];
  const from = pieceStarts(old);
  const n = from.length - 1;
  let out = '';
  let lit = 1;
  for (let k = 0; k + 1 < ops.length; k += 2) {
    const [start, count] = [ops[k], ops[k + 1]];
    if (!Number.isInteger(start) || !Number.isInteger(count) || count < 1) throw new CorruptUnits('a patch operation is malformed');
    if (start === -1) {
      if (lit + count > parts.length) throw new CorruptUnits('a patch has fewer pieces than its operations take');
      for (let j = 0; j < count; j++) out += parts[lit++];
    } else {
      if (start < 0 || start + count > n) throw new CorruptUnits('a patch copies pieces its base unit lacks');
      out += old.slice(from[start], from[start + count]);
    }
  }
  if (ops.length % 2 || lit !== parts.length) throw new CorruptUnits('a patch does not match its operations');
  return out;
}

/** Applies a delta's lines (the operations line, then the literal and patch lines) to `base`. */
export function applyDelta(base: readonly string[], lines: readonly string[]): string[] {
  let ops: unknown;
  try {
    ops = JSON.parse(lines[0] ?? '');
  } catch {
    throw new CorruptUnits('the delta operations are not JSON');
  }
  if (!Array.isArray(ops) || ops.length % 2 || !ops.every((x) => Number.isInteger(x))) throw new CorruptUnits('the delta operations are malformed');
  const out: string[] = [];
  let lit = 1;
  const take = () => {
    if (lit >= lines.length) throw new CorruptUnits('the delta has fewer literal units than its operations take');
    return lines[lit++];
  };
  for (let k = 0; k < ops.length; k += 2) {
    const a = ops[k] as number;
    const b = ops[k + 1] as number;
    if (a === -2) {
      if (b < 0 || b >= base.length) throw new CorruptUnits('a delta patches a unit its base report lacks');
      out.push(applyPatch(base[b], take()));
    } else if (a === -1) {
      if (b < 1) throw new CorruptUnits('a delta operation has no units');
      for (let j = 0; j < b; j++) out.push(take());
    } else {
      if (a < 0 || b < 1 || a + b > base.length) throw new CorruptUnits('a delta operation copies units its base report lacks');
      for (let j = 0; j < b; j++) out.push(base[a + j]);
    }
  }
  if (lit !== lines.length) throw new CorruptUnits('the delta has more literal units than its operations take');
  return out;
}
