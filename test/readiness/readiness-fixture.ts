/**
 * A "built" repository for the example distribution (fixtures/goose-dist): a temporary folder of
 * links to the .rpm files of chosen sources, read like any folder of .rpm files.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from '../../src/solv/index.js';
import { openRepos, finishPool } from '../../src/repodata/open.js';
import { buildGroupPackages } from '../../src/repodata/comps.js';
import { groupJobs, buildrootSolver } from '../../src/buildroots/index.js';
import { EXAMPLE } from '../../src/cli/context.js';

/** The example's build group names. */
export async function exampleGroup(): Promise<string[]> {
  const pool = new Pool({ arch: 'x86_64' });
  const [bin] = await openRepos(pool, EXAMPLE.repo, { noCache: true });
  pool.free();
  return buildGroupPackages(bin.comps!, 'build');
}

const srcName = (srpm: string) => srpm.replace(/-[^-]+-[^-]+\.(no)?src\.rpm$/, '');

/** The sources of the binaries in the build group's own buildroot (the self-hosting core). */
export async function groupSources(): Promise<string[]> {
  const pool = new Pool({ arch: 'x86_64' });
  const bin = await openRepos(pool, EXAMPLE.repo, { noCache: true });
  await finishPool(pool, bin);
  const solver = buildrootSolver(pool, false);
  const problems = solver.solve(groupJobs(pool, buildGroupPackages(bin[0].comps!, 'build')));
  if (problems.length) throw new Error('the example group does not install');
  const names = new Set([...solver.decidedInstalls()].map((p) => srcName(pool.solvable(p).sourcerpm!)));
  solver.free();
  pool.free();
  return [...names].sort();
}

/** A folder of links to the example's binaries built from `sources`. */
export async function builtFolder(sources: readonly string[]): Promise<string> {
  const want = new Set(sources);
  const pool = new Pool({ arch: 'x86_64' });
  const [bin] = await openRepos(pool, EXAMPLE.repo, { noCache: true });
  const dir = mkdtempSync(join(tmpdir(), 'goose-built-'));
  for (const s of bin.repo.solvables()) {
    if (!want.has(srcName(s.sourcerpm!))) continue;
    const loc = s.location!;
    symlinkSync(join(EXAMPLE.repo[0], loc), join(dir, loc.split('/').pop()!));
  }
  pool.free();
  return dir;
}
