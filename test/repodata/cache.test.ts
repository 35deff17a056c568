import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { atomicWrite, cachePath, defaultCacheDir, readCached, repoCacheKey } from '../../src/repodata/cache.js';
import { digest } from '../../src/repodata/checksum.js';

describe('cache paths', () => {
  it('defaults to $XDG_CACHE_HOME/goose-deps, else ~/.cache/goose-deps', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/goose-deps');
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/goose-deps$/);
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\/\.cache\/goose-deps$/);
  });

  it('keys by a readable URL plus its hash, and never leaves the cache', () => {
    const a = repoCacheKey('https://dl.example.org/pub/fedora/41/x86_64/os/');
    expect(a).toMatch(/^dl\.example\.org_pub_fedora_41_x86_64_os_-[0-9a-f]{16}$/);
    const sum = { type: 'sha256', value: 'ab'.repeat(32) };
    expect(cachePath('/c', 'http://h/', `repodata/${sum.value}-primary.xml.gz`, sum)).toMatch(new RegExp(`/${sum.value}-primary\\.xml\\.gz$`));
    expect(cachePath('/c', 'http://h/', 'repodata/primary.xml.gz', sum)).toMatch(new RegExp(`/${sum.value}-primary\\.xml\\.gz$`));
    expect(repoCacheKey('https://dl.example.org/pub/fedora/41/x86_64/os')).not.toBe(a);
    for (const href of ['../../../etc/passwd', '..', '/etc/shadow', 'a/../../b', '.hidden']) {
      const p = cachePath('/cache', 'https://../x', href, { type: 'sha256', value: '../../ab' });
      expect(p.startsWith('/cache/')).toBe(true);
      expect(p.split('/').includes('..')).toBe(false);
    }
  });
});

describe('atomicWrite and readCached', () => {
  it('writes through a temporary file, and reads back only what matches the checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'goose-cache-unit-'));
    try {
      const p = join(dir, 'sub', 'f.xml');
      await atomicWrite(p, Buffer.from('hello'));
      expect(readFileSync(p, 'utf8')).toBe('hello');
      expect(readdirSync(join(dir, 'sub'))).toEqual(['f.xml']);
      const sum = { type: 'sha256', value: digest(Buffer.from('hello'), 'sha256') };
      expect(Buffer.from((await readCached(p, sum)) ?? []).toString()).toBe('hello');
      writeFileSync(p, 'hellO');
      expect(await readCached(p, sum)).toBeUndefined();
      expect(await readCached(join(dir, 'absent'), sum)).toBeUndefined();
      await atomicWrite(p, Buffer.from('replaced'));
      expect(readFileSync(p, 'utf8')).toBe('replaced');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a write that cannot happen is CACHE_WRITE_FAILED and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'goose-cache-unit-'));
    try {
      writeFileSync(join(dir, 'file'), 'x');
      const err = await atomicWrite(join(dir, 'file', 'below'), Buffer.from('y')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GooseError);
      expect((err as GooseError).code).toBe('CACHE_WRITE_FAILED');
      expect(readdirSync(dir)).toEqual(['file']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
