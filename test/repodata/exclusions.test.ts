/**
 * Which packages dnf would hide: exclude/includepkgs globs over name, name.arch, name-evr and the
 * NEVRA; module filters by NEVRA with or without a 0 epoch; masking of non-modular namesakes,
 * left alone in a module_hotfixes repo. On the fixture distribution's binary repo.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Pool } from '../../src/solv/index.js';
import { maskedByModules, matchGlobs, matchNevras } from '../../src/repodata/exclusions.js';
import type { ModuleFilter } from '../../src/repodata/modules.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const repodata = join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'repos', 'binary', 'repodata');
const pool = new Pool({ arch: 'x86_64' });
const repo = pool.addRepo('fixture');
repo.addRpmmd(readFileSync(join(repodata, readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!)), { file: 'primary.xml.gz' });
const all = [...repo.solvables()];
const first = all[0];
const epochless = (evr: string) => evr.replace(/^0:/, '');
afterAll(() => pool.free());

describe('matchGlobs', () => {
  it('matches a glob on any of the four forms, and inverts for includepkgs', () => {
    expect(matchGlobs(repo, [first.name], false)).toContain(first.id);
    expect(matchGlobs(repo, [`${first.name}.${first.arch}`], false)).toContain(first.id);
    expect(matchGlobs(repo, [`${first.name}-${first.evr}`], false)).toContain(first.id);
    expect(matchGlobs(repo, [first.nevra], false)).toContain(first.id);
    expect(matchGlobs(repo, ['no-such-package*'], false)).toEqual([]);
    const kept = matchGlobs(repo, [first.name], true);
    expect(kept).not.toContain(first.id);
    expect(kept.length + matchGlobs(repo, [first.name], false).length).toBe(all.length);
  });
});

describe('matchNevras', () => {
  it('finds a package by its NEVRA with the epoch written or not', () => {
    const evr = epochless(first.evr);
    expect(matchNevras(repo, [`${first.name}-0:${evr}.${first.arch}`])).toEqual(first.evr.includes(':') ? [] : [first.id]);
    expect(matchNevras(repo, [`${first.name}-${first.evr}.${first.arch}`])).toEqual([first.id]);
    expect(matchNevras(repo, [`${first.name}-9999-1.${first.arch}`])).toEqual([]);
    expect(matchNevras(repo, [])).toEqual([]);
  });
});

describe('maskedByModules', () => {
  const filter = (modular: string[]): ModuleFilter => ({ active: [], excluded: [], maskedNames: [first.name], modular });
  it('masks the non-modular namesakes of an active stream, not its own packages, nor a hotfixes repo', () => {
    expect(maskedByModules([{ repo, modules: filter([]) }])).toEqual(all.filter((s) => s.name === first.name && s.arch !== 'src').map((s) => s.id));
    const own = `${first.name}-${first.evr.includes(':') ? first.evr : `0:${first.evr}`}.${first.arch}`;
    expect(maskedByModules([{ repo, modules: filter([own]) }])).not.toContain(first.id);
    expect(maskedByModules([{ repo, modules: filter([]), moduleHotfixes: true }])).toEqual([]);
    expect(maskedByModules([{ repo }])).toEqual([]);
  });
});
