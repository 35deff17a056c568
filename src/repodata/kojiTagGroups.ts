/**
 * Build groups as koji answers `getTagGroups(tag)`: the source of truth for what a koji buildroot
 * contains. Accepts the raw XML-RPC answer, a recorded VCR cassette holding that call, or the
 * JSON that `koji call --json-output getTagGroups TAG` prints; returns {@link Comps} so
 * `buildGroupPackages(comps, 'build')` works the same as for comps XML.
 */
import { GooseError } from '../errors.js';
import type { Comps, CompsGroup, CompsPackage, PackageReqType } from './comps.js';
import { childElement, childElements, decodeUtf8, parseXml, type XmlElement } from './xml.js';

/** A value an XML-RPC answer can hold. */
export type XmlRpcValue = string | number | boolean | null | XmlRpcValue[] | { [key: string]: XmlRpcValue };

/** Largest answer accepted. */
const MAX_CHARS = 64 * 1024 * 1024;

/** Decode an XML-RPC `<methodResponse>`; a `<fault>` becomes `KOJI_FAULT`. */
export function parseXmlRpcResponse(input: string | Uint8Array, file = 'xml-rpc response'): XmlRpcValue {
  const root = parseXml(input, { file, maxChars: MAX_CHARS });
  if (root.name !== 'methodResponse') throw new GooseError('KOJI_INVALID', `root element is <${root.name}>, not <methodResponse>`, { file, line: root.line });
  const fault = childElement(root, 'fault');
  if (fault) {
    const v = decodeValue(childElement(fault, 'value'), file);
    const msg = v && typeof v === 'object' && !Array.isArray(v) ? String(v.faultString) : String(v);
    throw new GooseError('KOJI_FAULT', `koji answered with a fault: ${msg}`, { file });
  }
  const param = childElement(childElement(root, 'params') ?? root, 'param');
  return decodeValue(param && childElement(param, 'value'), file);
}

function decodeValue(value: XmlElement | undefined, file: string): XmlRpcValue {
  if (!value) throw new GooseError('KOJI_INVALID', 'missing <value>', { file });
  const typed = value.children[0];
  if (!typed) return value.text; // an untyped <value> is a string
  const text = typed.text;
  switch (typed.name) {
    case 'string': return text;
    case 'int': case 'i4': case 'i8': case 'double': return Number(text.trim());
    case 'boolean': return text.trim() === '1';
    case 'nil': return null;
    case 'base64': return text.trim();
    case 'dateTime.iso8601': return text.trim();
    case 'array': {
      const data = childElement(typed, 'data');
      return data ? childElements(data, 'value').map((v) => decodeValue(v, file)) : [];
    }
    case 'struct': {
      const out: { [key: string]: XmlRpcValue } = Object.create(null) as { [key: string]: XmlRpcValue };
      for (const m of childElements(typed, 'member')) {
        const name = childElement(m, 'name')?.text ?? '';
        out[name] = decodeValue(childElement(m, 'value'), file);
      }
      return out;
    }
    default:
      throw new GooseError('KOJI_INVALID', `unknown XML-RPC type <${typed.name}>`, { file, line: typed.line });
  }
}

interface Cassette {
  interactions: { request?: { body?: string | null }; response?: { body?: { string?: string } | string } }[];
}

/**
 * Read koji build groups from any of the three shapes (XML-RPC text, VCR cassette JSON, koji JSON
 * output) into comps groups; blocked groups and blocked packages are left out.
 */
export function parseKojiTagGroups(input: string | Uint8Array, file = 'getTagGroups'): Comps {
  const text = (typeof input === 'string' ? input : decodeUtf8(input)).trimStart();
  if (text.length > MAX_CHARS) throw new GooseError('KOJI_INVALID', 'answer too large', { file });
  let value: unknown;
  if (text.startsWith('<')) {
    value = parseXmlRpcResponse(text, file);
  } else {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new GooseError('KOJI_INVALID', `neither XML-RPC nor JSON: ${(e as Error).message}`, { file });
    }
    value = isCassette(json) ? fromCassette(json, file) : json;
  }
  return toComps(value, file);
}

function isCassette(json: unknown): json is Cassette {
  return typeof json === 'object' && json !== null && Array.isArray((json as Cassette).interactions);
}

function fromCassette(c: Cassette, file: string): XmlRpcValue {
  const hit = c.interactions.find((i) => /<methodName>\s*getTagGroups\s*<\/methodName>/.test(i.request?.body ?? ''));
  const body = hit?.response?.body;
  const xml = typeof body === 'string' ? body : body?.string;
  if (!xml) throw new GooseError('KOJI_INVALID', 'the recording has no getTagGroups answer', { file });
  return parseXmlRpcResponse(xml, file);
}

function toComps(value: unknown, file: string): Comps {
  if (!Array.isArray(value)) throw new GooseError('KOJI_INVALID', 'getTagGroups answer is not a list of groups', { file });
  const groups: CompsGroup[] = [];
  for (const g of value as Record<string, unknown>[]) {
    if (typeof g !== 'object' || g === null || typeof g.name !== 'string') {
      throw new GooseError('KOJI_INVALID', 'a group without a name', { file });
    }
    if (g.blocked === true) continue;
    const packages: CompsPackage[] = [];
    for (const p of (Array.isArray(g.packagelist) ? g.packagelist : []) as Record<string, unknown>[]) {
      if (typeof p?.package !== 'string') throw new GooseError('KOJI_INVALID', `a package without a name in group ${g.name}`, { file });
      if (p.blocked === true) continue;
      const type = (typeof p.type === 'string' ? p.type : 'mandatory') as PackageReqType;
      const pkg: CompsPackage = { name: p.package, type };
      if (typeof p.requires === 'string' && p.requires) pkg.requires = p.requires;
      if (p.basearchonly === true) pkg.basearchonly = true;
      packages.push(pkg);
    }
    const group: CompsGroup = { id: g.name, name: typeof g.display_name === 'string' ? g.display_name : g.name, packages };
    if (typeof g.description === 'string') group.description = g.description;
    if (typeof g.uservisible === 'boolean') group.uservisible = g.uservisible;
    groups.push(group);
  }
  groups.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { groups, environments: [] };
}
