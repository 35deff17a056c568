/**
 * A progress line on stderr for long loads and solves: on a terminal only, never in pipes or CI;
 * counts with an ETA; cleared at the end so the output that follows starts on a clean line. It
 * uses no colour, so NO_COLOR has nothing to turn off here (the readiness text honours it).
 */
import type { LoadProgress } from '../repodata/open.js';

/** Reports progress; every method is a no-op when output is not a terminal. */
export interface Progress {
  /** A repository load step. */
  load(p: LoadProgress): void;
  /** `done` of `total` items of `what`, with the time left once it can be guessed. */
  count(what: string, done: number, total: number): void;
  /** A named step of a long run (no count). */
  step(what: string): void;
  /** Clears the line. */
  end(): void;
}

/** A progress reporter writing to `stream` when it is a TTY and CI is not set. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  const active = Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
  let last = 0;
  let shown = false;
  const started = new Map<string, { at: number; done: number }>();
  const show = (text: string, force = false) => {
    if (!active) return;
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r${text.slice(0, width).padEnd(width)}`);
    shown = true;
  };
  return {
    load(p) {
      const bytes = p.bytes !== undefined ? ` ${(p.bytes / 1e6).toFixed(1)}${p.total ? `/${(p.total / 1e6).toFixed(1)}` : ''} MB` : '';
      show(`${p.repo}: ${p.phase}${bytes}`, p.phase !== 'download');
    },
    count(what, done, total) {
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const now = Date.now();
      let first = started.get(what);
      if (!first) started.set(what, (first = { at: now, done }));
      show(`${what} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${eta(first, now, done, total)}`, done === total);
    },
    step(what) {
      show(`${what} ...`, true);
    },
    end() {
      if (active && shown) stream.write(`\r${' '.repeat(Math.max(20, (stream.columns || 80) - 1))}\r`);
      shown = false;
    },
  };
}

/** ` ETA 1m05s` once a second has passed and some items are done since the first count. */
function eta(first: { at: number; done: number }, now: number, done: number, total: number): string {
  const elapsed = now - first.at;
  const progressed = done - first.done;
  if (elapsed < 1000 || progressed <= 0 || done >= total) return '';
  const left = Math.round(((total - done) * elapsed) / progressed / 1000);
  return ` ETA ${left >= 60 ? `${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s` : `${left}s`}`;
}
