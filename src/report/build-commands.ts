/**
 * Waves of builds as the commands that run them: one `koji chain-build` line, or a shell script
 * that builds each wave in parallel with `koji build` or `mock --chain`. Pure text from data;
 * shared by every command that prints waves (order, plan).
 */
import { GooseError } from '../errors.js';

/** One source to build: its name and epoch:version-release. */
export interface BuildItem {
  /** Source package name. */
  name: string;
  /** `[epoch:]version-release` as the source repository has it. */
  evr: string;
}

/** The parts of a source's EVR, and its NVR (name-version-release, no epoch, as koji names builds). */
export interface BuildFields {
  /** Source package name. */
  name: string;
  /** Epoch, '' when there is none. */
  epoch: string;
  /** Version. */
  version: string;
  /** Release. */
  release: string;
  /** `name-version-release`. */
  nvr: string;
  /** `[epoch:]version-release`. */
  evr: string;
}

/** Splits `[epoch:]version-release` and builds the NVR. */
export function buildFields(item: BuildItem): BuildFields {
  const colon = item.evr.indexOf(':');
  const epoch = colon >= 0 ? item.evr.slice(0, colon) : '';
  const vr = colon >= 0 ? item.evr.slice(colon + 1) : item.evr;
  const dash = vr.lastIndexOf('-');
  const version = dash >= 0 ? vr.slice(0, dash) : vr;
  const release = dash >= 0 ? vr.slice(dash + 1) : '';
  const nvr = release ? `${item.name}-${version}-${release}` : `${item.name}-${version}`;
  return { name: item.name, epoch, version, release, nvr, evr: item.evr };
}

/** The placeholders a build template may use. */
export const TEMPLATE_FIELDS = ['name', 'epoch', 'version', 'release', 'nvr', 'evr', 'target'] as const;

/**
 * Fills `{name}`, `{epoch}`, `{version}`, `{release}`, `{nvr}`, `{evr}` and `{target}` in a
 * template; any other `{word}` is a USAGE error naming it (a typo must not reach koji).
 */
export function fillTemplate(template: string, fields: BuildFields, target: string): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, key: string) => {
    if (key === 'target') return target;
    if ((TEMPLATE_FIELDS as readonly string[]).includes(key)) return fields[key as keyof BuildFields];
    throw new GooseError('USAGE', `--template '${template}': unknown placeholder ${whole} (known: ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')})`);
  });
}

/** Options of the command renderers. */
export interface BuildCommandOptions {
  /** The koji build target or mock config (`-r`); default `TARGET`. */
  target?: string;
  /** How each build is named on the command line; default `{nvr}` (`{nvr}.src.rpm` for mock). */
  template?: string;
  /** What the script runs: `koji build` (default) or `mock --chain`. */
  builder?: 'koji' | 'mock';
  /** Sources that are in no wave (unresolvable), named in a comment of the script. */
  notBuilt?: string[];
}

/** Single-quotes a word for sh when it holds anything but safe characters. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_.,:/@%+=^~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function specs(wave: BuildItem[], template: string, target: string): string[] {
  return wave.map((b) => shellWord(fillTemplate(template, buildFields(b), target)));
}

/** The waves as one `koji chain-build TARGET a b : c : d` line (each wave a group built in parallel). */
export function kojiChainBuild(waves: BuildItem[][], options: BuildCommandOptions = {}): string {
  const target = options.target ?? 'TARGET';
  const template = options.template ?? '{nvr}';
  const groups = waves.filter((w) => w.length).map((w) => specs(w, template, target).join(' '));
  return `koji chain-build ${shellWord(target)} ${groups.join(' : ')}\n`;
}

/**
 * The waves as a POSIX shell script: each wave's builds run in parallel and the script stops at
 * the first failure (koji: one `koji build --wait` per source, waited for one by one; mock: one
 * `mock --chain` per wave into a local repository that later waves build against).
 */
export function buildScript(waves: BuildItem[][], options: BuildCommandOptions = {}): string {
  const target = options.target ?? 'TARGET';
  const builder = options.builder ?? 'koji';
  const template = options.template ?? (builder === 'mock' ? '{nvr}.src.rpm' : '{nvr}');
  const count = waves.reduce((n, w) => n + w.length, 0);
  const out = ['#!/bin/sh', `# goose-deps build order: ${count} source packages in ${waves.length} waves.`, 'set -e'];
  if (options.notBuilt?.length) out.push(`# Not built (their buildroot does not resolve): ${options.notBuilt.join(' ')}`);
  if (builder === 'mock') out.push('LOCALREPO="${LOCALREPO:-$PWD/goose-repo}"');
  waves.forEach((w, i) => {
    if (!w.length) return;
    out.push('', `# wave ${i + 1}: ${w.length} source${w.length === 1 ? '' : 's'}`);
    const items = specs(w, template, target);
    if (builder === 'mock') {
      out.push(`mock -r ${shellWord(target)} --chain --localrepo="$LOCALREPO" ${items.join(' ')}`);
      return;
    }
    out.push('pids=');
    for (const item of items) out.push(`koji build --wait ${shellWord(target)} ${item} & pids="$pids $!"`);
    out.push('for pid in $pids; do wait "$pid"; done');
  });
  return out.join('\n') + '\n';
}
