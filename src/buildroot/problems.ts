/** A buildroot's problems as reports list them: each once, without the build group's (pure). */
import type { Problem } from '../solv/index.js';

/**
 * `problems` in the solver's order, each text once, without those whose text is in `groupTexts`:
 * every buildroot holds the build group, so a group that does not install repeats its problems in
 * every source; they are reported once, as the group's.
 */
export function ownProblems(problems: readonly Problem[], groupTexts: ReadonlySet<string> = new Set()): Problem[] {
  const seen = new Set(groupTexts);
  return problems.filter((p) => !seen.has(p.text) && !!seen.add(p.text));
}
