/**
 * `readiness` and its kept result (src/readiness/kept.ts): the file is read while the repositories
 * load, checked against the run's context once they are loaded, handed to computeReadiness, and
 * written again with the JSON report (both from one pass over the package entries).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Rebuild } from '../distribution/index.js';
import { repoStoreKey, type BuildrootStoreOptions } from '../buildroots/index.js';
import { codeFingerprint } from '../order/graph-store.js';
import { WASM_DIST } from '../native/module.js';
import { KEPT_ENTRY, keptResultKey, keptTrailer, type KeptEntry, type KeptResult, type KeptTrailer } from '../readiness/kept.js';
import { ByteFile, KeptResultDamaged, KeptResultWriter, keptResultPath, openKept } from '../readiness/kept-file.js';
import type { Readiness } from '../readiness/index.js';
import { entryText, IN_CYCLE_KEY, readinessJsonParts, readinessJsonPieces, type ReadinessJson } from '../report/readiness-json.js';
import type { ReadinessArgs } from './readiness-args.js';

/** Blocker sentences told per package (computeReadiness's default; part of the kept result's key). */
const MAX_CAUSES = 5;

let code: string | undefined;
/** A hash of the code that computes and renders readiness, and of the libsolv build. */
function keptCode(): string {
  code ??= codeFingerprint(['./', '../readiness/', '../explain/', '../report/', '../graph/', '../buildroots/', '../solv/'].map((d) => new URL(d, import.meta.url))) + ':' + wasmSums();
  return code;
}

function wasmSums(): string {
  try {
    return readFileSync(join(WASM_DIST, 'SHA256SUMS'), 'utf8');
  } catch {
    return 'no wasm sums';
  }
}

/** Where the kept result of a run lives. */
export interface KeptLookup {
  /** The file. */
  path: string;
}

/** The kept result's place for the run `args` (undefined without a store: --no-cache). */
export function lookUpKept(args: ReadinessArgs, store: BuildrootStoreOptions | undefined): KeptLookup | undefined {
  if (!store) return undefined;
  // The built repositories by name, not by place: the next run's built repo is often another folder of the same name.
  const builtNames = args.built.map((b) => /^([^=/]+)=/.exec(b)?.[1] ?? basename(b.replace(/\/+$/, '')));
  const identity = ['readiness', args.repo, args.srcrepo, builtNames, args.group, args.groupId ?? null, args.arch ?? null, args.enableModule ?? [], args.weak, args.only];
  return { path: keptResultPath(store.cacheDir, identity) };
}

/** The context key of the loaded `input` under `args`. */
export function keptKey(input: Rebuild, args: ReadinessArgs): string {
  return keptResultKey({
    arch: input.upstream.arch,
    group: input.group,
    weak: args.weak,
    maxCauses: MAX_CAUSES,
    only: args.only.length ? args.only : null,
    upstream: input.upstreamRepos.map(repoStoreKey),
    sources: input.sourceRepos.map(repoStoreKey),
    excluded: input.upstream.excluded,
    built: input.builtRepos.map((r) => r.name),
    code: keptCode(),
  });
}

/** The kept result for `key`, or undefined (none, another context's, or damaged: then a warning). */
export function readKept(lookup: KeptLookup | undefined, key: string, warn: (line: string) => void): KeptResult | undefined {
  if (!lookup) return undefined;
  try {
    return openKept(lookup.path, key);
  } catch (e) {
    if (!(e instanceof KeptResultDamaged)) throw e;
    warn(`goose-deps: warning: damaged readiness result file ${e.file} skipped (${e.reason}); the report is computed in full\n`);
    return undefined;
  }
}

/**
 * Writes the next kept result from the report's entries as they come. While every entry so far is
 * byte for byte the old kept result's at the same place it writes nothing: a run that changes
 * nothing (same entries, same trailer) leaves the file as it is (rewriting 117 MB of the same bytes
 * was ~0.2 s on bookworm). At the first difference, or a different trailer at the end, it opens the
 * new file and copies the old entries so far first: the bytes are those it would have written.
 */
class KeptSink {
  #writer: KeptResultWriter | undefined;
  /** Nothing is written yet: every entry so far is the old result's (none, when there is no old result). */
  #same = true;
  /** The file could not be started: nothing is kept. */
  #dead = false;
  #mine = Buffer.allocUnsafe(1 << 16);
  #theirs = Buffer.allocUnsafe(1 << 16);
  readonly lengths: number[] = [];
  readonly inCycleAt: number[] = [];
  constructor(
    readonly path: string,
    readonly old: KeptResult | undefined,
  ) {}

  /** Opens the new file and copies the old result's first `n` entries (equal to this run's). */
  async #open(n: number): Promise<void> {
    this.#same = false;
    this.#writer = await KeptResultWriter.open(this.path).catch(() => undefined);
    if (!this.#writer) return void (this.#dead = true);
    for (let k = 0; k < n; k++) await this.#writer.file.entry(this.old!.entries[k]); // n > 0 only with an old result
  }

  /** Whether entry `i` of this run, `e`, is the old result's entry `i` byte for byte. */
  #isOld(i: number, e: string | Uint8Array | KeptEntry): boolean {
    const o = this.old?.entries[i];
    if (!o) return false;
    if (typeof e !== 'string') return e === o; // patched bytes differ in inCycle
    // Through two reused buffers: ~17k built entries are compared on bookworm, a fresh pair each cost more than the check.
    if (o.length > this.#mine.length) [this.#mine, this.#theirs] = [Buffer.allocUnsafe(2 * o.length), Buffer.allocUnsafe(2 * o.length)];
    if (this.#mine.write(e, 0) !== o.length || Buffer.byteLength(e) !== o.length) return false;
    o.source.readInto(this.#theirs, 0, o.at, o.length);
    return this.#mine.compare(this.#theirs, 0, o.length, 0, o.length) === 0;
  }

  /** Adds entry `i`: `e` as readinessJsonParts gives it, `from` its kept entry when it is one. */
  async add(i: number, e: string | Uint8Array | KeptEntry, from: KeptEntry | undefined): Promise<void> {
    if (this.#same) {
      if (this.#isOld(i, e)) {
        const o = this.old!.entries[i];
        this.lengths.push(o.length);
        this.inCycleAt.push(o.inCycleAt);
        return;
      }
      await this.#open(i);
    }
    const w = this.#writer;
    if (this.#dead || !w) return;
    if (typeof e === 'string') {
      const { length, markAt } = await w.file.text(e, e.indexOf(IN_CYCLE_KEY) + IN_CYCLE_KEY.length);
      this.lengths.push(length);
      this.inCycleAt.push(markAt);
    } else {
      await (e instanceof Uint8Array ? w.file.bytes(e) : w.file.entry(e));
      this.lengths.push(e.length);
      this.inCycleAt.push(from!.inCycleAt);
    }
  }

  /** Writes the trailer and renames the file into place (or leaves the old file, when it is this one). */
  async finish(trailer: (lengths: number[], inCycleAt: number[]) => KeptTrailer): Promise<void> {
    if (this.#dead) return;
    const t = trailer(this.lengths, this.inCycleAt);
    if (this.#same) {
      if (this.old && this.lengths.length === this.old.entries.length && this.old.sameTrailer(t)) return;
      await this.#open(this.lengths.length);
    }
    if (this.#dead) return;
    await this.#writer!.finish(t);
  }

  /** Gives up (after a failure). */
  async abandon(): Promise<void> {
    await this.#writer?.abandon();
  }
}

/**
 * Writes the JSON report `j` of `r` to the file `output`, or returns its text (no `output`), and
 * with `lookup` the kept result of key `key` from the same entries (`old`: the kept result this
 * run read, left as it is when the new one would be the same). A kept result that cannot be
 * written only warns.
 */
export async function writeJsonReport(j: ReadinessJson, r: Readiness, output: string | undefined, lookup: KeptLookup | undefined, key: string | undefined, warn: (line: string) => void, old?: KeptResult): Promise<string | undefined> {
  const parts = readinessJsonParts(j);
  const kept = lookup && key && r.builtIndex && parts ? new KeptSink(lookup.path, old) : undefined;
  if (!parts) {
    const text = [...readinessJsonPieces(j)].join('');
    if (!output) return text;
    const f = await ByteFile.open(output);
    await f.text(text);
    await f.close();
    return undefined;
  }
  const out = output ? await ByteFile.open(output) : undefined;
  const texts: string[] = [];
  let i = 0;
  try {
    await out?.text(parts.head);
    for (const e of parts.entries) {
      const sep = i ? ',\n' : '\n';
      if (out) await out.text(sep);
      const from = (j.packages[i] as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY];
      if (typeof e === 'string') {
        if (out) await out.text(e);
        else texts.push(e);
      } else {
        // A kept entry, copied from its file (or patched bytes): it starts and keeps its inCycle where it did.
        if (out) await (e instanceof Uint8Array ? out.bytes(e) : out.entry(e));
        else texts.push(entryText(e));
      }
      await kept?.add(i, e, from);
      i++;
    }
    await out?.text(parts.tail);
    await out?.close();
  } catch (e) {
    await out?.abandon();
    await kept?.abandon();
    throw e;
  }
  if (kept) {
    await kept.finish((lengths, inCycleAt) => keptTrailer(key!, r.builtIndex!, r.group.explanations, r.packages, lengths, inCycleAt)).catch((e: Error) => warn(`goose-deps: warning: cannot write the readiness result file ${lookup!.path}: ${e.message}\n`));
  }
  return out ? undefined : parts.head + (texts.length ? '\n' + texts.join(',\n') : '') + parts.tail;
}
