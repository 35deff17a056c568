/**
 * The solve service's worker threads: matching a worker's answers to the calls, and
 * feeding a set of them one solve's requests in batches (Shares), the next batch sent before the
 * last one's outcomes are handled so the workers never wait for this thread.
 */
import type { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import type { FromWorker, ToWorker } from './protocol.js';
import type { BuildrootRequest } from './request.js';
import type { BuildrootOutcome } from './resolver.js';
import { Shares } from './shares.js';

/** One worker thread: its answers are matched to the calls in order; a failure fails every call from then on. */
export class SolveThread {
  readonly #worker: Worker;
  readonly #waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void }[] = [];
  #failure?: Error;
  #closing = false;
  /** The worker pool's solvable count, once it has loaded the repos. */
  readonly ready: Promise<number>;

  /** Takes over a worker just started with worker.ts (service.ts starts them). */
  constructor(worker: Worker) {
    this.#worker = worker;
    this.ready = new Promise<FromWorker>((resolve, reject) => this.#waiting.push({ resolve, reject })).then((m) => (m as Extract<FromWorker, { kind: 'ready' }>).nsolvables);
    this.ready.catch(() => undefined); // awaited by start; a failure here must not count as unhandled first
    this.#worker.on('message', (m: FromWorker) => {
      if (m.kind === 'error') this.#fail(new InternalError(`a solve worker failed: ${m.message}`));
      else this.#waiting.shift()?.resolve(m);
    });
    this.#worker.on('error', (e: Error) => this.#fail(new InternalError(`a solve worker failed: ${e.message}`, { cause: e })));
    this.#worker.on('exit', (code) => this.#closing || this.#fail(new InternalError(`a solve worker exited with code ${code}`)));
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    for (const w of this.#waiting.splice(0)) w.reject(this.#failure);
  }

  /** Sends `msg`; resolves with the worker's answer to it. */
  call(msg: ToWorker): Promise<FromWorker> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#worker.postMessage(msg);
    });
  }

  /** Terminates the worker. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#worker.terminate();
  }
}

/**
 * Solves `requests` on `threads`: each takes batches from its share (see Shares), `extras` going
 * to each once; `deliver` gets each batch's outcomes (worker ids) with the index of its first
 * request. Settles only when every thread is idle again; the first failure (a worker's
 * InternalError, or an error thrown by `deliver`) stops the handing out and is thrown.
 */
export async function feedThreads(threads: SolveThread[], requests: readonly BuildrootRequest[], extras: { favor: Int32Array | null; lock: Int32Array | null }, deliver: (start: number, outcomes: BuildrootOutcome[]) => void): Promise<void> {
  const batch = Math.max(4, Math.min(32, Math.ceil(requests.length / (threads.length * 8))));
  const shares = new Shares(requests.length, threads.length);
  let stop = false;
  const run = async (t: SolveThread, w: number) => {
    let first = true;
    const send = (range: [number, number] | undefined) => {
      if (!range || stop) return undefined;
      const msg: ToWorker = { kind: 'solve', requests: requests.slice(range[0], range[1]) };
      if (first) msg.extras = extras;
      first = false;
      return t.call(msg);
    };
    let range = shares.take(w, batch);
    let pending = send(range);
    while (pending) {
      const reply = await pending;
      if (reply.kind !== 'solved') throw new InternalError(`a solve worker answered '${reply.kind}' to a solve`);
      const start = range![0];
      // The next batch first: the worker solves it while this thread handles the outcomes.
      range = shares.take(w, batch);
      pending = send(range);
      try {
        deliver(start, reply.outcomes);
      } catch (e) {
        await pending?.catch(() => undefined);
        throw e;
      }
    }
  };
  const runs = await Promise.allSettled(
    threads.map((t, w) =>
      run(t, w).catch((e: unknown) => {
        stop = true;
        throw e;
      }),
    ),
  );
  const failed = runs.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
