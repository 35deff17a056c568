/** The error catalogue: every code thrown under src/ is in it, every entry is thrown, docs/errors.md is its table. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GooseError, InternalError, errorCatalogueMarkdown, type ErrorCode } from '../src/errors.js';
import { PROJECT_ROOT } from './helpers/shared-data.js';

function tsSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const sources = tsSources(join(PROJECT_ROOT, 'src')).filter((f) => !f.endsWith(join('src', 'errors.ts')));
const text = sources.map((f) => readFileSync(f, 'utf8')).join('\n');

describe('the error catalogue', () => {
  it('holds every code a GooseError or a fail() helper is thrown with', () => {
    const thrown = new Set([...text.matchAll(/(?:GooseError|fail)\(\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
    expect(thrown.size).toBeGreaterThan(50);
    expect([...thrown].filter((c) => !(c in ERROR_CODES))).toEqual([]);
  });

  it('has no entry that nothing throws', () => {
    const quoted = new Set([...text.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
    const unused = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => c !== 'INTERNAL' && !quoted.has(c));
    expect(unused).toEqual([]);
  });

  it('gives every code exit 2 or 3 and a one-line meaning', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect([2, 3], code).toContain(info.exit);
      expect(info.meaning, code).toMatch(/^[A-Z`'a-z].*\.$/);
      expect(info.meaning, code).not.toContain('\n');
    }
  });

  it('docs/errors.md is the generated table (npm run docs:errors)', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'docs', 'errors.md'), 'utf8')).toBe(errorCatalogueMarkdown());
  });

  it('GooseError carries exit 2 and the place; InternalError exit 3 and how to report it', () => {
    const e = new GooseError('RPM_BAD_MAGIC', 'not an RPM package', { file: 'a.rpm', line: 3 });
    expect([e.code, e.exitCode, e.message, e.file, e.line]).toEqual(['RPM_BAD_MAGIC', 2, 'a.rpm:3: not an RPM package', 'a.rpm', 3]);
    const i = new InternalError('worker pool has 3 solvables, expected 4');
    expect([i.code, i.exitCode, i.detail]).toEqual(['INTERNAL', 3, 'worker pool has 3 solvables, expected 4']);
    expect(i.message).toContain('goose-deps testcase --write DIR');
    expect(i.message).toContain('issue tracker');
    expect(new InternalError('trap', { code: 'LIBSOLV_ABORT' }).code).toBe('LIBSOLV_ABORT');
  });
});
