/**
 * How a repository is reached, in dnf's terms: `proxy=`, `proxy_username=`, `proxy_password=`
 * (`proxy=_none_`), `sslcacert=`, `sslclientcert=`, `sslclientkey=`, `sslverify=`, `username=`,
 * `password=`, `timeout=` and `retries=`, read with dnf's precedence from a `.repo` section, the
 * command line's `--setopt` and a `dnf.conf` `[main]` section. Credentials written in URLs are
 * taken out of them here, so no URL that goes further (into errors, progress, cache paths or
 * output) carries a secret; {@link redactUrl} hides what is left.
 */
import { resolve } from 'node:path';
import { GooseError, type ErrorLocation } from '../errors.js';

/** A user name and password for HTTP basic authentication. */
export interface BasicAuth {
  /** User name. */
  username: string;
  /** Password (may be empty). */
  password: string;
}

/** Something worth a line on stderr while downloading: a retry, or a switch to the next mirror. */
export type DownloadNotice =
  | { kind: 'retry'; repo: string; url: string; attempt: number; attempts: number; delayMs: number; reason: string }
  | { kind: 'mirror'; repo: string; file: string; url: string; reason: string; next: string };

/** The connection settings of one repository, every dnf key interpreted. */
export interface RepoNetwork {
  /** `proxy=`: a proxy URL, `none` for dnf's `_none_`, or absent: the environment decides. */
  proxy?: string;
  /** `proxy_username=`. */
  proxyUsername?: string;
  /** `proxy_password=`. */
  proxyPassword?: string;
  /** `sslcacert=`: the CA bundle to trust instead of the system's (absolute path). */
  sslcacert?: string;
  /** `sslclientcert=`: a client certificate (PEM). */
  sslclientcert?: string;
  /** `sslclientkey=`: its key (PEM); defaults to the certificate file. */
  sslclientkey?: string;
  /** `sslverify=` (default true): check the server's certificate and name. */
  sslverify: boolean;
  /** `username=` for HTTP basic authentication. */
  username?: string;
  /** `password=`. */
  password?: string;
  /** Credentials that were written in URLs, by origin (`https://host:port`); they apply there only. */
  urlCredentials?: Record<string, BasicAuth>;
  /** `timeout=` in ms: no connection or no byte for this long fails the attempt. */
  timeoutMs?: number;
  /** `retries=`: further attempts per file and mirror after the first. */
  retries?: number;
  /** Environment for `https_proxy`, `http_proxy`, `all_proxy`, `no_proxy` (default: the process's). */
  env?: Record<string, string | undefined>;
  /** Called for each retry and mirror switch. */
  onNotice?: (notice: DownloadNotice) => void;
  /** Where the settings came from, for messages: a `.repo` file and section, or the command line. */
  origin: string;
}

/** One `--setopt`: `KEY=VALUE` (every repository) or `REPOID.KEY=VALUE` (REPOID may hold `*` and `?`). */
export interface Setopt {
  /** Repository id glob; absent for a global option. */
  repo?: string;
  /** Option name, lower case. */
  key: string;
  /** Its value as given. */
  value: string;
}

/** A value of a dnf option and where it was written. */
export interface KeyValue {
  /** The raw value (variables not yet substituted). */
  value: string;
  /** File and line, or `--setopt ...`, for messages. */
  where: ErrorLocation;
}

/** What the command line adds to every repository: `--setopt` values, dnf.conf's `[main]`, the environment, a notice sink. */
export interface NetworkOptions {
  /** `--setopt` options, in command-line order (later ones win). */
  setopt?: Setopt[];
  /** Keys of a dnf.conf `[main]` section: defaults under `--setopt KEY=VALUE`. */
  main?: Map<string, KeyValue>;
  /** Environment for proxies (default: the process's). */
  env?: Record<string, string | undefined>;
  /** Called for each retry and mirror switch. */
  onNotice?: (notice: DownloadNotice) => void;
}

/** The dnf keys that say how a repository is reached; dnf.conf's `[main]` and `--setopt KEY=` give defaults for them. */
export const NETWORK_KEYS = [
  'proxy', 'proxy_username', 'proxy_password', 'proxy_auth_method',
  'sslcacert', 'sslclientcert', 'sslclientkey', 'sslverify',
  'username', 'password', 'timeout', 'retries',
] as const;

/** The per-repository keys goose-deps reads from `.repo` sections (and accepts as `--setopt REPOID.KEY=`). */
export const REPO_KEYS = ['name', 'baseurl', 'mirrorlist', 'metalink', 'enabled', 'exclude', 'excludepkgs', 'includepkgs', 'priority', 'cost', 'module_hotfixes'] as const;

/** dnf keys that are accepted by `--setopt` and ignored: they concern installing, signatures or metadata age. */
const IGNORED_KEYS = new Set(['gpgcheck', 'repo_gpgcheck', 'gpgkey', 'metadata_expire', 'countme', 'type', 'skip_if_unavailable', 'keepcache', 'max_parallel_downloads', 'fastestmirror', 'deltarpm', 'minrate', 'throttle', 'bandwidth', 'ip_resolve']);

const TRUE = new Set(['1', 'yes', 'true', 'on']);
const FALSE = new Set(['0', 'no', 'false', 'off']);

/** Parse one `--setopt` argument; throws `SETOPT_INVALID` with a sentence for anything else. */
export function parseSetopt(arg: string): Setopt {
  const eq = arg.indexOf('=');
  const where = { file: `--setopt ${redactSetopt(arg)}` };
  if (eq <= 0) throw new GooseError('SETOPT_INVALID', 'expected KEY=VALUE or REPOID.KEY=VALUE', where);
  const lhs = arg.slice(0, eq).trim();
  const value = arg.slice(eq + 1).trim();
  const dot = lhs.lastIndexOf('.');
  const key = (dot < 0 ? lhs : lhs.slice(dot + 1)).toLowerCase();
  const repo = dot < 0 ? undefined : lhs.slice(0, dot);
  if (repo === '' || (repo !== undefined && !/^[A-Za-z0-9_.:*?\-[\]]+$/.test(repo))) throw new GooseError('SETOPT_INVALID', `bad repository id '${repo}'`, where);
  const known = (NETWORK_KEYS as readonly string[]).includes(key) || IGNORED_KEYS.has(key);
  const perRepo = (REPO_KEYS as readonly string[]).includes(key);
  if (!known && !(perRepo && repo !== undefined)) {
    const hint = perRepo ? `; ${key} applies to one repository: write REPOID.${key}=... (REPOID may be a glob such as *)` : `; goose-deps knows ${[...NETWORK_KEYS].join(', ')} and, per repository, ${[...REPO_KEYS].join(', ')}`;
    throw new GooseError('SETOPT_INVALID', `unknown option '${key}'${hint}`, where);
  }
  return repo === undefined ? { key, value } : { repo, key, value };
}

/** A `--setopt` argument as it may be shown: the value of a password key hidden. */
export function redactSetopt(arg: string): string {
  return /^[^=]*password\s*=/i.test(arg) ? arg.replace(/=.*$/s, '=***') : redactUrl(arg);
}

function globRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The `--setopt REPOID.KEY=VALUE` entries whose REPOID (a glob) matches `id`, as keys with their origin. */
export function repoOverrides(setopt: Setopt[] | undefined, id: string): Map<string, KeyValue> {
  const out = new Map<string, KeyValue>();
  for (const s of setopt ?? []) {
    if (s.repo !== undefined && globRegExp(s.repo).test(id)) out.set(s.key, { value: s.value, where: { file: `--setopt ${s.repo}.${s.key}` } });
  }
  return out;
}

/** The global `--setopt KEY=VALUE` entries over dnf.conf's `[main]`: the defaults every repository inherits. */
export function networkDefaults(options: NetworkOptions | undefined): Map<string, KeyValue> {
  const out = new Map<string, KeyValue>(options?.main ?? []);
  for (const s of options?.setopt ?? []) {
    if (s.repo === undefined) out.set(s.key, { value: s.value, where: { file: `--setopt ${s.key}` } });
  }
  return out;
}

/**
 * The connection settings of a repository from its keys. `get` answers one key with its value
 * (variables substituted) and where it was written, already in dnf's precedence order.
 * Throws `REPOFILE_SYNTAX` for a value of the wrong form, naming where it was written.
 */
export function networkFromKeys(get: (key: string) => KeyValue | undefined, origin: string, options: { cwd?: string; env?: Record<string, string | undefined>; onNotice?: NetworkOptions['onNotice'] } = {}): RepoNetwork {
  const str = (key: string): string | undefined => {
    const v = get(key)?.value;
    return v === undefined || v === '' ? undefined : v;
  };
  const bad = (key: string, what: string): never => {
    const kv = get(key) as KeyValue;
    const shown = key.endsWith('password') ? '***' : kv.value;
    throw new GooseError('REPOFILE_SYNTAX', `${key}=${shown} (${origin}) is not ${what}`, kv.where);
  };
  const path = (key: string): string | undefined => {
    const v = str(key);
    return v === undefined ? undefined : resolve(options.cwd ?? process.cwd(), v.replace(/^file:\/\//, ''));
  };
  const net: RepoNetwork = { sslverify: true, origin };
  const verify = str('sslverify')?.toLowerCase();
  if (verify !== undefined) {
    if (TRUE.has(verify)) net.sslverify = true;
    else if (FALSE.has(verify)) net.sslverify = false;
    else bad('sslverify', 'a boolean');
  }
  const proxy = str('proxy');
  if (proxy !== undefined) net.proxy = proxy === '_none_' ? 'none' : proxy;
  const method = str('proxy_auth_method')?.toLowerCase();
  if (method !== undefined && method !== 'any' && method !== 'basic') bad('proxy_auth_method', 'supported: goose-deps speaks basic authentication to proxies (any or basic)');
  for (const [key, field] of [['proxy_username', 'proxyUsername'], ['proxy_password', 'proxyPassword'], ['username', 'username'], ['password', 'password']] as const) {
    const v = get(key)?.value;
    if (v !== undefined && v !== '') net[field] = v;
  }
  for (const [key, field] of [['sslcacert', 'sslcacert'], ['sslclientcert', 'sslclientcert'], ['sslclientkey', 'sslclientkey']] as const) {
    const v = path(key);
    if (v !== undefined) net[field] = v;
  }
  const timeout = str('timeout');
  if (timeout !== undefined) net.timeoutMs = parseSeconds(timeout) ?? bad('timeout', 'a number of seconds (30, 1.5, 2m)');
  const retries = str('retries');
  if (retries !== undefined) net.retries = /^[0-9]{1,4}$/.test(retries) ? Number(retries) : bad('retries', 'a whole number from 0 to 9999');
  if (options.env) net.env = options.env;
  if (options.onNotice) net.onNotice = options.onNotice;
  return hideSecrets(net);
}

/** Seconds as dnf writes them (`30`, `1.5`, `30s`, `2m`, `1h`) in ms; undefined when not such a value or not positive. */
export function parseSeconds(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([smhd]?)$/i.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2].toLowerCase() as '' | 's' | 'm' | 'h' | 'd'] * 1000;
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/**
 * Keep secrets out of `JSON.stringify` and `util.inspect` of the settings (a descriptor logged by
 * a library user would otherwise print them): both show `***` for passwords.
 */
function hideSecrets(net: RepoNetwork): RepoNetwork {
  const shown = (): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...net };
    for (const k of ['password', 'proxyPassword'] as const) if (copy[k] !== undefined) copy[k] = '***';
    if (net.proxy) copy.proxy = redactUrl(net.proxy);
    if (net.urlCredentials) copy.urlCredentials = Object.fromEntries(Object.keys(net.urlCredentials).map((o) => [o, '***']));
    delete copy.onNotice;
    delete copy.env;
    return copy;
  };
  Object.defineProperty(net, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(net, Symbol.for('nodejs.util.inspect.custom'), { value: shown, enumerable: false });
  return net;
}

/** A copy of the settings with credentials for one more origin (from a URL); the first written wins. */
export function withUrlCredentials(net: RepoNetwork, origin: string, auth: BasicAuth): RepoNetwork {
  if (net.urlCredentials?.[origin]) return net;
  const copy: RepoNetwork = { ...net, urlCredentials: { ...net.urlCredentials, [origin]: auth } };
  return hideSecrets(copy);
}

/** `url` without its `user:password@` part, and that part as credentials. Leaves anything that is not an http(s) URL alone. */
export function splitUrlCredentials(url: string): { url: string; origin?: string; auth?: BasicAuth } {
  const m = /^(https?:\/\/)([^/?#@]*)@/i.exec(url);
  if (!m) return { url };
  const clean = m[1] + url.slice(m[0].length);
  let origin: string;
  try {
    origin = new URL(clean).origin;
  } catch {
    return { url: clean };
  }
  const colon = m[2].indexOf(':');
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const auth = colon < 0 ? { username: dec(m[2]), password: '' } : { username: dec(m[2].slice(0, colon)), password: dec(m[2].slice(colon + 1)) };
  return { url: clean, origin, auth };
}

/**
 * Any URL in `text` with its credentials hidden: `user:***@` when a password is written, `***@`
 * when only a user name is (it may be a token).
 */
export function redactUrl(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/gi, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon < 0 ? '***' : `${userinfo.slice(0, colon)}:***`}@`;
  });
}
