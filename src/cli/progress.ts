/** A progress line on stderr for long loads and solves: on a terminal only, never in pipes or CI. */
import type { LoadProgress } from '../repodata/open.js';

/** Reports progress; every method is a no-op when output is not a terminal. */
export interface Progress {
  /** A repository load step. */
  load(p: LoadProgress): void;
  /** `done` of `total` items of `what`. */
  count(what: string, done: number, total: number): void;
  /** Clears the line. */
  end(): void;
}

/** A progress reporter writing to `stream` when it is a TTY and CI is not set. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  const active = Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
  let last = 0;
  let shown = false;
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
      show(`${what} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`, done === total);
    },
    end() {
      if (active && shown) stream.write(`\r${' '.repeat(Math.max(20, (stream.columns || 80) - 1))}\r`);
      shown = false;
    },
  };
}
