/**
 * Where the parts of an `.rpm` file are: lead (96 bytes), signature header (padded to a multiple
 * of 8), main header, then the payload, which this reader never touches.
 */
import { GooseError } from '../errors.js';
import { HEADER_INTRO_SIZE, RpmHeader, readHeaderIntro } from './header-structure.js';
import { LEAD_SIZE, checkLeadMagic, readLead, type RpmLead } from './lead.js';

/** The lead and both headers of a package, parsed and validated. */
export interface RpmLayout {
  lead: RpmLead;
  signature: RpmHeader;
  header: RpmHeader;
}

/** Parses lead, signature header and main header from bytes that hold at least all three. */
export function readRpmLayout(bytes: Uint8Array, file: string): RpmLayout {
  const lead = readLead(bytes, file);
  const signature = new RpmHeader(bytes, LEAD_SIZE, 'signature', file);
  if (bytes.length < signature.end) {
    throw new GooseError('RPM_TRUNCATED', 'file ends inside the padding after the signature header', { file });
  }
  const header = new RpmHeader(bytes, signature.end, 'main', file);
  return { lead, signature, header };
}

/**
 * How many leading bytes of a file hold the lead and both headers, learnt from a prefix:
 * `{ complete: true, length }` once known, or `{ complete: false, length }` naming the prefix
 * length needed to learn more. Throws the same GooseErrors as the full parse for a bad lead or a
 * bad header introduction, so a reader never grows a buffer for a file that is already known bad.
 */
export function measureRpmHeaders(prefix: Uint8Array, file: string): { complete: boolean; length: number } {
  if (prefix.length < LEAD_SIZE) {
    checkLeadMagic(prefix, file);
    return { complete: false, length: LEAD_SIZE + HEADER_INTRO_SIZE };
  }
  readLead(prefix, file);
  if (prefix.length < LEAD_SIZE + HEADER_INTRO_SIZE) return { complete: false, length: LEAD_SIZE + HEADER_INTRO_SIZE };
  const sigEnd = LEAD_SIZE + readHeaderIntro(prefix, LEAD_SIZE, 'signature', file).size;
  if (prefix.length < sigEnd + HEADER_INTRO_SIZE) return { complete: false, length: sigEnd + HEADER_INTRO_SIZE };
  return { complete: true, length: sigEnd + readHeaderIntro(prefix, sigEnd, 'main', file).size };
}
