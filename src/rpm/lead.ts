/**
 * The 96-byte lead at the start of every `.rpm` file. rpm itself only trusts its magic, its major
 * version and its signature type; everything else in it is legacy and is taken from the headers.
 */
import { GooseError } from '../errors.js';

/** Size of the lead in bytes. */
export const LEAD_SIZE = 96;

/** What the lead says; `type` is 0 for a binary and 1 for a source package (informational only). */
export interface RpmLead {
  /** Format major version: 3 or 4 (v6 packages still write a v3 lead). */
  major: number;
  /** Format minor version. */
  minor: number;
  /** 0 = binary, 1 = source; rpm ignores it in favour of the header, and so do we. */
  type: number;
  /** The legacy name-version-release, cut at the first NUL. */
  name: string;
}

const MAGIC = [0xed, 0xab, 0xee, 0xdb];
/** The only signature type rpm >= 3 writes: a signature header follows the lead. */
const SIGTYPE_HEADERSIG = 5;

/** Throws unless the bytes present agree with the lead magic (a short prefix that agrees passes). */
export function checkLeadMagic(bytes: Uint8Array, file: string): void {
  for (let i = 0; i < Math.min(4, bytes.length); i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw new GooseError('RPM_BAD_MAGIC', 'not an RPM package: the lead magic ed ab ee db is missing', { file });
    }
  }
}

/** Parses and checks the lead, in rpm's order: magic, signature type, major version. */
export function readLead(bytes: Uint8Array, file: string): RpmLead {
  checkLeadMagic(bytes, file);
  if (bytes.length === 0) throw new GooseError('RPM_TRUNCATED', 'file is empty', { file });
  if (bytes.length < LEAD_SIZE) {
    throw new GooseError('RPM_TRUNCATED', `file ends inside the lead (${bytes.length} of ${LEAD_SIZE} bytes)`, { file });
  }
  const signatureType = (bytes[78] << 8) | bytes[79];
  if (signatureType !== SIGTYPE_HEADERSIG) {
    throw new GooseError('RPM_BAD_SIGNATURE_TYPE', `lead signature type ${signatureType} is not 5 (header signature)`, { file });
  }
  const major = bytes[4];
  if (major < 3 || major > 4) {
    throw new GooseError('RPM_UNSUPPORTED_VERSION', `RPM lead major version ${major} is not supported (only 3 and 4)`, { file });
  }
  let nameEnd = 10;
  while (nameEnd < 76 && bytes[nameEnd] !== 0) nameEnd++;
  let name = '';
  for (let i = 10; i < nameEnd; i++) name += String.fromCharCode(bytes[i]);
  return { major, minor: bytes[5], type: (bytes[6] << 8) | bytes[7], name };
}
