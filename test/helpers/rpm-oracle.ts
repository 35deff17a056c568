/**
 * rpm as an oracle for the header reader: query a file with `rpm -qp --queryformat` and print our
 * `RpmPackage` in the same line format, so the two can be compared line by line.
 */
import { spawnSync } from 'node:child_process';
import type { RpmPackage } from '../../src/rpm/package.js';
import { decodeHeaderString } from '../../src/rpm/text.js';

/** The dependency kinds, with rpm's tag prefix. */
export const DEP_KINDS = [
  ['provides', 'PROVIDE'],
  ['requires', 'REQUIRE'],
  ['conflicts', 'CONFLICT'],
  ['obsoletes', 'OBSOLETE'],
  ['recommends', 'RECOMMEND'],
  ['suggests', 'SUGGEST'],
  ['supplements', 'SUPPLEMENT'],
  ['enhances', 'ENHANCE'],
] as const;

const DEP_LINE = new RegExp(`^@(${DEP_KINDS.map((k) => k[0]).join('|')})$`);

/** Record separator: a control character that no sane header string contains. */
const RS = '\x1e';
/** Field separator. */
const FS = '\x1f';

/** One record per field or array element: `@key FS value FS ... RS` (rpm copies RS/FS literally). */
const QUERY_FORMAT = [
  ['N', 'NAME'], ['E', 'EPOCH'], ['V', 'VERSION'], ['R', 'RELEASE'], ['A', 'ARCHSUFFIX'],
  ['S', 'SOURCERPM'], ['U', 'SUMMARY'], ['L', 'LICENSE'], ['B', 'BUILDTIME'], ['Z', 'LONGSIZE'],
].map(([k, tag]) => `@${k}${FS}%{${tag}}${RS}`).join('') +
  DEP_KINDS.map(([kind, tag]) => `[@${kind}${FS}%{${tag}NAME}${FS}%{${tag}FLAGS}${FS}%{${tag}VERSION}${RS}]`).join('') +
  `[@F${FS}%{FILENAMES}${RS}]`;

/** rpm's answer when its query format itself fails on the header (rpm still exits 0). */
export const UNQUERYABLE = 'unqueryable';

/**
 * rpm's answer as records of decoded fields joined by FS, null when rpm rejects the file, or
 * UNQUERYABLE when rpm reads the file but its query format breaks on it (for example parallel
 * arrays of different lengths, which rpm's own v3 retrofit can create).
 */
export function rpmQuery(path: string): string[] | null | typeof UNQUERYABLE {
  const r = spawnSync('rpm', ['-qp', '--nosignature', '--nodigest', '-D', '_pkgverify_level none', '--qf', QUERY_FORMAT, path], {
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('rpm is not installed; these oracle tests need it (apt-get install rpm)');
  if (r.error) throw r.error;
  if (r.status !== 0) return null; // rpm ran and rejected the file
  if (r.stderr.includes('incorrect format')) return UNQUERYABLE;
  const out = r.stdout;
  // Split the raw bytes at RS and FS (never part of a multi-byte character) and decode each field
  // with the reader's own rule, so a non-UTF-8 header compares like for like.
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i === out.length || out[i] === 0x1e) {
      if (i > start) {
        const fields: string[] = [];
        let f = start;
        for (let j = start; j <= i; j++) {
          if (j === i || out[j] === 0x1f) {
            fields.push(decodeHeaderString(out, f, j));
            f = j + 1;
          }
        }
        // A dependency without a FLAGS or VERSION array (legacy headers) prints "(none)" there;
        // rpm's dependency code reads that as flags 0 and no version, and so do we.
        if (DEP_LINE.test(fields[0])) {
          // Without a NAME array there are no dependencies (rpmdsNew), though the query still
          // iterates over a lone FLAGS or VERSION array.
          if (fields[1] === '(none)') {
            start = i + 1;
            continue;
          }
          if (fields[2] === '(none)') fields[2] = '0';
          if (fields[3] === '(none)') fields[3] = '';
        }
        lines.push(fields.join(FS));
      }
      start = i + 1;
    }
  }
  return lines;
}

/**
 * Our package as the same records as QUERY_FORMAT (fields joined by FS). Where the header has no
 * ARCH rpm prints no suffix, while we report libsolv's `noarch`.
 */
export function ourLines(p: RpmPackage): string[] {
  const none = (v: string | number | undefined): string => (v === undefined ? '(none)' : String(v));
  const lines = [
    ['N', p.name], ['E', none(p.epoch)], ['V', p.version], ['R', p.release], ['A', p.isSource || p.headerArch !== undefined ? `.${p.arch}` : ''],
    ['S', none(p.sourcerpm)], ['U', none(p.summary)], ['L', none(p.license)], ['B', none(p.buildtime)],
    ['Z', none(p.installedSize)],
  ].map(([k, v]) => `@${k}${FS}${v}`);
  for (const [kind] of DEP_KINDS) for (const d of p[kind]) lines.push([`@${kind}`, d.name, d.flags, d.version ?? ''].join(FS));
  for (const f of p.files) lines.push(`@F${FS}${f.path}`);
  return lines;
}

/**
 * rpm's lines, minus one rpm quirk: rpm 4.18 retrofits `name = EVR` onto an ancient (region-less)
 * header and appends it even when the header already has it; we add it only when it is missing.
 */
export function comparableRpmLines(lines: string[], pkg: RpmPackage): string[] {
  if (pkg.format.hasRegion) return lines;
  const provides = lines.filter((l) => l.startsWith(`@provides${FS}`));
  const last = provides[provides.length - 1];
  if (provides.indexOf(last) === provides.length - 1) return lines;
  const drop = lines.lastIndexOf(last);
  return lines.filter((_, i) => i !== drop);
}
