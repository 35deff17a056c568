/**
 * The gzip decoders for a cold load of a large primary (issue 13, section 3), each in a fresh
 * process as a `--no-cache` run meets them: zlib-sync's stream (64 KiB in, 256 KiB out, gathered
 * into one buffer of the trailer's size, as the streaming cutter did), node:zlib's gunzipSync with
 * its default 16 KiB chunks, node:zlib into one buffer of the trailer's size (the decoder in use),
 * and the zlib compiled into the libsolv WebAssembly module. Rounds run every decoder once, in
 * turn; figures are medians of the inflate's own time and of the process's minor page faults.
 *
 * Run: `npm run build && npx tsx bench/cold-load.ts [--rounds N]`. Replaces the "cold-load"
 * section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeSection } from './lib/results.js';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.GOOSE_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data'));
const argv = process.argv.slice(2);
const ROUNDS = Number(argv.includes('--rounds') ? argv[argv.indexOf('--rounds') + 1] : '5');
const dist = (p: string) => pathToFileURL(join(ROOT, 'dist', p)).href;

const appstreamDir = join(DATA, 'centos-stream-9', 'appstream', 'repodata');
const FILES: [string, string][] = [
  ['AppStream', join(appstreamDir, readdirSync(appstreamDir).find((f) => f.endsWith('-primary.xml.gz'))!)],
  ['bookworm', join(DATA, 'bookworm-rpmmd', 'binary', 'repodata', 'primary.xml.gz')],
];

// One child process per measurement: prints "ms length minorPageFaults".
const CHILD = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
const [mode, file] = process.argv.slice(1);
const c = await import(${JSON.stringify(dist('repodata/compression.js'))});
const data = readFileSync(file);
const limits = { file, maxBytes: 2 ** 31 - 1 };
let inflate;
if (mode === 'zlib-sync') {
  const z = createRequire(${JSON.stringify(dist('index.js'))})('zlib-sync');
  inflate = () => {
    const out = new Uint8Array(c.gzipStatedSize(data));
    const s = new z.Inflate({ chunkSize: 256 * 1024, windowBits: 31 });
    let filled = 0;
    for (let off = 0; off < data.length; off += 65536) {
      s.push(data.subarray(off, off + 65536), z.Z_SYNC_FLUSH);
      if (s.err < 0) throw new Error(s.msg);
      if (s.result && s.result.length) { out.set(s.result, filled); filled += s.result.length; }
    }
    return out.subarray(0, filled);
  };
} else if (mode === 'node-default') inflate = () => gunzipSync(data);
else if (mode === 'node-sized') inflate = () => c.gunzipNode(data, limits);
else {
  const { wasmDecompress } = await import(${JSON.stringify(dist('solv/decompress.js'))});
  const { Pool } = await import(${JSON.stringify(dist('solv/index.js'))});
  new Pool().free();
  inflate = () => wasmDecompress('gzip', data, limits);
}
const t = performance.now();
const out = inflate();
const ms = performance.now() - t;
console.log(ms.toFixed(1), out.length, process.resourceUsage().minorPageFault);
`;

const MODES = ['zlib-sync', 'node-default', 'node-sized', 'wasm'] as const;
const LABEL: Record<(typeof MODES)[number], string> = {
  'zlib-sync': 'zlib-sync stream into a buffer of the stated size',
  'node-default': 'node:zlib `gunzipSync` (default chunks)',
  'node-sized': 'node:zlib `gunzipSync` into one buffer of the stated size (in use)',
  wasm: 'zlib in the libsolv WebAssembly module',
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
const results = new Map<string, { ms: number[]; faults: number[]; len: number }>();
for (let r = 0; r < ROUNDS; r++) {
  for (const [what, file] of FILES) {
    for (const mode of MODES) {
      const p = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, mode, file], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`${mode} ${what}: ${p.stderr}`);
      const [ms, len, faults] = p.stdout.trim().split(' ').map(Number);
      const key = `${what}\0${mode}`;
      const e = results.get(key) ?? { ms: [], faults: [], len };
      if (e.len !== len) throw new Error(`${mode} ${what}: ${len} bytes, not ${e.len}`);
      e.ms.push(ms);
      e.faults.push(faults);
      results.set(key, e);
    }
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS}\n`);
}

const md = ['## Cold load: gzip decoders for a large primary, in fresh processes (bench/cold-load.ts)', ''];
md.push(`Written by \`npx tsx bench/cold-load.ts --rounds ${ROUNDS}\` on ${new Date().toISOString()}; ${cpus().length} cores, node ${process.version}. Medians of ${ROUNDS} rounds; each round runs every decoder once per file, in turn, each in a new process (time of the inflate alone; page faults of the whole process).`, '');
md.push('| file | decoder | inflate | minor page faults |', '|---|---|---:|---:|');
for (const [what] of FILES) {
  for (const mode of MODES) {
    const e = results.get(`${what}\0${mode}`)!;
    md.push(`| ${what} (${(e.len / 1e6).toFixed(1)} MB) | ${LABEL[mode]} | ${median(e.ms).toFixed(0)} ms | ${median(e.faults).toFixed(0)} |`);
  }
}
md.push('', `Load average ${loadBefore} before, ${loadavg().map((x) => x.toFixed(2)).join(' ')} after: this machine is shared with other work, so absolute times are inflated; compare within the table.`);
const body = md.join('\n');
process.stdout.write(body + '\n');
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'cold-load', body);
