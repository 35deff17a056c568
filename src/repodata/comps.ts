/**
 * comps XML: package groups and environments. The build group (`build` in koji, `buildsys-build`
 * in Fedora's comps) is what koji and mock install into every buildroot before the BuildRequires.
 *
 * Also reads the `.xml.in` sources of fedora-comps, where translatable elements carry a leading `_`
 * (`<_name>`), and compressed comps (the bytes are decompressed by magic number).
 */
import { GooseError } from '../errors.js';
import { decompress } from './compression.js';
import { parseXml, type XmlElement } from './xml.js';

/** How strongly a group wants a package; see {@link CompsPackage}. */
export type PackageReqType = 'mandatory' | 'default' | 'optional' | 'conditional';

/** One `<packagereq>` of a group. */
export interface CompsPackage {
  /** Package name. */
  name: string;
  /** Level; a `<packagereq>` without a type is `mandatory`, as yum and libcomps read it. */
  type: PackageReqType;
  /** For `conditional`: the package whose presence brings this one in. */
  requires?: string;
  /** `arch="x86_64,aarch64"`: the package is in the group only on these architectures. */
  arch?: string[];
  /** `basearchonly="true"`: only the base-architecture package, never a multilib one. */
  basearchonly?: boolean;
}

/** One `<group>`. */
export interface CompsGroup {
  /** Group id, e.g. `buildsys-build`. */
  id: string;
  /** Untranslated name. */
  name: string;
  /** Untranslated description, when present. */
  description?: string;
  /** `<default>` flag. */
  default?: boolean;
  /** `<uservisible>` flag. */
  uservisible?: boolean;
  /** Package requests in document order. */
  packages: CompsPackage[];
}

/** One `<environment>`: groups always installed and optional ones. */
export interface CompsEnvironment {
  /** Environment id. */
  id: string;
  /** Untranslated name. */
  name: string;
  /** Group ids of `<grouplist>`. */
  groups: string[];
  /** Group ids of `<optionlist>`. */
  options: string[];
}

/** A parsed comps document, groups and environments sorted by id. */
export interface Comps {
  /** Groups, sorted by id. */
  groups: CompsGroup[];
  /** Environments, sorted by id. */
  environments: CompsEnvironment[];
}

/** Limits for {@link parseComps}. */
export interface CompsParseOptions {
  /** File or URL named in errors. */
  file?: string;
  /** Largest accepted (decompressed) size in bytes; default 256 MiB. */
  maxBytes?: number;
}

const REQ_TYPES: ReadonlySet<string> = new Set(['mandatory', 'default', 'optional', 'conditional']);

/** Element name without the `_` that marks translatable elements in `.xml.in` files. */
function tag(el: XmlElement): string {
  return el.name.startsWith('_') ? el.name.slice(1) : el.name;
}

function kids(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => tag(c) === name);
}

/** The untranslated text of `name` (the one without `xml:lang`). */
function untranslated(el: XmlElement, name: string): string | undefined {
  const all = kids(el, name);
  return (all.find((c) => c.attrs['xml:lang'] === undefined) ?? all[0])?.text.trim();
}

function flag(el: XmlElement, name: string): boolean | undefined {
  const t = untranslated(el, name)?.toLowerCase();
  return t === undefined ? undefined : t === 'true' || t === '1' || t === 'yes';
}

/** Parse comps (plain, `.xml.in` or compressed bytes); throws `COMPS_INVALID` or an XML/decompression error. */
export function parseComps(input: string | Uint8Array, options: CompsParseOptions = {}): Comps {
  const file = options.file ?? 'comps.xml';
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const text = typeof input === 'string' ? input : decompress(input, { file, maxBytes });
  const root = parseXml(text, { file, maxChars: maxBytes, allowDoctype: true });
  if (root.name !== 'comps') throw new GooseError('COMPS_INVALID', `root element is <${root.name}>, not <comps>`, { file, line: root.line });
  const groups = kids(root, 'group').map((g) => parseGroup(g, file));
  const environments = kids(root, 'environment').map((e) => parseEnvironment(e, file));
  const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { groups: groups.sort(byId), environments: environments.sort(byId) };
}

function requireId(el: XmlElement, file: string): string {
  const id = untranslated(el, 'id');
  if (!id) throw new GooseError('COMPS_INVALID', `<${el.name}> without an <id>`, { file, line: el.line });
  return id;
}

function parseGroup(g: XmlElement, file: string): CompsGroup {
  const id = requireId(g, file);
  const group: CompsGroup = { id, name: untranslated(g, 'name') ?? id, packages: [] };
  const description = untranslated(g, 'description');
  if (description) group.description = description;
  const def = flag(g, 'default');
  if (def !== undefined) group.default = def;
  const visible = flag(g, 'uservisible');
  if (visible !== undefined) group.uservisible = visible;
  for (const list of kids(g, 'packagelist')) {
    for (const req of kids(list, 'packagereq')) {
      const name = req.text.trim();
      const type = req.attrs.type ?? 'mandatory';
      if (!name) throw new GooseError('COMPS_INVALID', `empty <packagereq> in group ${id}`, { file, line: req.line });
      if (!REQ_TYPES.has(type)) throw new GooseError('COMPS_INVALID', `unknown packagereq type '${type}' for ${name} in group ${id}`, { file, line: req.line });
      const pkg: CompsPackage = { name, type: type as PackageReqType };
      if (req.attrs.requires) pkg.requires = req.attrs.requires;
      if (req.attrs.arch) pkg.arch = req.attrs.arch.split(/[\s,]+/).filter(Boolean);
      if (req.attrs.basearchonly !== undefined) pkg.basearchonly = req.attrs.basearchonly === 'true';
      group.packages.push(pkg);
    }
  }
  return group;
}

function parseEnvironment(e: XmlElement, file: string): CompsEnvironment {
  const id = requireId(e, file);
  const ids = (list: string): string[] => kids(e, list).flatMap((l) => kids(l, 'groupid').map((g) => g.text.trim()));
  return { id, name: untranslated(e, 'name') ?? id, groups: ids('grouplist'), options: ids('optionlist') };
}

/** The group `id`, or `COMPS_GROUP_NOT_FOUND`. */
export function findGroup(comps: Comps, id: string): CompsGroup {
  const g = comps.groups.find((x) => x.id === id);
  if (!g) throw new GooseError('COMPS_GROUP_NOT_FOUND', `no group '${id}' in comps (${comps.groups.length} groups)`);
  return g;
}

/**
 * What koji and mock install for a build group: the mandatory and default package names of group
 * `id`, sorted and without duplicates; with `arch`, requests limited to other architectures are left out.
 */
export function buildGroupPackages(comps: Comps, id: string, options: { arch?: string } = {}): string[] {
  const names = new Set<string>();
  for (const p of findGroup(comps, id).packages) {
    if (p.type !== 'mandatory' && p.type !== 'default') continue;
    if (options.arch !== undefined && p.arch && !p.arch.includes(options.arch)) continue;
    names.add(p.name);
  }
  return [...names].sort();
}
