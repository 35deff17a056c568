/**
 * dnf `.repo` files: INI sections, one repository each. Reads what a resolver needs (where the
 * metadata is, whether the repo is on, which packages it may contribute, its priority and cost)
 * and substitutes `$basearch`, `$arch`, `$releasever` and the caller's own variables the way dnf
 * does (`$name` or `${name}`; an unknown variable stays as written). gpg settings are ignored:
 * goose-deps never installs anything.
 */
import { GooseError } from '../errors.js';

/** One repository section of a `.repo` file, variables substituted. */
export interface RepoConfig {
  /** Section name, e.g. `fedora`. */
  id: string;
  /** `name=`, or the id when absent. */
  name: string;
  /** `baseurl=` entries in order (several allowed, whitespace/comma separated or on continuation lines). */
  baseurls: string[];
  /** `mirrorlist=`: URL of a plain list of baseurls. */
  mirrorlist?: string;
  /** `metalink=`: URL of a metalink XML document. */
  metalink?: string;
  /** `enabled=` (default true). */
  enabled: boolean;
  /** `exclude=` / `excludepkgs=` globs. */
  exclude: string[];
  /** `includepkgs=` globs (empty means everything). */
  includepkgs: string[];
  /** `priority=` (default 99; lower wins). */
  priority: number;
  /** `cost=` (default 1000). */
  cost: number;
  /** `module_hotfixes=`: packages of this repo bypass module filtering. */
  moduleHotfixes: boolean;
  /** Where the section starts, for messages. */
  source: { file: string; line: number };
}

/** Options for {@link parseRepoFile}. */
export interface RepoFileOptions {
  /** File named in errors and in `source`. */
  file?: string;
  /** Variables for substitution, e.g. `{ basearch: 'x86_64', releasever: '41' }`; `arch` defaults to `basearch`. */
  vars?: Record<string, string>;
}

const MAX_CHARS = 4 * 1024 * 1024;
const TRUE = new Set(['1', 'yes', 'true', 'on']);
const FALSE = new Set(['0', 'no', 'false', 'off']);

/** Replace `$var` and `${var}` from `vars`; unknown names are left as written. */
export function substituteVars(value: string, vars: Record<string, string>): string {
  return value.replace(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, braced?: string, bare?: string) => {
    const name = (braced ?? bare) as string;
    return Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : whole;
  });
}

function list(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

interface Section {
  id: string;
  line: number;
  keys: Map<string, { value: string; line: number }>;
}

/** Parse a `.repo` file into its enabled and disabled repositories, in file order; `[main]` is skipped. */
export function parseRepoFile(text: string, options: RepoFileOptions = {}): RepoConfig[] {
  const file = options.file ?? '.repo file';
  if (text.length > MAX_CHARS) throw new GooseError('REPOFILE_SYNTAX', `larger than ${MAX_CHARS} characters`, { file });
  const vars: Record<string, string> = { ...options.vars };
  if (vars.arch === undefined && vars.basearch !== undefined) vars.arch = vars.basearch;
  const sections: Section[] = [];
  const seen = new Set<string>();
  let current: Section | undefined;
  let lastKey: { value: string; line: number } | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const where = { file, line: i + 1 };
    const trimmed = line.trim();
    if (trimmed === '' ) {
      lastKey = undefined;
      continue;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (/^[ \t]/.test(line) && lastKey) {
      lastKey.value += `\n${trimmed}`; // continuation line (baseurl lists are written this way)
      continue;
    }
    const header = /^\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(trimmed);
    if (header) {
      const id = header[1].trim();
      if (!/^[A-Za-z0-9_.:\-$]+$/.test(id)) throw new GooseError('REPOFILE_SYNTAX', `bad section name [${header[1]}]`, where);
      if (seen.has(id)) throw new GooseError('REPOFILE_SYNTAX', `section [${id}] appears twice`, where);
      seen.add(id);
      current = { id, line: i + 1, keys: new Map() };
      sections.push(current);
      lastKey = undefined;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new GooseError('REPOFILE_SYNTAX', `expected 'key = value' or '[section]', found '${trimmed}'`, where);
    if (!current) throw new GooseError('REPOFILE_SYNTAX', `'${trimmed}' comes before any [section]`, where);
    const key = line.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z0-9_.-]+$/.test(key)) throw new GooseError('REPOFILE_SYNTAX', `bad key '${key}'`, where);
    lastKey = { value: line.slice(eq + 1).trim(), line: i + 1 };
    current.keys.set(key, lastKey);
  }
  return sections.filter((s) => s.id !== 'main').map((s) => toConfig(s, file, vars));
}

function toConfig(s: Section, file: string, vars: Record<string, string>): RepoConfig {
  const get = (key: string): string | undefined => {
    const v = s.keys.get(key)?.value;
    return v === undefined ? undefined : substituteVars(v, vars);
  };
  const bool = (key: string, dflt: boolean): boolean => {
    const v = get(key)?.toLowerCase();
    if (v === undefined || v === '') return dflt;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new GooseError('REPOFILE_SYNTAX', `${key}=${v} in [${s.id}] is not a boolean`, { file, line: s.keys.get(key)?.line });
  };
  const int = (key: string, dflt: number): number => {
    const v = get(key);
    if (v === undefined || v === '') return dflt;
    if (!/^-?[0-9]+$/.test(v)) throw new GooseError('REPOFILE_SYNTAX', `${key}=${v} in [${s.id}] is not an integer`, { file, line: s.keys.get(key)?.line });
    return Number(v);
  };
  const id = substituteVars(s.id, vars);
  const repo: RepoConfig = {
    id,
    name: get('name') || id,
    baseurls: list(get('baseurl') ?? ''),
    enabled: bool('enabled', true),
    exclude: [...list(get('exclude') ?? ''), ...list(get('excludepkgs') ?? '')],
    includepkgs: list(get('includepkgs') ?? ''),
    priority: int('priority', 99),
    cost: int('cost', 1000),
    moduleHotfixes: bool('module_hotfixes', false),
    source: { file, line: s.line },
  };
  const mirrorlist = get('mirrorlist');
  if (mirrorlist) repo.mirrorlist = mirrorlist;
  const metalink = get('metalink');
  if (metalink) repo.metalink = metalink;
  if (repo.baseurls.length === 0 && !repo.mirrorlist && !repo.metalink) {
    throw new GooseError('REPOFILE_INVALID', `[${id}] has none of baseurl, mirrorlist or metalink`, { file, line: s.line });
  }
  return repo;
}
