/**
 * Content keys of loaded repositories: a short text that is equal for two loads of the same
 * metadata (the repomd.xml checksum, how it was read, its priority, whether filelists were
 * added). The buildroot store (src/buildroots/store.ts) keys solved buildroots by them, so that a
 * run over unchanged repositories need not hash a whole repository again.
 */
import type { Repo } from '../solv/index.js';

const keys = new WeakMap<Repo, string>();

/** Records `key` as the content key of `repo` (the loader does, as it reads the metadata). */
export function setRepoContentKey(repo: Repo, key: string): void {
  keys.set(repo, key);
}

/** The content key recorded for `repo`, or undefined when its loader records none (then hash its content). */
export function repoContentKey(repo: Repo): string | undefined {
  return keys.get(repo);
}
