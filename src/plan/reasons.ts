/** A step's upstream binaries as data, and its reason in words. */
import type { BuildGraph } from '../order/index.js';
import { NEED_CLASS_WORDS } from '../order/weights.js';
import type { Upstream } from './check.js';
import type { PlanNeeds } from './needs.js';
import type { UpstreamUse } from './types.js';

function viaNames(graph: BuildGraph, row: number): string[] {
  const E = graph.edges;
  const out: string[] = [];
  for (let k = E.viaStart[row]; k < E.viaStart[row + 1]; k++) out.push(graph.binaries[E.viaBinary[k]]);
  return out.sort();
}

/** The upstream binaries of one build, by source (sorted by source), heaviest binary named. */
export function upstreamUses(needs: PlanNeeds, v: number, up: Upstream, names: readonly string[]): UpstreamUse[] {
  const classes = needs.classes;
  const use = (row: number, source: number): UpstreamUse => {
    const heavy = needs.rowHeaviest[row];
    return {
      source: names[source],
      binaries: viaNames(needs.graph, row),
      content: needs.rowContent[row] === 1,
      heaviest: heavy >= 0 ? { binary: needs.graph.binaries[heavy], class: NEED_CLASS_WORDS[classes[heavy]] } : { binary: '', class: NEED_CLASS_WORDS[0] },
    };
  };
  const out = up.rows.map((r) => use(needs.row[r], needs.to[r]));
  if (up.self) out.push(use(needs.selfRow[v], v));
  return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** The uses that weigh most: content first, then by the heaviest binary's words; at most `most`. */
function headline(uses: readonly UpstreamUse[], most: number): string {
  const content = uses.filter((u) => u.content);
  const pick = (content.length ? content : uses).slice(0, most);
  const text = pick.map((u) => `${u.source} (${u.heaviest.binary}: ${u.heaviest.class})`).join(', ');
  const more = (content.length ? content : uses).length - pick.length;
  return more > 0 ? `${text} and ${more} more` : text;
}

/** Why a first build is what it is, in words. */
export function firstReason(uses: readonly UpstreamUse[], variant: boolean, selfOnly: boolean): string {
  if (variant) return uses.length ? `bootstrap variant (built --with bootstrap): it still takes the upstream ${headline(uses, 3)}` : 'bootstrap variant (built --with bootstrap): its reduced BuildRequires are all built';
  if (!uses.length) return 'every need is built in an earlier wave';
  if (selfOnly) return 'bootstrap: built against its own upstream binaries';
  return `bootstrap: built against the upstream ${headline(uses, 3)}`;
}

/** Why a source is rebuilt: what its first build took from upstream. */
export function rebuildReason(first: readonly UpstreamUse[], firstWasVariant: boolean, own: string): string {
  if (firstWasVariant) return 'rebuilt: its first build was its bootstrap variant';
  const others = first.filter((u) => u.source !== own);
  if (!others.length) return 'rebuilt: its first build used its own upstream binaries';
  const content = others.some((u) => u.content);
  return `rebuilt: its first build ${content ? 'took content from' : 'used tools of'} the upstream ${headline(others, 2)}`;
}
