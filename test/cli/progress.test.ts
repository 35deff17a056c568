import { describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 60, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe('progress line', () => {
  it('draws a bar on a terminal and clears it at the end', () => {
    const { out, stream } = fakeStream(true);
    const p = createProgress(stream, {});
    p.load({ repo: 'baseos', phase: 'parse' });
    p.count('resolving buildroots', 10, 10);
    p.end();
    expect(out.join('')).toContain('baseos: parse');
    expect(out.join('')).toContain('[##############################] 10/10');
    expect(out.at(-1)).toMatch(/^\r +\r$/);
  });
  it('is silent in pipes and in CI', () => {
    for (const [tty, env] of [[false, {}], [true, { CI: 'true' }]] as const) {
      const { out, stream } = fakeStream(tty);
      const p = createProgress(stream, env);
      p.load({ repo: 'x', phase: 'parse' });
      p.count('x', 1, 2);
      p.end();
      expect(out).toEqual([]);
    }
  });
  it('shows an ETA from the rate so far, and steps by name', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(0);
      const { out, stream } = fakeStream(true);
      const p = createProgress(stream, {});
      p.count('solving', 0, 100);
      vi.setSystemTime(10_000);
      p.count('solving', 10, 100); // 10 in 10 s: 90 left take 90 s
      expect(out.at(-1)).toContain('10/100 ETA 1m30s');
      p.step('buildroot: minimize');
      expect(out.at(-1)).toContain('buildroot: minimize ...');
    } finally {
      vi.useRealTimers();
    }
  });
});
