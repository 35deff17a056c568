/**
 * Without the shared data, the tests that need it skip with one line that says where the data was
 * looked for and how to point at it (GOOSE_SHARED_DATA). Checked in a real vitest run of a test
 * file that needs the data, with GOOSE_SHARED_DATA pointing nowhere.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingDataMessage, PROJECT_ROOT } from './shared-data.js';

describe('tests that need ../shared/data, without it', () => {
  it('the skip line names GOOSE_SHARED_DATA', () => {
    expect(missingDataMessage('/nowhere')).toMatch(/^goose-deps: \/nowhere not found; .*GOOSE_SHARED_DATA=/);
  });
  it('a vitest run without the data skips them and says how to point at it', () => {
    const nowhere = join(PROJECT_ROOT, 'no-such-shared-data');
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/rpm/package-oracles.test.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, GOOSE_SHARED_DATA: nowhere, NO_COLOR: '1', FORCE_COLOR: '0' },
      encoding: 'utf8',
    });
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(0);
    expect(out).toContain(missingDataMessage(nowhere));
    expect(out).toMatch(/skipped/);
  });
});
