/**
 * dnf `.repo` files: INI sections, one repository each. Reads what a resolver needs (where the
 * metadata is, whether the repo is on, which packages it may contribute, its priority and cost)
 * and how to reach it (proxy, TLS, authentication: see network.ts), and substitutes `$basearch`,
 * `$arch`, `$releasever` and the caller's own variables the way dnf does (vars.ts). A variable left
 * unset in a URL of an enabled repository is an error that names it. gpg settings are ignored:
 * goose-deps never installs anything.
 */
import { GooseError } from '../errors.js';
import { networkFromKeys, networkDefaults, redactUrl, repoOverrides, splitUrlCredentials, withUrlCredentials, type KeyValue, type NetworkOptions, type RepoNetwork } from './network.js';
import { expandVars, substituteVars } from './vars.js';

export { substituteVars };

/** One repository section of a `.repo` file, variables substituted. */
export interface RepoConfig {
  /** Section name, e.g. `fedora`. */
  id: string;
  /** `name=`, or the id when absent. */
  name: string;
  /** `baseurl=` entries in order (several allowed, whitespace/comma separated or on continuation lines); credentials written in them are moved to `network`. */
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
  /** How to reach it: proxy, TLS, authentication, timeout and retries. */
  network: RepoNetwork;
  /** Where the section starts, for messages. */
  source: { file: string; line: number };
}

/** Options for {@link parseRepoFile}. */
export interface RepoFileOptions {
  /** File named in errors and in `source`. */
  file?: string;
  /** Variables for substitution, e.g. `{ basearch: 'x86_64', releasever: '41' }`; `arch` defaults to `basearch`. */
  vars?: Record<string, string>;
  /** `--setopt` values, dnf.conf's `[main]`, the proxy environment and a notice sink (see network.ts). */
  network?: NetworkOptions;
  /** Folder relative certificate paths are taken from (default: the process's). */
  cwd?: string;
}

const MAX_CHARS = 4 * 1024 * 1024;
const TRUE = new Set(['1', 'yes', 'true', 'on']);
const FALSE = new Set(['0', 'no', 'false', 'off']);

function list(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** One `[section]` of an INI file (a `.repo` file or dnf.conf), keys lower case, in file order. */
export interface IniSection {
  /** The name between the brackets. */
  id: string;
  /** Its line. */
  line: number;
  /** Key, value (continuation lines joined with a newline) and where it was written. */
  keys: Map<string, KeyValue>;
}

/** Read the sections of a dnf INI file; throws `REPOFILE_SYNTAX` with file and line. */
export function readIni(text: string, file = '.repo file'): IniSection[] {
  if (text.length > MAX_CHARS) throw new GooseError('REPOFILE_SYNTAX', `larger than ${MAX_CHARS} characters`, { file });
  const sections: IniSection[] = [];
  const seen = new Set<string>();
  let current: IniSection | undefined;
  let lastKey: KeyValue | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const where = { file, line: i + 1 };
    const trimmed = line.trim();
    if (trimmed === '') {
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
      if (!/^[A-Za-z0-9_.:\-${}]+$/.test(id)) throw new GooseError('REPOFILE_SYNTAX', `bad section name [${header[1]}]`, where);
      if (seen.has(id)) throw new GooseError('REPOFILE_SYNTAX', `section [${id}] appears twice`, where);
      seen.add(id);
      current = { id, line: i + 1, keys: new Map() };
      sections.push(current);
      lastKey = undefined;
      continue;
    }
    const eq = line.indexOf('=');
    // A malformed line is quoted in the error, but not what may be a password on it.
    const shown = /pass/i.test(trimmed) ? `${trimmed.split(/[\s=]/)[0]} ...` : redactUrl(trimmed);
    if (eq <= 0) throw new GooseError('REPOFILE_SYNTAX', `expected 'key = value' or '[section]', found '${shown}'`, where);
    if (!current) throw new GooseError('REPOFILE_SYNTAX', `'${shown}' comes before any [section]`, where);
    const key = line.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z0-9_.-]+$/.test(key)) throw new GooseError('REPOFILE_SYNTAX', `bad key '${key}'`, where);
    lastKey = { value: line.slice(eq + 1).trim(), where };
    current.keys.set(key, lastKey);
  }
  return sections;
}

/** Parse a `.repo` file into its enabled and disabled repositories, in file order; `[main]` is skipped. */
export function parseRepoFile(text: string, options: RepoFileOptions = {}): RepoConfig[] {
  const file = options.file ?? '.repo file';
  const vars: Record<string, string> = { ...options.vars };
  if (vars.arch === undefined && vars.basearch !== undefined) vars.arch = vars.basearch;
  return readIni(text, file)
    .filter((s) => s.id !== 'main')
    .map((s) => toConfig(s, file, vars, options));
}

/** The keys of dnf.conf's `[main]` section (none when it has no such section). */
export function parseDnfConf(text: string, file = 'dnf.conf'): Map<string, KeyValue> {
  return readIni(text, file).find((s) => s.id === 'main')?.keys ?? new Map();
}

/** URL-valued keys: a variable left in one of them is an error. */
const URL_KEYS = new Set(['baseurl', 'mirrorlist', 'metalink', 'proxy']);

function toConfig(s: IniSection, file: string, vars: Record<string, string>, options: RepoFileOptions): RepoConfig {
  const id = substituteVars(s.id, vars);
  const overrides = repoOverrides(options.network?.setopt, id);
  const defaults = networkDefaults(options.network);
  const raw = (key: string): KeyValue | undefined => overrides.get(key) ?? s.keys.get(key);
  const get = (key: string): string | undefined => {
    const v = raw(key)?.value;
    return v === undefined ? undefined : substituteVars(v, vars);
  };
  const at = (key: string) => raw(key)?.where ?? { file, line: s.line };
  const bool = (key: string, dflt: boolean): boolean => {
    const v = get(key)?.toLowerCase();
    if (v === undefined || v === '') return dflt;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new GooseError('REPOFILE_SYNTAX', `${key}=${v} in [${s.id}] is not a boolean`, at(key));
  };
  const int = (key: string, dflt: number): number => {
    const v = get(key);
    if (v === undefined || v === '') return dflt;
    if (!/^-?[0-9]+$/.test(v)) throw new GooseError('REPOFILE_SYNTAX', `${key}=${v} in [${s.id}] is not an integer`, at(key));
    return Number(v);
  };
  const enabled = bool('enabled', true);
  // The section's own key (or REPOID.KEY) first, then --setopt KEY and dnf.conf's [main].
  const netKey = (key: string): KeyValue | undefined => {
    const kv = raw(key) ?? defaults.get(key);
    if (kv === undefined) return undefined;
    const { value, unset } = expandVars(kv.value, vars);
    if (enabled && unset.length && URL_KEYS.has(key)) throw unsetVariable(unset[0], `${key} of [${id}]`, kv.where);
    return { value, where: kv.where };
  };
  if (enabled) {
    for (const key of ['baseurl', 'mirrorlist', 'metalink']) {
      const kv = raw(key);
      const unset = kv ? expandVars(kv.value, vars).unset : [];
      if (unset.length) throw unsetVariable(unset[0], `${key} of [${id}]`, kv?.where ?? { file, line: s.line });
    }
  }
  let network = networkFromKeys(netKey, `[${id}] of ${file}`, { cwd: options.cwd, env: options.network?.env, onNotice: options.network?.onNotice });
  // Credentials written in URLs go to the settings, for their origin; the URLs go on without them.
  const clean = (url: string): string => {
    const split = splitUrlCredentials(url);
    if (split.origin && split.auth) network = withUrlCredentials(network, split.origin, split.auth);
    return split.url;
  };
  const repo: RepoConfig = {
    id,
    name: get('name') || id,
    baseurls: list(get('baseurl') ?? '').map(clean),
    enabled,
    exclude: [...list(get('exclude') ?? ''), ...list(get('excludepkgs') ?? '')],
    includepkgs: list(get('includepkgs') ?? ''),
    priority: int('priority', 99),
    cost: int('cost', 1000),
    moduleHotfixes: bool('module_hotfixes', false),
    network,
    source: { file, line: s.line },
  };
  const mirrorlist = get('mirrorlist');
  if (mirrorlist) repo.mirrorlist = clean(mirrorlist);
  const metalink = get('metalink');
  if (metalink) repo.metalink = clean(metalink);
  repo.network = network;
  if (repo.baseurls.length === 0 && !repo.mirrorlist && !repo.metalink) {
    throw new GooseError('REPOFILE_INVALID', `[${id}] has none of baseurl, mirrorlist or metalink`, { file, line: s.line });
  }
  return repo;
}

/** `REPO_UNSET_VARIABLE` for `$name` left in `what` (`baseurl of [fedora]`, `the URL`), with the flag that sets it. */
export function unsetVariable(name: string, what: string, where: { file?: string; line?: number }): GooseError {
  const how = name === 'releasever' || name.startsWith('releasever_') ? '--releasever VALUE' : `--setvar ${name}=VALUE or a file ${name} in a --varsdir folder`;
  return new GooseError('REPO_UNSET_VARIABLE', `${what} uses $${name}, which is not set: give ${how}`, where);
}
