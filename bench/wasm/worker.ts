/**
 * The wasm side of bench/run.ts: times goose-deps' libsolv WebAssembly build inside this process.
 *
 * Usage: `node --import tsx bench/wasm/worker.ts CASE ARGS...`; prints one JSON line with the
 * same fields as bench/native/worker.py. Loading the code is outside every timed region; in
 * `instantiate` exactly the `libsolv()` loader (reading and instantiating the .wasm) is timed.
 *
 * Decompression is inside the timed region on both sides: `parse` gives the compressed bytes to
 * Repo.addRpmmd (decompressed inside the module as libsolv reads them), `load-primary` takes the
 * path openRepos takes (see primary-parts.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { libsolv } from '../../src/native/module.js';
import { C } from '../../src/native/index.js';
import { Pool } from '../../src/solv/index.js';

/** What a worker reports. */
interface Report {
  times: number[];
  cpu?: number[];
  [extra: string]: unknown;
}

function newPool(): Pool {
  const pool = new Pool({ arch: 'x86_64' });
  pool.setDisttype('rpm');
  return pool;
}

/** A repodata file's bytes as stored (compressed). */
function readXml(path: string): Uint8Array {
  return readFileSync(path);
}

/** CPU time of this process (every thread: V8's compiler threads included), in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The compiled library (dist/, built by bench/run.ts first): worker threads need compiled code,
 * so the path openRepos takes for a primary (pieces parsed on every core) runs from there. Its
 * own wasm instance is loaded before any timing.
 */
type Dist = {
  parts: typeof import('../../src/repodata/primary-parts.js');
  repomd: typeof import('../../src/repodata/repomd.js');
  solv: typeof import('../../src/solv/index.js');
  native: typeof import('../../src/native/module.js');
};
let dist: Dist | undefined;
async function loadDist(): Promise<Dist> {
  const root = new URL('../../dist/', import.meta.url);
  dist = {
    parts: await import(new URL('repodata/primary-parts.js', root).href),
    repomd: await import(new URL('repodata/repomd.js', root).href),
    solv: await import(new URL('solv/index.js', root).href),
    native: await import(new URL('native/module.js', root).href),
  };
  dist.native.libsolv();
  return dist;
}

/**
 * Times `reps` loads, each into a fresh pool (creating and freeing it is outside the timing):
 * wall and CPU ms per load, the loaded repo's solvable count, and what `load` adds to the report.
 */
async function timeLoads<P extends { free(): void }>(
  reps: string,
  newPoolFor: () => P,
  load: (pool: P) => Promise<{ nsolvables: number; extra?: Record<string, unknown> }> | { nsolvables: number; extra?: Record<string, unknown> },
): Promise<Report> {
  const times: number[] = [];
  const cpu: number[] = [];
  let count = 0;
  let extra: Record<string, unknown> = {};
  for (let i = 0; i < Number(reps); i++) {
    const pool = newPoolFor();
    const t = performance.now();
    const c = cpuMs();
    const r = await load(pool);
    times.push(performance.now() - t);
    cpu.push(cpuMs() - c);
    count = r.nsolvables;
    extra = r.extra ?? {};
    pool.free();
  }
  return { times, cpu, count, ...extra };
}

const cases: Record<string, (args: string[]) => Report | Promise<Report>> = {
  instantiate() {
    const t = performance.now();
    libsolv();
    return { times: [performance.now() - t] };
  },

  parse([path, reps, whatprovides]) {
    return timeLoads(reps, newPool, (pool) => {
      const repo = pool.addRepo('r');
      repo.addRpmmd(readXml(path), { file: path });
      if (whatprovides === '1') pool.createWhatProvides();
      return repo;
    });
  },

  solve([primary, filelists, reps, order]) {
    const pool = newPool();
    const repo = pool.addRepo('baseos');
    repo.addRpmmd(readXml(primary), { file: primary });
    repo.addRpmmd(readXml(filelists), { file: filelists, flags: C.REPO_EXTEND_SOLVABLES });
    pool.addFileProvides();
    pool.createWhatProvides();
    const ids = [...pool.solvables()].filter((s) => s.arch === 'x86_64' || s.arch === 'noarch').map((s) => s.id);
    const solver = pool.createSolver();
    const how = C.SOLVER_INSTALL | C.SOLVER_SOLVABLE;
    const times: number[] = [];
    const cpu: number[] = [];
    let problems = 0;
    let steps = 0;
    for (let i = 0; i < Number(reps); i++) {
      problems = steps = 0;
      const t = performance.now();
      const c = cpuMs();
      for (const p of ids) {
        problems += solver.solveCount([{ how, what: p }]);
        if (order === '1') {
          const trans = solver.transaction();
          steps += trans.order().steps().length;
          trans.free();
        }
      }
      times.push(performance.now() - t);
      cpu.push(cpuMs() - c);
    }
    pool.free();
    return { times, cpu, jobs: ids.length, problems, steps };
  },

  /**
   * What openRepos does with a primary: read, decompress, parse in pieces on every core (worker
   * threads started before decompression, from repomd's open-size), load the .solv parts into
   * one repo; then createwhatprovides when asked.
   */
  async 'load-primary'([path, reps, whatprovides]) {
    const { parts: P, repomd: R, solv: S } = dist ?? (await loadDist());
    const record = R.selectRecords(R.parseRepomd(readFileSync(join(dirname(path), 'repomd.xml')))).primary;
    return timeLoads(reps, () => new S.Pool({ arch: 'x86_64' }), async (pool) => {
      const parts = await P.primaryToSolvParts(readFileSync(path), { file: path, expectedBytes: record?.openSize });
      const repo = pool.addRepo('r');
      for (const part of parts) repo.addSolv(part, { file: path });
      if (whatprovides === '1') pool.createWhatProvides();
      return { nsolvables: repo.nsolvables, extra: { pieces: parts.length } };
    });
  },

  /** Writes the cache form openRepos writes for a primary: its .solv parts, packed. */
  async 'write-parts'([path, out]) {
    const { parts: P } = dist ?? (await loadDist());
    const parts = await P.primaryToSolvParts(readFileSync(path), { file: path });
    writeFileSync(out, P.packSolvParts(parts));
    return { times: [], pieces: parts.length };
  },

  /** Loads that cache form as openRepos does: unpack, then each part into one repo. */
  async 'load-parts'([path, reps]) {
    const { parts: P, solv: S } = dist ?? (await loadDist());
    return timeLoads(reps, () => new S.Pool({ arch: 'x86_64' }), (pool) => {
      const repo = pool.addRepo('r');
      for (const part of P.unpackSolvParts(readFileSync(path))!) repo.addSolv(part, { file: path });
      return repo;
    });
  },

  'write-solv'([path, out]) {
    const pool = newPool();
    const repo = pool.addRepo('r');
    repo.addRpmmd(readXml(path), { file: path });
    writeFileSync(out, repo.writeSolv());
    const count = repo.nsolvables;
    pool.free();
    return { times: [], count };
  },

  'load-solv'([path, reps]) {
    return timeLoads(reps, newPool, (pool) => {
      const repo = pool.addRepo('r');
      repo.addSolv(readFileSync(path), { file: path });
      return repo;
    });
  },
};

const [name, ...args] = process.argv.slice(2);
const run = cases[name];
if (!run) throw new Error(`unknown case ${name}`);
// GOOSE_BENCH_WASM: another build of the module (e.g. linked with --profiling-funcs for named profiles).
const wasmPath = process.env.GOOSE_BENCH_WASM;
if (wasmPath) libsolv({ wasmPath });
// Instantiate first (except when that is what is timed), so the baseline includes the module.
if (name === 'load-primary' || name === 'write-parts' || name === 'load-parts') await loadDist();
else if (name !== 'instantiate') libsolv();
const rssBaseKiB = Math.round(process.memoryUsage().rss / 1024);
const report = await run(args);
const heap = (dist ? dist.native.libsolv() : libsolv()).HEAPU8.length;
console.log(JSON.stringify({ ...report, rssBaseKiB, rssPeakKiB: process.resourceUsage().maxRSS, wasmHeapBytes: heap }));
