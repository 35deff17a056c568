import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, arrayRange, CorruptUnits, encodeDelta, reportUnits, unitsReport } from '../../src/history/units.js';

/** Objects as JSON has them, with arrays at the top level and strings full of commas, newlines, control and non-ASCII characters. */
const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\\', '\n', '\u0001', 'é', '😀', '\ud800', ' ', '[', '{') });
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(text, tie('v'), { maxKeys: 4 })),
})).v;
const report = fc.dictionary(text, fc.oneof(value, fc.array(value, { maxLength: 12 })), { maxKeys: 6 });

describe('units of a report', () => {
  it('give back exactly the JSON of the report, whatever it holds', () => {
    fc.assert(
      fc.property(report, (r) => {
        expect(JSON.stringify(unitsReport(reportUnits(r)))).toBe(JSON.stringify(r));
        for (const u of reportUnits(r)) expect(u).not.toMatch(/[\n\u0001]/);
      }),
      { numRuns: 300 },
    );
  });
  it('have one unit per element of each top-level array, found by arrayRange', () => {
    const u = reportUnits({ version: 1, a: [1, 2], summary: { x: 1 }, packages: [{ name: 'p' }, { name: 'q' }, undefined], gone: undefined });
    expect(u.length).toBe(1 + 2 + 3);
    expect(arrayRange(u, 'packages')).toEqual([3, 6]);
    expect(u.slice(3)).toEqual(['{"name":"p"}', '{"name":"q"}', 'null']);
    expect(arrayRange(u, 'nothing')).toBeUndefined();
  });
  it('refuse a damaged header or count', () => {
    const u = reportUnits({ packages: [1, 2] });
    expect(() => unitsReport(['[["packages",3]]', '1', '2'])).toThrow(CorruptUnits);
    expect(() => unitsReport([...u, '3'])).toThrow(CorruptUnits);
    expect(() => unitsReport(['not json'])).toThrow(CorruptUnits);
  });
});

/** A list of units and a changed copy: units dropped, added, moved, and edited piece by piece. */
const unit = fc.array(fc.constantFrom('{"name":"a",', '{"name":"b",', '"x":1,', '"y":[2,', '3],', '"z":"é,,"', '}', ','), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
const edit = fc.record({ kind: fc.constantFrom('keep', 'drop', 'add', 'edit', 'move'), extra: unit, at: fc.nat() });
const pair = fc.tuple(fc.array(unit, { maxLength: 30 }), fc.array(edit, { maxLength: 30 })).map(([base, edits]) => {
  const next = [...base];
  for (const e of edits) {
    const i = next.length ? e.at % next.length : 0;
    if (e.kind === 'drop') next.splice(i, 1);
    else if (e.kind === 'add') next.splice(i, 0, e.extra);
    else if (e.kind === 'edit' && next.length) next[i] = next[i].slice(0, next[i].indexOf(',') + 1) + e.extra;
    else if (e.kind === 'move' && next.length) next.push(...next.splice(i, 1));
  }
  return [base, next] as const;
});

describe('deltas', () => {
  it('turn the base into the new units exactly', () => {
    fc.assert(
      fc.property(pair, ([base, next]) => {
        expect(applyDelta(base, encodeDelta(base, next).text.split('\n'))).toEqual(next);
      }),
      { numRuns: 1000 },
    );
  });
  it('copy unchanged runs and patch a changed package instead of spelling it out', () => {
    const pkg = (name: string, blockers: string[]) => JSON.stringify({ name, status: 'blocked', blockedBy: blockers, problems: blockers.map((b) => `${name} waits for ${b}, which is not built yet.`) });
    const many = Array.from({ length: 50 }, (_, i) => `b${i}`);
    const base = ['{"h":1}', pkg('a', many), pkg('b', many), pkg('c', many)];
    const next = ['{"h":2}', pkg('a', many), pkg('b', many.filter((x) => x !== 'b7')), pkg('c', many)];
    const d = encodeDelta(base, next);
    const lines = d.text.split('\n');
    expect(JSON.parse(lines[0])).toEqual([-1, 1, 1, 1, -2, 2, 3, 1]);
    expect(lines[2].length).toBeLessThan(next[2].length / 10);
    expect(d.builtChars).toBe(next[0].length + next[2].length);
    expect(applyDelta(base, lines)).toEqual(next);
  });
  it('refuse operations that do not fit their base', () => {
    const base = ['a', 'b'];
    for (const bad of [['[0,3]'], ['[-1,1]'], ['[-1,1]', 'x', 'y'], ['[5,1]'], ['[0]'], ['nope'], ['[-2,0]', 'x'], ['[-2,0]', '9,9'], ['[0,0]']]) expect(() => applyDelta(base, bad), bad.join('|')).toThrow(CorruptUnits);
  });
});
