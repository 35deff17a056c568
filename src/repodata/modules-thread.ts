/**
 * Module filtering (modules.yaml parsed with `yaml`, then {@link moduleFilter}) on a worker
 * thread, so that a load without a module cache (`--no-cache`, a first run) parses the YAML while
 * this thread inflates and parses primary.xml, instead of after it. Any failure of the worker
 * (damaged YAML, an unknown stream, no worker support) falls back to the same work in this
 * thread, which then reports the error exactly as before.
 */
import { Worker } from 'node:worker_threads';
import type { ModuleFilter } from './modules.js';

/** What {@link moduleFilterOffThread} needs: the file as fetched (compressed), its name and the enabled streams. */
export interface ModulesJob {
  /** modules.yaml as fetched (xz, gz, zst or plain). */
  data: Uint8Array;
  /** Its path or URL, for errors. */
  file: string;
  /** `--enable-module` values, in order. */
  enable: string[];
}

/** A worker's answer: the filter, or nothing when this thread has to do the work (and report why). */
export interface ModulesReply {
  filter?: ModuleFilter;
}

const workerFile = new URL('./modules-worker.js', import.meta.url);
// Workers need compiled JavaScript; under a TypeScript runner (tests) the work stays here.
const canUseWorkers = workerFile.pathname.endsWith('.js') && !import.meta.url.endsWith('.ts');

/** The module filter of `job`, computed in this thread (the reference, and the fallback). */
export async function moduleFilterHere(job: ModulesJob): Promise<ModuleFilter> {
  const { moduleFilter, parseModulesYaml } = await import('./modules.js'); // yaml: only when needed
  const { decompress } = await import('./compression.js');
  return moduleFilter(parseModulesYaml(decompress(job.data, { file: job.file, maxBytes: 256 * 1024 * 1024 }), { file: job.file }), { enable: job.enable });
}

/**
 * Starts computing the module filter of `job` on a worker thread; the result is the same as
 * {@link moduleFilterHere}'s (errors included: on any failure this thread computes it). The
 * returned function waits for it; call it where the filter is needed, so errors surface there.
 */
export function moduleFilterOffThread(job: ModulesJob): () => Promise<ModuleFilter> {
  if (!canUseWorkers) return () => moduleFilterHere(job);
  // Never rejects: a worker that fails just leaves the work to this thread.
  const reply = new Promise<ModulesReply>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerFile, { workerData: job });
    } catch {
      resolve({});
      return;
    }
    worker.once('message', (r: ModulesReply) => resolve(r));
    worker.once('error', () => resolve({}));
    worker.once('exit', () => resolve({}));
  });
  return async () => (await reply).filter ?? moduleFilterHere(job);
}
