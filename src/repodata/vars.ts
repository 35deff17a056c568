/**
 * dnf's repository variables: `$name` and `${name}` in `.repo` values, with the shell-like forms
 * dnf 4 also reads (`${name:-word}`: word when name is unset or empty; `${name:+word}`: word when it
 * is set and not empty; a backslash takes the next character literally), `$releasever_major` and
 * `$releasever_minor` derived from `$releasever`, and the files of a vars folder (`/etc/dnf/vars`:
 * one variable a file, its value the first line). Pure functions, but for {@link readVarsDirs}.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GooseError } from '../errors.js';

/** The result of {@link expandVars}: the text, and the names it uses that have no value. */
export interface Expansion {
  /** The text with every known variable replaced (unknown ones stay as written). */
  value: string;
  /** Names of variables left unsubstituted, in order of appearance, without repeats. */
  unset: string[];
}

/** Nested `${a:-${b:-...}}` deeper than this are left as written, as dnf does. */
const MAX_DEPTH = 32;

function lookup(vars: Record<string, string>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
  const rel = Object.prototype.hasOwnProperty.call(vars, 'releasever') ? vars.releasever : undefined;
  if (rel === undefined) return undefined;
  const dot = rel.indexOf('.');
  if (name === 'releasever_major') return dot < 0 ? rel : rel.slice(0, dot);
  if (name === 'releasever_minor') return dot < 0 ? '' : rel.slice(dot + 1);
  return undefined;
}

const NAME_CHAR = /[A-Za-z0-9_]/;

/** One level of expansion; inside a `${x:-word}` word (`depth` > 0) it stops at the closing brace. */
function expand(s: string, start: number, vars: Record<string, string>, depth: number): { out: string; end: number; unset: string[]; closed: boolean } {
  let out = '';
  const unset: string[] = [];
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '}' && depth > 0) return { out, end: i, unset, closed: true };
    if (c === '\\' && i + 1 < s.length) {
      out += s[i + 1];
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const braces = s[i + 1] === '{';
    let j = i + (braces ? 2 : 1);
    while (j < s.length && NAME_CHAR.test(s[j])) j += 1;
    const name = s.slice(i + (braces ? 2 : 1), j);
    if (name === '') {
      out += c;
      i += 1;
      continue;
    }
    const value = lookup(vars, name);
    if (!braces || s[j] === '}') {
      if (value === undefined) unset.push(name);
      out += value ?? s.slice(i, braces ? j + 1 : j);
      i = braces ? j + 1 : j;
      continue;
    }
    const mode = s[j] === ':' ? s[j + 1] : undefined;
    if ((mode !== '-' && mode !== '+') || depth >= MAX_DEPTH) {
      out += s.slice(i, j); // `${name` followed by something else: not an expression
      i = j;
      continue;
    }
    const word = expand(s, j + 2, vars, depth + 1);
    if (!word.closed) {
      out += s.slice(i, word.end);
      i = word.end;
      continue;
    }
    const isSet = value !== undefined && value !== '';
    if (mode === '-') {
      out += isSet ? value : word.out;
      if (!isSet) unset.push(...word.unset);
    } else if (isSet) {
      out += word.out;
      unset.push(...word.unset);
    }
    i = word.end + 1;
  }
  return { out, end: i, unset, closed: depth === 0 };
}

/** Expand `$name`, `${name}`, `${name:-word}`, `${name:+word}` and `\x` escapes as dnf 4 does. */
export function expandVars(text: string, vars: Record<string, string>): Expansion {
  const r = expand(text, 0, vars, 0);
  return { value: r.out, unset: [...new Set(r.unset)] };
}

/** {@link expandVars} without the list of unset names: unknown variables stay as written. */
export function substituteVars(value: string, vars: Record<string, string>): string {
  return expandVars(value, vars).value;
}

/** dnf's `$basearch` of an architecture: the family name its repositories are published under. */
export function basearchOf(arch: string): string {
  if (/^i[3-6]86$|^athlon$|^geode$|^pentium[34]$/.test(arch)) return 'i386';
  if (/^x86_64(_v[2-4])?$|^amd64$|^ia32e$/.test(arch)) return 'x86_64';
  if (/^armv[67]h(nl|l)$|^armv7hcnl$/.test(arch)) return 'armhfp';
  if (/^armv[3-7]/.test(arch) || arch === 'arm') return 'arm';
  if (arch === 'ppc64p7') return 'ppc64';
  if (arch === 'sparc64v' || arch === 'sparcv9v' || arch === 'sparcv9') return arch === 'sparc64v' ? 'sparc64' : 'sparc';
  return arch;
}

/** `arch` and `basearch` for a target architecture, as dnf sets them. */
export function archVars(arch: string): Record<string, string> {
  return { arch, basearch: basearchOf(arch) };
}

/** A variable name dnf accepts from a file name or `--setvar`. */
export function isVarName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name);
}

/**
 * Variables from vars folders (like `/etc/dnf/vars`), later folders overriding earlier ones: each
 * regular file whose name is a variable name gives that variable the first line of its text.
 * A folder that cannot be read is `VARSDIR_UNREADABLE`.
 */
export async function readVarsDirs(dirs: string[]): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      throw new GooseError('VARSDIR_UNREADABLE', `cannot read the vars folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: dir });
    }
    for (const name of names) {
      if (!isVarName(name)) continue;
      const path = join(dir, name);
      if (!(await stat(path).then((s) => s.isFile(), () => false))) continue;
      const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new GooseError('VARSDIR_UNREADABLE', `cannot read the variable file: ${e.code ?? e.message}`, { file: path });
      });
      vars[name] = text.split('\n', 1)[0].replace(/\r$/, '');
    }
  }
  return vars;
}
