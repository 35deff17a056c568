import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readModulemdYaml } from '../../src/repodata/modulemd-yaml.js';
import { parseModulesYaml } from '../../src/repodata/modules.js';
import { canDecompress, decompress, detectCompression } from '../../src/repodata/compression.js';
import { decodeUtf8 } from '../../src/repodata/xml.js';
import { describeWithData, PROJECT_ROOT, SHARED_DATA } from '../helpers/shared-data.js';

/** What the `yaml` package gives, as parseModulesYaml's fallback reads it. */
function reference(text: string): unknown[] {
  return parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false }).map((d) => d.toJS({ maxAliasCount: 100 }));
}

/** Both paths agree: the same documents, and the same ModulesIndex (or the same error). */
function expectSame(text: string, mustRead: boolean): void {
  const fast = readModulemdYaml(text);
  if (mustRead) expect(fast).toBeDefined();
  if (fast !== undefined) expect(fast).toEqual(reference(text));
  const run = (reader: 'fast' | 'yaml'): unknown => {
    try {
      return parseModulesYaml(text, { reader });
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  expect(run('fast')).toEqual(run('yaml'));
}

/** The inline modules.yaml fixtures of the tests (template literals holding modulemd documents). */
function fixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('modulemd-yaml.test.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/`([^`$]*document: modulemd[^`$]*)`/g)) out.push(m[1]);
      }
    }
  };
  walk(join(PROJECT_ROOT, 'test'));
  return out;
}

const SAMPLE = `---
document: modulemd
version: 2
data:
  name: nodejs
  stream: "18"
  version: 9040020240124100000
  context: rhel9
  arch: x86_64
  summary: 'Node''s runtime' # a comment
  description: >-
    Node.js is a platform built on Chrome's JavaScript runtime

    for easily building fast, scalable network applications.
  notes: |
    line one
      indented
  license:
    module:
    - MIT
    content:
    - Apache-2.0 AND Artistic-2.0 AND BSD-2-Clause
      AND CC-BY-3.0 AND ISC
  wrapped: a long
    plain scalar
  xmd: {}
  empty:
  dependencies:
  - buildrequires:
      platform: [el9]
    requires:
      platform: [el9, el10]
  profiles:
    common:
      rpms:
      - nodejs
  artifacts:
    rpms:
    - nodejs-1:18.19.0-1.module_el9+1+a.x86_64
...
---
document: modulemd-defaults
version: 1
data:
  module: nodejs
  stream: "18"
  profiles:
    18: [common]
...
`;

describe('readModulemdYaml', () => {
  it('reads what libmodulemd writes exactly as the yaml package does', () => {
    expectSame(SAMPLE, true);
  });

  it('agrees with the yaml package on every inline fixture', () => {
    const all = fixtures();
    expect(all.length).toBeGreaterThan(2);
    for (const text of all) expectSame(text, false);
  });

  it.each([
    ['an anchor', 'a: &x b\n'],
    ['an alias', 'a: b\nc: *x\n'],
    ['a tag', 'a: !!str b\n'],
    ['a plain scalar with a blank line', 'a: b\n\n  c\n'],
    ['a comment inside a plain scalar', 'a: b\n  # x\n  c\n'],
    ['a plain continuation that is a mapping', 'a: b\n  c: d\n'],
    ['a multi-line quoted scalar', 'a: "b\n  c"\n'],
    ['a quote alone at column 0', 'a: "b\n"\n'],
    ['an escape', 'a: "b\\tc"\n'],
    ['a flow mapping', 'a: {b: c}\n'],
    ['a multi-line flow sequence', 'a: [b,\n  c]\n'],
    ['a quoted flow item', "a: ['b']\n"],
    ['a tab', 'a:\tb\n'],
    ['a carriage return', 'a: b\r\n'],
    ['a no-break space that trim() would eat', 'a: b\u00a0\n'],
    ['a control character', 'a: b\u0001\n'],
    ['odd indentation', 'a:\n  b: c\n d: e\n'],
    ['a duplicate key', 'a: b\na: c\n'],
    ['a nested compact mapping', 'a: b: c\n'],
    ['a keep-chomped block', 'a: |+\n  b\n'],
    ['an indentation indicator', 'a: |2\n  b\n'],
    ['a more-indented folded line', 'a: >\n  b\n    c\n'],
    ['a directive', '%YAML 1.2\n---\na: b\n'],
    ['an empty document', '---\n...\n'],
    ['no documents', ''],
    ['a scalar document', '--- a\n'],
  ])('declines %s', (_what, body) => {
    const text = body.startsWith('-') || body.startsWith('%') || body === '' ? body : `---\n${body}`;
    expect(readModulemdYaml(text)).toBeUndefined();
    expectSame(text, false);
  });
});

describeWithData('readModulemdYaml on the shared data', () => {
  it('agrees with the yaml package on every modules.yaml under it', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/modules\.yaml/.test(e.name)) files.push(p);
      }
    };
    walk(SHARED_DATA);
    let read = 0;
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f));
      if (!canDecompress(detectCompression(bytes))) continue; // e.g. zchunk
      const text = decodeUtf8(decompress(bytes, { file: f, maxBytes: 1 << 28 }));
      // libmodulemd's own writes must be read fast; others (e.g. createrepo_c's test data, with
      // multi-line quoted scalars) may decline, and then both paths are the same code.
      expectSame(text, f.includes('centos-stream-9'));
      if (readModulemdYaml(text) !== undefined) read += 1;
    }
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(read).toBeGreaterThanOrEqual(1);
  });
});
