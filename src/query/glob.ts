/** fnmatch(3)-style globs, as dnf and libsolv match package names, versions, files and capabilities. */

/** True when `s` has a glob character (`*`, `?` or `[`), dnf's test for "is this a pattern". */
export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

const CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

const escapeRe = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeClass = (c: string) => c.replace(/[\\^\]\[-]/g, '\\$&');

/**
 * Compiles a glob to an anchored RegExp with fnmatch's rules without flags: `*` and `?` also
 * match `/`, `[...]` with `!`/`^` negation, ranges and `[:class:]`, `\` escapes the next character.
 * `casefold` is FNM_CASEFOLD. A `[` without its `]` matches itself, as in glibc.
 */
export function globToRegExp(glob: string, casefold = false): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '\\' && i + 1 < glob.length) re += escapeRe(glob[++i]);
    else if (c === '[') {
      let j = i + 1;
      let neg = false;
      if (glob[j] === '!' || glob[j] === '^') {
        neg = true;
        j++;
      }
      let body = '';
      let first = true;
      let closed = false;
      for (; j < glob.length; j++) {
        const d = glob[j];
        if (d === ']' && !first) {
          closed = true;
          break;
        }
        first = false;
        const cls = /^\[:([a-z]+):\]/.exec(glob.slice(j));
        if (cls && CLASSES[cls[1]]) {
          body += CLASSES[cls[1]];
          j += cls[0].length - 1;
        } else if (d === '\\' && j + 1 < glob.length) body += escapeClass(glob[++j]);
        else if (d === '-' && body && glob[j + 1] !== ']') body += '-';
        else body += escapeClass(d);
      }
      if (!closed) re += '\\[';
      else {
        re += `[${neg ? '^' : ''}${body}]`;
        i = j;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, casefold ? 'iu' : 'u');
}

// fnmatch is called with one pattern against every package of a pool: compile each pattern once.
const compiled = new Map<string, RegExp>();

/** fnmatch(pattern, text): true when the whole of `text` matches the glob. */
export function fnmatch(pattern: string, text: string, casefold = false): boolean {
  if (!isGlob(pattern) && !pattern.includes('\\')) return casefold ? pattern.toLowerCase() === text.toLowerCase() : pattern === text;
  const key = `${casefold ? 'i' : 's'}${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size >= 1024) compiled.clear(); // a bound, not an eviction policy: patterns come from the command line
    compiled.set(key, (re = globToRegExp(pattern, casefold)));
  }
  return re.test(text);
}
