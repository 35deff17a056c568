/**
 * The history API from the library entry point (src/index.ts), as the README's Library section
 * uses it: a readiness report computed through the library, stored, read back and diffed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { builtFolder, groupSources } from '../readiness/readiness-fixture.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-history-lib-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the history API of the library', () => {
  it('exports appendReport, listReports, readReport, diffLatest, diffText, diffStatuses and readinessJson', () => {
    for (const name of ['appendReport', 'listReports', 'readReport', 'diffLatest', 'diffText', 'diffStatuses', 'readinessJson'] as const) expect(typeof api[name], name).toBe('function');
  });
  it('stores two reports of a rebuild, reads one back exactly and says what changed', async () => {
    const core = await groupSources();
    const report = async (built: string[]) => {
      const input = await api.openRebuild({ repos: api.EXAMPLE_DISTRIBUTION.repos, srcrepos: api.EXAMPLE_DISTRIBUTION.srcrepos, built: [await builtFolder(built)], group: 'build', arch: 'x86_64', noCache: true });
      try {
        return api.readinessJson(await api.computeReadiness(input, { workers: 0 }));
      } finally {
        input.free();
      }
    };
    const db = join(tmp, 'history.sqlite');
    const before = await report(core);
    const after = await report([...core, 'hello']);
    expect(await api.appendReport(db, before, { now: new Date(Date.UTC(2026, 0, 1)) })).toBe(1);
    expect(await api.appendReport(db, after, { now: new Date(Date.UTC(2026, 0, 2)) })).toBe(2);
    expect((await api.listReports(db)).map((r) => [r.id, r.created])).toEqual([[1, '2026-01-01T00:00:00.000Z'], [2, '2026-01-02T00:00:00.000Z']]);
    expect(JSON.stringify(await api.readReport(db, 1))).toBe(JSON.stringify(before));
    const d = await api.diffLatest(db);
    expect(d.newlyBuilt).toEqual(['hello']);
    const { from: _f, to: _t, ...changes } = d;
    const statuses = (r: api.ReadinessJson) => new Map(r.packages.map((p) => [p.name, p.status]));
    expect(changes).toEqual(api.diffStatuses(statuses(before), statuses(after)));
    expect(api.diffText(d)).toContain('newly built (1): hello');
  });
});
