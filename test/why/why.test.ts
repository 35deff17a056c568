import { beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/solv/index.js';
import type { LoadedRepo } from '../../src/repodata/open.js';
import { whyNeeds, whyText } from '../../src/why/index.js';
import { examplePool } from '../helpers/example.js';
import { GooseError } from '../../src/errors.js';

let pool: Pool;
let bin: LoadedRepo[];
let src: LoadedRepo[];
let group: string[];
beforeAll(async () => {
  ({ pool, bin, src, group } = await examplePool());
});
const why = (a: string, b: string) => whyNeeds(pool, bin.map((r) => r.repo), src.map((r) => r.repo), group, a, b);

describe('whyNeeds on the example distribution', () => {
  it('explains a direct BuildRequires in one step', () => {
    const r = why('binutils', 'texinfo');
    expect(r.hops).toHaveLength(1);
    expect(r.hops[0].chain).toEqual([{ binary: 'texinfo', source: 'texinfo', cause: { kind: 'buildrequires', dep: 'texinfo >= 6.8' } }]);
    expect(whyText(r)).toBe('Because binutils BuildRequires texinfo >= 6.8, which texinfo provides, binutils needs texinfo built first.\n');
  });
  it('follows runtime Requires inside a buildroot, and crosses sources when it must', () => {
    const r = why('git', 'perl');
    expect(r.hops.map((h) => [h.from, h.needs])).toEqual([['git', 'binutils'], ['binutils', 'perl']]);
    const last = r.hops[1].chain.at(-1)!;
    expect(last).toMatchObject({ binary: 'perl-interpreter', source: 'perl', cause: { kind: 'requires', dep: '/usr/bin/perl' } });
    // Every step after the first is required by the step before it.
    for (const h of r.hops) for (let i = 1; i < h.chain.length; i++) expect((h.chain[i].cause as { by: string }).by).toBe(h.chain[i - 1].binary);
  });
  it('says so when there is no chain', () => {
    expect(why('hello', 'git').hops).toEqual([]);
  });
  it('rejects an unknown source with a typed error', () => {
    expect(() => why('hello', 'no-such-source')).toThrow(GooseError);
  });
});

describe('whyNeeds with a binary package name', () => {
  it('says which source builds it and explains the chain to that source', () => {
    const r = why('git', 'perl-interpreter');
    expect(r.builtFrom).toEqual([{ binary: 'perl-interpreter', source: 'perl' }]);
    expect(r.to).toBe('perl');
    expect(r.hops.at(-1)!.needs).toBe('perl');
    expect(whyText(r)).toMatch(/^perl-interpreter is a binary package built from the source perl\.\nBecause /);
  });
  it('still rejects a name that is neither a source nor a binary', () => {
    expect(() => why('git', 'no-such-package')).toThrow(expect.objectContaining({ code: 'UNKNOWN_SOURCE', message: expect.stringContaining('nor a binary package') }));
  });
});
