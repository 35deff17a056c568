/**
 * `--group @FILE`: a build group written by hand, one package name a line. `#` starts a comment
 * (whole line or after the name); blank lines are ignored; duplicates collapse.
 */
import { GooseError } from '../errors.js';

/** Characters a package name may hold (rpm allows more, but nothing with spaces or shell syntax). */
const NAME = /^[A-Za-z0-9_+.\-:()/]+$/;

/** Parse a group list file into sorted, unique package names; a malformed line is `GROUP_FILE_INVALID` with its line. */
export function parseGroupFile(text: string, file = 'group file'): string[] {
  const names = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const hash = lines[i].indexOf('#');
    const entry = (hash >= 0 ? lines[i].slice(0, hash) : lines[i]).trim();
    if (!entry) continue;
    if (!NAME.test(entry)) {
      throw new GooseError('GROUP_FILE_INVALID', `expected one package name per line, found '${entry}'`, { file, line: i + 1 });
    }
    names.add(entry);
  }
  return [...names].sort();
}
