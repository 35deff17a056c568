/** What the rebuild has built so far: the built repos indexed by name, by name-evr and by the source they came from. */
import type { Pool, Repo } from '../solv/index.js';
import type { BuiltIndex, ReadinessInput } from './types.js';
import { DepCache } from './walker.js';

export type { BuiltIndex } from './types.js';

/** `name-version-release` of a source: its evr without the epoch, as in a sourcerpm file name. */
export function sourceNvr(name: string, evr: string): string {
  const colon = evr.indexOf(':');
  return `${name}-${colon >= 0 ? evr.slice(colon + 1) : evr}`;
}

/** Indexes the built repos `repos` of `pool`. */
export function indexBuilt(pool: Pool, repos: Repo[]): BuiltIndex {
  const table = pool.solvableTable();
  const ids = new Set(repos.map((r) => r.id));
  const idx: BuiltIndex = { names: new Set(), nevrs: new Set(), sourceNvrs: new Set(), nameIds: new Set() };
  const builtIds: number[] = [];
  for (let p = 2; p < table.repo.length; p++) if (ids.has(table.repo[p])) builtIds.push(p);
  // Names and evrs in two crossings of the wasm boundary, not two per package.
  const names = pool.id2strMany(builtIds.map((p) => table.name[p]));
  const evrs = pool.id2strMany(builtIds.map((p) => table.evr[p]));
  builtIds.forEach((p, k) => {
    idx.names.add(names[k]);
    idx.nameIds.add(table.name[p]);
    idx.nevrs.add(`${names[k]}-${evrs[k]}`);
    const srpm = pool.solvable(p).sourcerpm;
    if (srpm) idx.sourceNvrs.add(srpm.replace(/\.(no)?src\.rpm$/, ''));
  });
  return idx;
}

/**
 * A test that needs no solve: false when a build group name or a BuildRequires has no provider
 * in the built repos at all (such a buildroot cannot install from them).
 */
export function builtCanProvide(input: ReadinessInput, built: BuiltIndex): (requires: readonly string[]) => boolean {
  const B = input.built;
  const bTable = B.solvableTable();
  const builtRepoIds = new Set(input.builtRepos.map((r) => r.id));
  const cache = new DepCache(B);
  const provided = (text: string) => {
    for (const p of cache.providers(cache.parse(text))) if (builtRepoIds.has(bTable.repo[p])) return true;
    return false;
  };
  const groupInBuilt = input.group.every((n) => built.nameIds.has(B.str2id(n, false)));
  return (requires) => groupInBuilt && requires.every(provided);
}
