/**
 * The target architecture (`--arch`, query's `--forcearch`) checked against the repositories once
 * they are loaded. libsolv takes any name as an architecture (an unknown one is a policy of its
 * own), so `--arch foo`, or x86_64 repositories on an aarch64 machine, would make every package
 * "not exist"; that is a USAGE error (exit 2) naming the flag, the value and what would work.
 */
import { GooseError } from '../errors.js';
import type { Repo } from '../solv/index.js';

const ANY_ARCH = new Set(['noarch', 'src', 'nosrc']);

/**
 * Throws a USAGE error unless the pool's architecture `arch` (given with `--flag`, or the machine's
 * by default) accepts some architecture-specific package of `repos`. Repositories of noarch
 * packages only always pass. Stops at the first accepted package, so a good value costs little.
 */
export function checkArchMatches(flag: string, arch: string, repos: readonly Repo[]): void {
  const seen = new Set<string>();
  for (const repo of repos) {
    for (const s of repo.solvables()) {
      const a = s.arch;
      if (ANY_ARCH.has(a)) continue;
      if (s.installable) return;
      seen.add(a);
    }
  }
  if (!seen.size) return;
  const arches = [...seen].sort();
  throw new GooseError('USAGE', `--${flag} '${arch}' accepts none of the repositories' packages, which are ${arches.join(', ')} (and noarch): give --${flag} ${arches.length > 1 ? 'one of those' : arches[0]}`);
}
