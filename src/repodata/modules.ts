/**
 * modules.yaml (modulemd v2 and modulemd-defaults v1): which packages belong to module streams, so
 * that packages of streams that are not active can be hidden the way dnf hides them.
 *
 * dnf's rule, which this follows: every rpm listed in some stream's `artifacts.rpms` is modular.
 * A stream is active when the user enables it (`name:stream`) or, failing that, when it is its
 * module's default stream. Modular rpms of inactive streams are excluded; and non-modular rpms
 * whose name an active stream ships are masked by the stream's build. All contexts and versions of
 * an active stream count as active (dnf would pick one context by its platform dependency).
 */
import { createRequire } from 'node:module';
import type * as YamlPackage from 'yaml';
import { GooseError } from '../errors.js';
import { decompress } from './compression.js';
import { readModulemdYaml } from './modulemd-yaml.js';
import { decodeUtf8 } from './xml.js';

// `yaml` is loaded only when the fast reader declines: its import alone costs ~60 ms.
const requireHere = createRequire(import.meta.url);

/** A package named as modulemd does: `name-epoch:version-release.arch`. */
export interface Nevra {
  /** Package name. */
  name: string;
  /** Epoch, `0` when absent. */
  epoch: string;
  /** Version. */
  version: string;
  /** Release. */
  release: string;
  /** Architecture (`src` for a source rpm). */
  arch: string;
}

/** One modulemd v2 document: one build (version, context) of a module stream. */
export interface ModuleStreamBuild {
  /** Module name. */
  name: string;
  /** Stream name (always a string: `"3.10"` stays `3.10`). */
  stream: string;
  /** Build version, as written (may exceed 2^53, so a string). */
  version: string;
  /** Context hash. */
  context: string;
  /** Architecture of the build. */
  arch?: string;
  /** `artifacts.rpms`, as written, in document order. */
  artifacts: string[];
  /** Profile name -> rpm names. */
  profiles: Record<string, string[]>;
}

/** One modulemd-defaults v1 document. */
export interface ModuleDefaults {
  /** Module name. */
  module: string;
  /** Default stream, when the module has one. */
  stream?: string;
  /** Stream -> default profiles. */
  profiles: Record<string, string[]>;
}

/** A parsed modules.yaml. */
export interface ModulesIndex {
  /** Stream builds, sorted by name, stream, version, context. */
  builds: ModuleStreamBuild[];
  /** Defaults by module name. */
  defaults: Record<string, ModuleDefaults>;
}

/** What module filtering hides from a repository. */
export interface ModuleFilter {
  /** Active `name:stream` pairs, sorted. */
  active: string[];
  /** NEVRA strings of modular rpms in inactive streams (sorted): exclude these. */
  excluded: string[];
  /** Binary rpm names an active stream ships: non-modular packages of these names are hidden (sorted). */
  maskedNames: string[];
  /** Every modular NEVRA (sorted): the active ones are kept even though their names are masked. */
  modular: string[];
}

/** Largest modules.yaml accepted after decompression. */
const MAX_BYTES = 256 * 1024 * 1024;

/** Split `name-epoch:version-release.arch` (epoch optional); throws `MODULES_INVALID`. */
export function parseNevra(nevra: string, file?: string): Nevra {
  const m = /^(.+)-(?:([0-9]+):)?([^-:]+)-([^-:]+)\.([^.-]+)$/.exec(nevra);
  if (!m) throw new GooseError('MODULES_INVALID', `'${nevra}' is not a NEVRA (name-epoch:version-release.arch)`, { file });
  return { name: m[1], epoch: m[2] ?? '0', version: m[3], release: m[4], arch: m[5] };
}

/** The canonical string of a NEVRA, with the epoch always written (as modulemd does). */
export function formatNevra(n: Nevra): string {
  return `${n.name}-${n.epoch}:${n.version}-${n.release}.${n.arch}`;
}

type Yaml = string | Yaml[] | { [k: string]: Yaml } | null;

function isMap(v: Yaml | undefined): v is { [k: string]: Yaml } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strList(v: Yaml | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function profilesOf(v: Yaml | undefined, deep: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isMap(v)) return out;
  for (const k of Object.keys(v).sort()) {
    const p = v[k];
    out[k] = deep ? (isMap(p) ? strList(p.rpms) : []) : strList(p);
  }
  return out;
}

/**
 * libyaml (which libmodulemd writes with) ends a multi-line quoted scalar with the closing quote
 * alone at column 0; libyaml reads that back, the stricter `yaml` package does not. Indenting such a
 * line past the previous line's indentation keeps the scalar's value and makes it valid YAML.
 */
function relaxQuoteEnds(text: string): string {
  if (!/^['"][ \t]*$/m.test(text)) return text;
  const lines = text.split('\n');
  let indent = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (/^['"][ \t]*\r?$/.test(line)) lines[i] = ' '.repeat(indent + 1) + line;
    else if (line.trim() !== '') indent = line.length - line.trimStart().length;
  }
  return lines.join('\n');
}

/** The documents of `text` read with the `yaml` package (failsafe schema); throws `MODULES_INVALID`. */
function* yamlDocuments(text: string, file: string): Generator<Yaml> {
  const { parseAllDocuments } = requireHere('yaml') as typeof YamlPackage;
  // failsafe: every scalar is a string, so stream 3.10 is not the number 3.1; aliases are capped.
  const docs = parseAllDocuments(relaxQuoteEnds(text), { schema: 'failsafe', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  // One at a time: an earlier document's error is still reported before a later one's YAML error.
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      throw new GooseError('MODULES_INVALID', `YAML error: ${err.message.split('\n')[0]}`, { file, line: err.linePos?.[0]?.line });
    }
    try {
      yield doc.toJS({ maxAliasCount: 100 }) as Yaml;
    } catch (e) {
      throw new GooseError('MODULES_INVALID', `YAML error: ${(e as Error).message}`, { file });
    }
  }
}

/**
 * Parse modules.yaml (text, or bytes in any supported compression); throws `MODULES_INVALID`.
 * `reader: 'yaml'` skips the fast reader (the reference it is compared with).
 */
export function parseModulesYaml(input: string | Uint8Array, options: { file?: string; maxBytes?: number; reader?: 'fast' | 'yaml' } = {}): ModulesIndex {
  const file = options.file ?? 'modules.yaml';
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const text = typeof input === 'string' ? input : decodeUtf8(decompress(input, { file, maxBytes }));
  if (text.length > maxBytes) throw new GooseError('MODULES_INVALID', `larger than ${maxBytes} characters`, { file });
  // The fast reader covers what libmodulemd writes; anything else (and every error) goes to `yaml`.
  const builds: ModuleStreamBuild[] = [];
  const defaults: Record<string, ModuleDefaults> = {};
  const fast = options.reader === 'yaml' ? undefined : readModulemdYaml(text);
  for (const value of fast ?? yamlDocuments(text, file)) {
    if (value === null || value === undefined) continue;
    if (!isMap(value) || !isMap(value.data)) throw new GooseError('MODULES_INVALID', 'a document without a data mapping', { file });
    const data = value.data;
    if (value.document === 'modulemd') {
      if (typeof data.name !== 'string' || typeof data.stream !== 'string') {
        throw new GooseError('MODULES_INVALID', 'a modulemd document without name and stream', { file });
      }
      const build: ModuleStreamBuild = {
        name: data.name,
        stream: data.stream,
        version: typeof data.version === 'string' ? data.version : '0',
        context: typeof data.context === 'string' ? data.context : '',
        artifacts: isMap(data.artifacts) ? strList(data.artifacts.rpms) : [],
        profiles: profilesOf(data.profiles, true),
      };
      if (typeof data.arch === 'string') build.arch = data.arch;
      for (const a of build.artifacts) parseNevra(a, file);
      builds.push(build);
    } else if (value.document === 'modulemd-defaults') {
      if (typeof data.module !== 'string') throw new GooseError('MODULES_INVALID', 'a modulemd-defaults document without a module', { file });
      const d: ModuleDefaults = { module: data.module, profiles: profilesOf(data.profiles, false) };
      if (typeof data.stream === 'string') d.stream = data.stream;
      defaults[d.module] = d;
    }
    // Other documents (modulemd-obsoletes, modulemd-translations) do not change what is visible.
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  builds.sort((a, b) => cmp(a.name, b.name) || cmp(a.stream, b.stream) || cmp(a.version.padStart(24, '0'), b.version.padStart(24, '0')) || cmp(a.context, b.context));
  return { builds, defaults };
}

/** Options for {@link moduleFilter}. */
export interface ModuleFilterOptions {
  /** Streams to enable, `name:stream`; an enabled stream replaces the module's default. */
  enable?: string[];
  /** Modules to disable (`name`): not even their default stream is active. */
  disable?: string[];
}

/**
 * Which modular packages to hide, given defaults and the user's `name:stream` choices. An enabled
 * stream that no document describes is `MODULE_STREAM_UNKNOWN`; a malformed one `MODULE_SPEC_INVALID`.
 */
export function moduleFilter(index: ModulesIndex, options: ModuleFilterOptions = {}): ModuleFilter {
  const active = new Map<string, string>();
  for (const d of Object.values(index.defaults)) if (d.stream) active.set(d.module, d.stream);
  for (const name of options.disable ?? []) active.delete(name);
  for (const spec of options.enable ?? []) {
    const m = /^([^:\s]+):([^:\s]+)$/.exec(spec);
    if (!m) throw new GooseError('MODULE_SPEC_INVALID', `'${spec}' is not name:stream`);
    if (!index.builds.some((b) => b.name === m[1] && b.stream === m[2])) {
      const streams = [...new Set(index.builds.filter((b) => b.name === m[1]).map((b) => b.stream))].sort();
      throw new GooseError('MODULE_STREAM_UNKNOWN', `no module stream ${spec}${streams.length ? ` (streams of ${m[1]}: ${streams.join(', ')})` : ''}`);
    }
    active.set(m[1], m[2]);
  }
  const modular = new Set<string>();
  const keep = new Set<string>();
  const masked = new Set<string>();
  for (const b of index.builds) {
    const on = active.get(b.name) === b.stream;
    for (const a of b.artifacts) {
      const n = parseNevra(a);
      const key = formatNevra(n);
      modular.add(key);
      if (on) {
        keep.add(key);
        if (n.arch !== 'src' && n.arch !== 'nosrc') masked.add(n.name);
      }
    }
  }
  const sorted = (s: Iterable<string>): string[] => [...s].sort();
  return {
    active: sorted([...active].map(([n, s]) => `${n}:${s}`)),
    excluded: sorted([...modular].filter((k) => !keep.has(k))),
    maskedNames: sorted(masked),
    modular: sorted(modular),
  };
}
