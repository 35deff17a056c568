import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openDistribution } from '../../src/distribution/index.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { pageBundle, pagePool, pageLibsolv } from '../../src/report/page-solv.js';
import { PageSolver } from '../../src/web/page-solv.js';
import { GooseError } from '../../src/errors.js';
import { buildPageBundle } from '../../scripts/build-page.js';
import { runCli } from '../helpers/cli.js';

describe("the page folder's libsolv files", () => {
  it('bundles the page core for browsers without Node modules', async () => {
    const text = await buildPageBundle();
    expect(text).not.toMatch(/\brequire\(|from"node:|worker_threads|readFileSync/);
    expect(text.length).toBeLessThan(200_000);
    expect(pageBundle()).toBe(text);
    expect(() => pageBundle('/nonexistent/page-solv.js')).toThrow(expect.objectContaining({ code: 'PAGE_BUNDLE_MISSING' }));
    expect(() => pageBundle('/nonexistent/page-solv.js')).toThrow(GooseError);
  });
  it('carries the module with its names, and reports a missing one as WASM_NOT_FOUND', () => {
    const lib = pageLibsolv();
    expect(gunzipSync(Buffer.from(lib.wasm, 'base64')).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    expect(lib.glue.exports._gd_pool_create).toBeDefined();
    expect(() => pageLibsolv('/nonexistent')).toThrow(expect.objectContaining({ code: 'WASM_NOT_FOUND' }));
  });
  it('rebuilds the pool from the .solv files, exclusions included, and answers why as the CLI does', async () => {
    const dist = await openDistribution({ repos: EXAMPLE.repo, srcrepos: EXAMPLE.srcrepo, group: EXAMPLE.group, noCache: true });
    try {
      const table = dist.pool.solvableTable();
      const hidden = [dist.binaryRepos[0].start + 3, dist.sourceRepos[0].start + 1];
      const input = { upstream: dist.pool, upstreamRepos: dist.binaryRepos, sourceRepos: dist.sourceRepos, group: dist.group.names };
      const plain = pagePool(input);
      expect(plain.excluded).toEqual([]);
      dist.pool.setExcluded(hidden);
      const data = pagePool(input);
      expect(data.excluded).toEqual([
        [0, 3],
        [1, 1],
      ]);
      // Deterministic: the same pool gives the same bytes.
      expect(JSON.stringify(pagePool(input))).toBe(JSON.stringify(data));
      dist.pool.setExcluded([]);
      dist.pool.createWhatProvides();
      const unpack = (d: typeof data) => d.repos.map((r) => new Uint8Array(gunzipSync(Buffer.from(r.solv, 'base64'))));
      expect(new PageSolver(data, unpack(data)).size).toBe(table.repo.length);
      const s = new PageSolver(plain, unpack(plain));
      expect(s.size).toBe(table.repo.length);
      const cli = await runCli(['why', '--example', '--no-cache', 'asciidoc', 'openssl']);
      expect(s.why('asciidoc', 'openssl')).toEqual({ ok: true, text: cli.stdout });
      const none = await runCli(['why', '--example', '--no-cache', 'openssl', 'asciidoc']);
      expect(none.code).toBe(1);
      expect(s.why('openssl', 'asciidoc')).toEqual({ ok: false, text: none.stdout });
      expect(s.why('asciidoc', 'no-such-source')).toMatchObject({ ok: false, text: expect.stringMatching(/^goose-deps: error: no source package named 'no-such-source'/) });
    } finally {
      dist.free();
    }
  });
});
