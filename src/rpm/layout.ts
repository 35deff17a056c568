/**
 * Where the parts of an `.rpm` file are: lead (96 bytes), signature header (padded to a multiple
 * of 8), main header, then the payload, which this reader never touches.
 */
import { GooseError } from '../errors.js';
import { HEADER_INTRO_SIZE, RpmHeader, readHeaderIntro, tagLabel } from './header-structure.js';
import { RPM_TAG_TYPES } from './tag-types.js';
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
  checkSignatureTags(signature, header, file);
  return { lead, signature, header };
}

/**
 * rpm merges these signature tags into the main header (lib/package.c headerMergeLegacySigs):
 * [signature tag, main-header tag, required count (0 = any), may also sit in the main header].
 */
const MERGED_SIGNATURE_TAGS: ReadonlyArray<readonly [number, number, number, boolean]> = [
  [1000, 257, 1, false], // SIZE -> SIGSIZE
  [1002, 259, 0, false], // PGP -> SIGPGP
  [1004, 261, 16, false], // MD5 -> SIGMD5
  [1005, 262, 0, false], // GPG -> SIGGPG
  [1007, 1046, 1, true], // PAYLOADSIZE -> ARCHIVESIZE
  [274, 5090, 0, true], // FILESIGNATURES
  [275, 5091, 1, true], // FILESIGNATURELENGTH
  [276, 276, 0, false], // VERITYSIGNATURES
  [277, 277, 1, false], // VERITYSIGNATUREALGO
  [269, 269, 1, false], // SHA1HEADER
  [273, 273, 1, false], // SHA256HEADER
  [267, 267, 0, false], // DSAHEADER
  [268, 268, 0, false], // RSAHEADER
  [270, 270, 1, false], // LONGSIGSIZE
  [271, 271, 1, false], // LONGARCHIVESIZE
];

/**
 * The checks rpm makes when it merges signature tags into the main header: each such tag has the
 * type of its main-header counterpart and the expected count, and the main header does not carry
 * the counterpart itself (except for the few tags allowed in either place).
 */
function checkSignatureTags(signature: RpmHeader, header: RpmHeader, file: string): void {
  for (const [sigTag, mainTag, , either] of MERGED_SIGNATURE_TAGS) {
    if (header.has(mainTag) && !(either && !signature.has(sigTag))) {
      throw new GooseError('RPM_BAD_SIGNATURE_TAG', `main header carries ${tagLabel(mainTag)}, which belongs in the signature header`, { file });
    }
  }
  for (const [sigTag, mainTag, count] of MERGED_SIGNATURE_TAGS) {
    const e = signature.entry(sigTag);
    if (!e) continue;
    if (e.type !== RPM_TAG_TYPES.get(mainTag) || e.count > 16 * 1024 * 1024 || (count !== 0 && e.count !== count)) {
      throw new GooseError('RPM_BAD_SIGNATURE_TAG', `signature tag ${sigTag} has type ${e.type} and count ${e.count}, which rpm does not accept`, { file });
    }
  }
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
