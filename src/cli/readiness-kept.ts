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
import { KEPT_ENTRY, keptResultKey, keptTrailer, type KeptEntry, type KeptResult } from '../readiness/kept.js';
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
 * Writes the JSON report `j` of `r` to the file `output`, or returns its text (no `output`), and
 * with `lookup` the kept result of key `key` from the same entries. A kept result that cannot be
 * written only warns.
 */
export async function writeJsonReport(j: ReadinessJson, r: Readiness, output: string | undefined, lookup: KeptLookup | undefined, key: string | undefined, warn: (line: string) => void): Promise<string | undefined> {
  const parts = readinessJsonParts(j);
  const kept = lookup && key && r.builtIndex && parts ? await KeptResultWriter.open(lookup.path).catch(() => undefined) : undefined;
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
  const lengths: number[] = [];
  const inCycleAt: number[] = [];
  let i = 0;
  try {
    await out?.text(parts.head);
    for (const e of parts.entries) {
      const sep = i ? ',\n' : '\n';
      if (out) await out.text(sep);
      if (typeof e === 'string') {
        if (out) await out.text(e);
        else texts.push(e);
        if (kept) {
          const { length, markAt } = await kept.file.text(e, e.indexOf(IN_CYCLE_KEY) + IN_CYCLE_KEY.length);
          lengths.push(length);
          inCycleAt.push(markAt);
        }
      } else {
        // A kept entry, copied from its file (or patched bytes): it starts and keeps its inCycle where it did.
        const from = (j.packages[i] as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY]!;
        const write = (f: ByteFile) => (e instanceof Uint8Array ? f.bytes(e) : f.entry(e));
        if (out) await write(out);
        else texts.push(entryText(e));
        if (kept) {
          await write(kept.file);
          lengths.push(e.length);
          inCycleAt.push(from.inCycleAt);
        }
      }
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
    await kept.finish(keptTrailer(key!, r.builtIndex!, r.group.explanations, r.packages, lengths, inCycleAt)).catch((e: Error) => warn(`goose-deps: warning: cannot write the readiness result file ${lookup!.path}: ${e.message}\n`));
  }
  return out ? undefined : parts.head + (texts.length ? '\n' + texts.join(',\n') : '') + parts.tail;
}
