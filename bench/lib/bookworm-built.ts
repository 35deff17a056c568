/**
 * A half-built bookworm rebuild, as bench/readiness.ts makes it: the sources of the build group's
 * own buildroot plus every source whose FNV-1a name hash is even, written as a temporary rpm-md
 * repository whose primary.xml.gz holds exactly the binaries built from those sources (copied from
 * the binary repo's primary XML).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Pool } from '../../src/solv/index.js';
import { openRepos, finishPool } from '../../src/repodata/open.js';
import { buildrootSolver, groupJobs } from '../../src/buildroots/index.js';

/** FNV-1a of a string (32 bits). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const srcName = (srpm: string) => srpm.replace(/-[^-]+-[^-]+\.(no)?src\.rpm$/, '');

/** The half-built repository and what went into it. */
export interface HalfBuilt {
  /** The repository folder (with repodata/). */
  dir: string;
  /** Sources of the build group's own buildroot. */
  core: number;
  /** Sources counted as built. */
  sources: number;
  /** Binaries in the repository. */
  binaries: number;
}

/** Writes the half-built repository of `data` (the bookworm-rpmmd folder) under `work`. */
export async function writeHalfBuilt(data: string, work: string): Promise<HalfBuilt> {
  const bin = join(data, 'binary');
  const group = readFileSync(join(data, 'buildroot.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const pool = new Pool({ arch: 'x86_64' });
  const repos = await openRepos(pool, [bin], { noCache: true });
  await finishPool(pool, repos);
  const solver = buildrootSolver(pool, false);
  if (solver.solve(groupJobs(pool, group)).length) throw new Error('the build group does not install from binary/');
  const core = new Set([...solver.decidedInstalls()].map((p) => srcName(pool.solvable(p).sourcerpm ?? '')));
  solver.free();
  pool.free();
  const xml = gunzipSync(readFileSync(join(bin, 'repodata', 'primary.xml.gz'))).toString('utf8');
  const blocks = xml.slice(xml.indexOf('<package '), xml.lastIndexOf('</metadata>')).split(/(?=<package type=)/);
  const sources = new Set<string>();
  const kept = blocks.filter((b) => {
    const m = /<rpm:sourcerpm>([^<]*)<\/rpm:sourcerpm>/.exec(b);
    const s = m ? srcName(m[1]) : '';
    const keep = core.has(s) || fnv1a(s) % 2 === 0;
    if (keep) sources.add(s);
    return keep;
  });
  const primary = gzipSync(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${kept.length}">\n${kept.join('')}</metadata>\n`));
  const dir = join(work, 'built');
  mkdirSync(join(dir, 'repodata'), { recursive: true });
  writeFileSync(join(dir, 'repodata', 'primary.xml.gz'), primary);
  const sha = createHash('sha256').update(primary).digest('hex');
  writeFileSync(
    join(dir, 'repodata', 'repomd.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision><data type="primary"><checksum type="sha256">${sha}</checksum><location href="repodata/primary.xml.gz"/><size>${primary.length}</size></data></repomd>\n`,
  );
  return { dir, core: core.size, sources: sources.size, binaries: kept.length };
}
