/** The one message protocol between the solve service (service.ts) and its worker threads (worker.ts). */
import type { BuildrootOutcome } from './resolver.js';
import type { BuildrootRequest } from './request.js';

/** What each worker is given at start: the binary repos as .solv bytes, loaded in order into an empty pool. */
export interface WorkerSetup {
  /** The pool's architecture. */
  arch: string;
  /** The binary repos, in the main pool's order (or cut down to a universe: see universe.ts). */
  repos: { name: string; solv: Uint8Array }[];
  /** Solvable ids (of the worker's pool) hidden under every restriction. */
  excluded: number[];
  /** Build group names. */
  group: string[];
  /** Install weak dependencies. */
  weak: boolean;
}

/** A message to a worker; it answers each with one {@link FromWorker}, in order. */
export type ToWorker =
  /** Hide every binary outside `allowed` (worker ids; null lifts the restriction). */
  | { kind: 'restrict'; allowed: Int32Array | null }
  /** Solve these requests; `extras` (worker ids) replaces the favor and lock lists when present. */
  | { kind: 'solve'; requests: BuildrootRequest[]; extras?: { favor: Int32Array | null; lock: Int32Array | null } };

/** A worker's message: `ready` once after start, then one answer per {@link ToWorker}. */
export type FromWorker =
  | { kind: 'ready'; nsolvables: number }
  | { kind: 'restricted' }
  | { kind: 'solved'; outcomes: BuildrootOutcome[] }
  /** Something failed inside the worker (a bug: the service raises an InternalError). */
  | { kind: 'error'; message: string };
