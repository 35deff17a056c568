/** Sentences from causes: one wording per cause kind, pinned by test/explain/sentence.test.ts. */
import type { Cause, Explanation, Origin } from './cause.js';

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
export function listWords(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function originWords(o: Origin): string {
  if (o.by === 'build-requires') return 'a BuildRequires';
  if (o.by === 'group') return 'the build group';
  return `required by ${o.pkg}`;
}

/** One clause for a cause, without the subject's name and final full stop. */
export function clause(c: Cause): string {
  switch (c.kind) {
    case 'build-requires-unprovided':
      return `it build-requires ${c.dep}, which nothing provides`;
    case 'group-package-unknown':
      return `the build group lists ${c.name}, which no package is named`;
    case 'build-requires':
      return `it build-requires ${c.dep}`;
    case 'group-package':
      return `the build group installs ${c.name}`;
    case 'build-conflicts':
      return `it build-conflicts with ${c.dep}`;
    case 'requires-unprovided':
      return `${c.pkg} requires ${c.dep}, which nothing provides`;
    case 'requires-uninstallable':
      return `${c.pkg} requires ${c.dep}, but none of its providers${c.providers.length ? ` (${listWords(c.providers)})` : ''} can be installed`;
    case 'conflicts':
      return `${c.pkg} conflicts with ${c.other} (${c.dep})`;
    case 'same-name':
      return `${c.pkg} and ${c.other} cannot both be installed`;
    case 'obsoletes':
      return `${c.pkg} obsoletes ${c.other} (${c.dep})`;
    case 'not-installable':
      return `${c.pkg} is not installable on this architecture`;
    case 'self-conflict':
      return `${c.pkg} conflicts with itself (${c.dep})`;
    case 'other':
      return c.text;
    case 'needs-unbuilt': {
      const who = c.providers.length <= 1 ? `only ${c.providers[0] ?? c.binary} provides` : `${listWords(c.providers)} provide`;
      const state =
        c.blockerState === 'not-built'
          ? `${c.blocker} is not built yet`
          : c.blockerState === 'built'
            ? `the built repos lack ${c.binary} although ${c.blocker} is built`
            : `its source ${c.blocker} is not among the sources being rebuilt`;
      return `it needs ${c.dep} (${originWords(c.origin)}), which ${who}, and ${state}`;
    }
    case 'built-repos-differ':
      return 'its buildroot does not install from the built repos, although every package of its upstream buildroot has a built counterpart';
    case 'more-blockers':
      return `it also waits for ${c.count} more source${c.count === 1 ? '' : 's'} (see blockedBy)`;
  }
}

/** The sentence for a source: `foo is blocked: ...; ....` or `foo cannot be built, even with upstream binaries: ....` */
export function sentence(name: string, e: Explanation): string {
  const lead = e.verdict === 'blocked' ? `${name} is blocked` : `${name} cannot be built, even with upstream binaries`;
  return `${lead}: ${e.causes.map(clause).join('; ')}.`;
}
