/**
 * rpm as an oracle for the header reader: query a file with `rpm -qp --queryformat` and print our
 * `RpmPackage` in the same line format, so the two can be compared line by line.
 */
import { execFileSync } from 'node:child_process';
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

/** One line per field or array element: `@key<TAB>values...`. */
const QUERY_FORMAT = [
  '@N\t%{NAME}\\n@E\t%{EPOCH}\\n@V\t%{VERSION}\\n@R\t%{RELEASE}\\n@A\t%{ARCHSUFFIX}\\n',
  '@S\t%{SOURCERPM}\\n@U\t%{SUMMARY}\\n@L\t%{LICENSE}\\n@B\t%{BUILDTIME}\\n@Z\t%{LONGSIZE}\\n',
  ...DEP_KINDS.map(([kind, tag]) => `[@${kind}\t%{${tag}NAME}\t%{${tag}FLAGS}\t%{${tag}VERSION}\\n]`),
  '[@F\t%{FILENAMES}\\n]',
].join('');

/** rpm's answer as lines of decoded fields, or null when rpm rejects the file. */
export function rpmQuery(path: string): string[] | null {
  let out: Buffer;
  try {
    out = execFileSync('rpm', ['-qp', '--nosignature', '--nodigest', '-D', '_pkgverify_level none', '--qf', QUERY_FORMAT, path], {
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('rpm is not installed; these oracle tests need it (apt-get install rpm)');
    if (typeof (e as { status?: unknown }).status === 'number') return null; // rpm ran and rejected the file
    throw e;
  }
  // Split the raw bytes at \n and \t (never part of a multi-byte character) and decode each field
  // with the reader's own rule, so a non-UTF-8 header compares like for like.
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i === out.length || out[i] === 0x0a) {
      if (i > start) {
        const fields: string[] = [];
        let f = start;
        for (let j = start; j <= i; j++) {
          if (j === i || out[j] === 0x09) {
            fields.push(decodeHeaderString(out, f, j));
            f = j + 1;
          }
        }
        // A dependency without a FLAGS or VERSION array (legacy headers) prints "(none)" there;
        // rpm's dependency code reads that as flags 0 and no version, and so do we.
        if (DEP_LINE.test(fields[0])) {
          if (fields[2] === '(none)') fields[2] = '0';
          if (fields[3] === '(none)') fields[3] = '';
        }
        lines.push(fields.join('\t'));
      }
      start = i + 1;
    }
  }
  return lines;
}

/** Our package in the same line format as QUERY_FORMAT. */
export function ourLines(p: RpmPackage): string[] {
  const none = (v: string | number | undefined): string => (v === undefined ? '(none)' : String(v));
  const lines = [
    `@N\t${p.name}`, `@E\t${none(p.epoch)}`, `@V\t${p.version}`, `@R\t${p.release}`, `@A\t.${p.arch}`,
    `@S\t${none(p.sourcerpm)}`, `@U\t${none(p.summary)}`, `@L\t${none(p.license)}`, `@B\t${none(p.buildtime)}`,
    `@Z\t${none(p.installedSize)}`,
  ];
  for (const [kind] of DEP_KINDS) for (const d of p[kind]) lines.push(`@${kind}\t${d.name}\t${d.flags}\t${d.version ?? ''}`);
  for (const f of p.files) lines.push(`@F\t${f.path}`);
  return lines;
}


/**
 * rpm's lines, minus one rpm quirk: rpm 4.18 retrofits `name = EVR` onto an ancient (region-less)
 * header and appends it even when the header already has it; we add it only when it is missing.
 */
export function comparableRpmLines(lines: string[], pkg: RpmPackage): string[] {
  if (pkg.format.hasRegion) return lines;
  const provides = lines.filter((l) => l.startsWith('@provides\t'));
  const last = provides[provides.length - 1];
  if (provides.indexOf(last) === provides.length - 1) return lines;
  const drop = lines.lastIndexOf(last);
  return lines.filter((_, i) => i !== drop);
}
