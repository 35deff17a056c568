/** `dnf repoquery` questions over a Pool: package specs, capability filters, --qf formatting. */
export { queryTree, treeLines, treeRequires, type TreeRow } from './tree.js';
export { sourceName, sourceVersionRelease } from './sourcerpm.js';
export { runQuery, latestPerArch, packageDeps, type QueryOptions, type QueryResult, type QueryAttr } from './query.js';
export { matchSubject, nevraForms, isFilePattern, type NevraForm, type SubjectOptions } from './subject.js';
export { whatProvides, whatRequires, splitCapability, DepIndex } from './deps.js';
export { PackageSet, splitEvr, type PackageInfo } from './packages.js';
export { fnmatch, globToRegExp, isGlob } from './glob.js';
export {
  DEFAULT_QUERYFORMAT, QUERY_TAGS, parseQueryFormat, formatPackage, packageRecord, sortRecords, sortedUnique, compareCodePoints, tagValue,
  type QueryFormat, type QueryTag, type PackageRecord,
} from './format.js';
