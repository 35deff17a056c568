/**
 * The flags that say how `.repo` files are read and repositories reached, shared by every command:
 * `--releasever`, `--setvar NAME=VALUE`, `--varsdir DIR`, `--setopt [REPOID.]KEY=VALUE`,
 * `--config FILE` (a dnf.conf whose `[main]` gives defaults), `--timeout SECONDS` and
 * `--retries N`. They are checked and read once, before the command runs (main.ts), into one
 * {@link RepoAccess} that each command passes to `openRepos`; retries and mirror switches are
 * announced on stderr, a line each, as dnf does.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GooseError } from '../errors.js';
import { parseSeconds, parseSetopt, type DownloadNotice, type NetworkOptions, type Setopt } from '../repodata/network.js';
import { parseDnfConf } from '../repodata/repofile.js';
import { archVars, isVarName, readVarsDirs } from '../repodata/vars.js';

// One value per flag (repeat the flag), so positional arguments may follow.
const list = { type: 'string', array: true, nargs: 1, default: [] as string[] } as const;

/** yargs definitions of the flags (added to every command in main.ts). */
export const REPO_ACCESS_FLAGS = {
  releasever: { type: 'string', describe: '$releasever in .repo files (e.g. 9, 41)' },
  setvar: { ...list, describe: 'a .repo variable, NAME=VALUE (repeatable), e.g. stream=9-stream' },
  varsdir: { ...list, describe: 'a folder of variable files like /etc/dnf/vars (repeatable; none is read unless named)' },
  setopt: { ...list, describe: "a dnf option, KEY=VALUE for every repository or REPOID.KEY=VALUE (repeatable): proxy, sslcacert, sslclientcert, sslclientkey, sslverify, username, password, ..." },
  config: { type: 'string', describe: "a dnf.conf whose [main] section gives defaults (proxy, ssl*, timeout, ...)" },
  timeout: { type: 'string', describe: 'seconds without a connection or a byte before a download attempt fails (default 30)' },
  retries: { type: 'string', describe: 'further attempts per file and mirror after the first (default 4)' },
  'cache-dir': { type: 'string', describe: 'the download and .solv cache folder (default $XDG_CACHE_HOME/goose-deps)' },
} as const;

/** The flags as yargs parses them. */
export interface RepoAccessArgs {
  /** --releasever. */
  releasever?: string;
  /** --setvar NAME=VALUE. */
  setvar?: string[];
  /** --varsdir DIR. */
  varsdir?: string[];
  /** --setopt [REPOID.]KEY=VALUE. */
  setopt?: string[];
  /** --config FILE. */
  config?: string;
  /** --timeout SECONDS. */
  timeout?: string;
  /** --retries N. */
  retries?: string;
  /** --cache-dir DIR. */
  'cache-dir'?: string;
}

/** What the flags amount to: variables, and the network options every repository gets. */
export interface RepoAccess {
  /** Variables from --varsdir, --releasever and --setvar (in that order of precedence, lowest first). */
  vars: Record<string, string>;
  /** --setopt, --config's [main], --timeout/--retries, and the stderr notice sink. */
  network: NetworkOptions;
  /** --cache-dir, absolute. */
  cacheDir?: string;
}

function usage(message: string): GooseError {
  return new GooseError('USAGE', message);
}

/** Check `--timeout` and `--retries`; they apply to every repository, over any `.repo` or `--setopt`. */
function limits(args: RepoAccessArgs): Setopt[] {
  const out: Setopt[] = [];
  if (args.timeout !== undefined) {
    if (parseSeconds(String(args.timeout)) === undefined) throw usage(`--timeout takes a number of seconds greater than 0, such as 30 or 1.5 (got '${args.timeout}')`);
    out.push({ repo: '*', key: 'timeout', value: String(args.timeout) });
  }
  if (args.retries !== undefined) {
    if (!/^[0-9]{1,4}$/.test(String(args.retries))) throw usage(`--retries takes a whole number from 0 to 9999 (got '${args.retries}')`);
    out.push({ repo: '*', key: 'retries', value: String(args.retries) });
  }
  return out;
}

async function readConfig(file: string) {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new GooseError('CONFIG_UNREADABLE', `cannot read the dnf configuration: ${e.code ?? e.message}`, { file });
  });
  return parseDnfConf(text, file);
}

/** One line for a download notice, as dnf prints them. */
export function formatNotice(n: DownloadNotice): string {
  if (n.kind === 'retry') return `goose-deps: ${n.repo}: ${n.reason}; attempt ${n.attempt} of ${n.attempts} in ${(n.delayMs / 1000).toFixed(1)} s\n`;
  return `goose-deps: ${n.repo}: ${n.file} failed on ${n.url} (${n.reason}); trying ${n.next}\n`;
}

/** Check and read the flags: vars folders and the dnf.conf are read here. Throws `USAGE`, `SETOPT_INVALID`, `VARSDIR_UNREADABLE`, `CONFIG_UNREADABLE`. */
export async function repoAccess(args: RepoAccessArgs, stderr: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<RepoAccess> {
  const setvars: Record<string, string> = {};
  for (const s of args.setvar ?? []) {
    const eq = s.indexOf('=');
    const name = eq < 0 ? s : s.slice(0, eq);
    if (eq < 0 || !isVarName(name)) throw usage(`--setvar takes NAME=VALUE, NAME made of letters, digits and _ (got '${s}')`);
    if (name === 'releasever_major' || name === 'releasever_minor') throw usage(`--setvar ${name}: it is derived from releasever; give --releasever`);
    setvars[name] = s.slice(eq + 1);
  }
  if (args.releasever !== undefined && !/^[A-Za-z0-9._-]+$/.test(args.releasever)) throw usage(`--releasever takes a release such as 9 or 41 (got '${args.releasever}')`);
  const setopt = [...(args.setopt ?? []).map(parseSetopt), ...limits(args)];
  const main = args.config !== undefined ? await readConfig(args.config) : undefined;
  const dirs = args.varsdir?.length ? args.varsdir : (main?.get('varsdir')?.value.split(/[\s,]+/).filter(Boolean) ?? []);
  const vars = { ...(await readVarsDirs(dirs)), ...(args.releasever !== undefined ? { releasever: args.releasever } : {}), ...setvars };
  // A progress line may be showing on a terminal: clear it before the notice.
  const clear = process.stderr.isTTY && !env.CI ? '\r\x1b[K' : '';
  const network: NetworkOptions = { setopt, env, onNotice: (n) => stderr(clear + formatNotice(n)) };
  if (main) network.main = main;
  const cacheDir = args['cache-dir'];
  if (cacheDir !== undefined && !cacheDir.trim()) throw usage('--cache-dir takes a folder');
  return { vars, network, ...(cacheDir !== undefined ? { cacheDir: resolve(cacheDir) } : {}) };
}

/** `openRepos` options for a pool of architecture `arch`: `$arch`/`$basearch` from it, under the flags' variables. */
export function openOptionsFor(access: RepoAccess | undefined, arch: string): { vars: Record<string, string>; network?: NetworkOptions; cacheDir?: string } {
  return { vars: { ...archVars(arch), ...access?.vars }, ...(access ? { network: access.network } : {}), ...(access?.cacheDir ? { cacheDir: access.cacheDir } : {}) };
}
