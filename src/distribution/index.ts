/** Opening a distribution (repositories, pool, build group) in one call: the library's entry. */
export { openDistribution, openRebuild, EXAMPLE_DISTRIBUTION, type Distribution, type DistributionOptions, type Rebuild, type RebuildOptions } from './open.js';
export { resolveBuildGroup, dropMissingMembers, DEFAULT_GROUP_IDS, type BuildGroup, type GroupSpec, type GroupOptions } from './group.js';
