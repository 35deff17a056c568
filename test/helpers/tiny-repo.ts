/**
 * Writes a tiny rpm-md repository (repodata/repomd.xml and an uncompressed primary.xml) from a
 * list of packages, for scenarios the example distribution does not have (a broken build group,
 * a conflict). Binary packages name their source; source packages (`arch: 'src'`) list their
 * BuildRequires as `requires`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One package of a tiny repository: dependencies as `name` or `name >= 1.0` (EQ, GE, LE, GT, LT as = >= <= > <). */
export interface TinyPackage {
  name: string;
  version?: string;
  release?: string;
  /** `x86_64` by default; `src` for a source package. */
  arch?: string;
  /** The source this binary comes from (default: its own name). */
  source?: string;
  provides?: string[];
  requires?: string[];
  conflicts?: string[];
}

const FLAGS: Record<string, string> = { '=': 'EQ', '>=': 'GE', '<=': 'LE', '>': 'GT', '<': 'LT' };

function entry(dep: string): string {
  const m = /^(\S+)\s*(>=|<=|=|>|<)\s*(\S+)$/.exec(dep);
  if (!m) return `<rpm:entry name="${dep}"/>`;
  const [ver, rel] = m[3].split('-');
  return `<rpm:entry name="${m[1]}" flags="${FLAGS[m[2]]}" epoch="0" ver="${ver}"${rel ? ` rel="${rel}"` : ''}/>`;
}

function packageXml(p: TinyPackage): string {
  const ver = p.version ?? '1.0';
  const rel = p.release ?? '1';
  const arch = p.arch ?? 'x86_64';
  const list = (tag: string, deps: string[]) => (deps.length ? `<rpm:${tag}>${deps.map(entry).join('')}</rpm:${tag}>` : '');
  const provides = arch === 'src' ? (p.provides ?? []) : [`${p.name} = ${ver}-${rel}`, ...(p.provides ?? [])];
  const sourcerpm = arch === 'src' ? '' : `<rpm:sourcerpm>${p.source ?? p.name}-${ver}-${rel}.src.rpm</rpm:sourcerpm>`;
  return `<package type="rpm"><name>${p.name}</name><arch>${arch}</arch><version epoch="0" ver="${ver}" rel="${rel}"/>
<checksum type="sha256" pkgid="YES">${createHash('sha256').update(`${p.name}-${ver}-${rel}.${arch}`).digest('hex')}</checksum>
<summary>${p.name}</summary><location href="Packages/${p.name}-${ver}-${rel}.${arch}.rpm"/>
<format>${sourcerpm}${list('provides', provides)}${list('requires', p.requires ?? [])}${list('conflicts', p.conflicts ?? [])}</format></package>`;
}

/** Writes the repository into `dir` (created) and returns `dir`. */
export function writeTinyRepo(dir: string, packages: TinyPackage[]): string {
  mkdirSync(join(dir, 'repodata'), { recursive: true });
  const primary = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${packages.length}">
${packages.map(packageXml).join('\n')}
</metadata>
`);
  writeFileSync(join(dir, 'repodata', 'primary.xml'), primary);
  writeFileSync(join(dir, 'repodata', 'repomd.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo">
  <revision>1</revision>
  <data type="primary">
    <checksum type="sha256">${createHash('sha256').update(primary).digest('hex')}</checksum>
    <location href="repodata/primary.xml"/>
    <size>${primary.length}</size>
  </data>
</repomd>
`);
  return dir;
}
