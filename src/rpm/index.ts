/** The RPM header reader: `.rpm` / `.src.rpm` headers in, plain `RpmPackage` data out. */
export { readRpmPackage } from './package.js';
export type { RpmPackage, RpmDependency, RpmComparison, RpmFile } from './package.js';
export { readRpmFile, readRpmFileSync, readRpmHeaderBytes, readRpmHeaderBytesSync } from './file.js';
export { readRpmFolder, listRpmFiles } from './folder.js';
export type { RpmFolderResult, RpmFolderOptions, RpmReadProblem } from './folder.js';
export { readRpmLayout, measureRpmHeaders } from './layout.js';
export type { RpmLayout } from './layout.js';
export { RpmHeader, HEADER_TAGS_MAX, HEADER_DATA_MAX, SIGNATURE_TAGS_MAX, SIGNATURE_DATA_MAX } from './header-structure.js';
export type { HeaderEntry, HeaderKind } from './header-structure.js';
export { readLead, LEAD_SIZE } from './lead.js';
export type { RpmLead } from './lead.js';
export { RpmTag, RpmType, RpmSense, RPMSENSE_PRE_MASK, RPMFILE_GHOST } from './tags.js';
export { decodeHeaderString } from './text.js';
