/** Names and versions read off a SOURCERPM tag (`bash-5.2.15-2.src.rpm`). */

/** The source package name in a `sourcerpm` file name (dnf's Package.source_name). */
export function sourceName(sourcerpm: string): string {
  const base = sourcerpm.endsWith('.src.rpm') ? sourcerpm.slice(0, -'.src.rpm'.length) : sourcerpm;
  const parts = base.split('-');
  return parts.length > 2 ? parts.slice(0, -2).join('-') : parts[0];
}

/** The `version-release` a SOURCERPM tag names (`bash-5.2.15-2.src.rpm` -> `5.2.15-2`), '' when it names none. */
export function sourceVersionRelease(sourcerpm: string): string {
  const base = sourcerpm.replace(/\.(no)?src\.rpm$/, '');
  const parts = base.split('-');
  return parts.length > 2 ? parts.slice(-2).join('-') : '';
}
