/**
 * The build order as a graphviz digraph that agrees with the order: one cluster per wave, the
 * needs the order follows drawn solid (each toward an earlier wave), cycle breaks dashed red,
 * upstream builds (a first-phase source built against the existing binary of a later one)
 * dashed blue. Build-group needs are left out unless asked; `focus` draws one neighbourhood.
 */
import { GooseError } from '../errors.js';
import type { BuildOrderResult, OrderEdge } from '../order/index.js';

/** Options of {@link orderDot}. */
export interface OrderDotOptions {
  /** Draw the build-group needs the order follows too (a handful of group members gain hundreds of edges). */
  groupEdges?: boolean;
  /** Draw only this source and the sources within `depth` drawn edges of it. */
  focus?: string;
  /** Steps from `focus` (default 1). */
  depth?: number;
}

function dotId(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** The needs drawn: the followed ones (group ones only when asked) and the breaks. */
export function drawnEdges(r: BuildOrderResult, options: OrderDotOptions = {}): OrderEdge[] {
  return (r.edges ?? []).filter((e) => {
    if (e.role === 'cycle' || e.role === 'upstream') return true;
    return e.role === 'order' && (e.kind !== 'group' || options.groupEdges === true);
  });
}

/** The sources within `depth` drawn edges (either direction) of `focus`; throws UNKNOWN_SOURCE if it is in no wave. */
function neighbourhood(r: BuildOrderResult, edges: OrderEdge[], focus: string, depth: number): Set<string> {
  if (!r.waves.some((w) => w.includes(focus))) {
    throw new GooseError('UNKNOWN_SOURCE', `--focus ${focus}: no source of that name is in the order (an unresolvable source has no wave)`);
  }
  const adjacent = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = adjacent.get(a);
    if (list) list.push(b);
    else adjacent.set(a, [b]);
  };
  for (const e of edges) {
    link(e.from, e.needs);
    link(e.needs, e.from);
  }
  const seen = new Set([focus]);
  let frontier = [focus];
  for (let step = 0; step < depth && frontier.length; step++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of adjacent.get(n) ?? []) {
        if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

const STYLE: Record<string, string> = {
  cycle: ' [style=dashed, color=red, label="break"]',
  upstream: ' [style=dashed, color=blue, label="upstream"]',
};

/**
 * The order as a graphviz digraph. `r.edges` must be present (buildOrder with `edges: true`);
 * output is sorted as the order's edges are, so it is byte-identical between runs.
 */
export function orderDot(r: BuildOrderResult, options: OrderDotOptions = {}): string {
  let edges = drawnEdges(r, options);
  let keep: ((name: string) => boolean) | undefined;
  if (options.focus !== undefined) {
    const near = neighbourhood(r, edges, options.focus, options.depth ?? 1);
    keep = (n) => near.has(n);
    edges = edges.filter((e) => near.has(e.from) && near.has(e.needs));
  }
  const out = ['digraph buildorder {', '  rankdir=RL;', '  node [shape=box, fontsize=10];'];
  r.waves.forEach((w, i) => {
    const members = keep ? w.filter(keep) : w;
    if (!members.length) return;
    const phase = i < r.phaseOneWaves ? ' (build group)' : '';
    out.push(`  subgraph cluster_${i} { label="wave ${i + 1}${phase}"; ${members.map(dotId).join('; ')}; }`);
  });
  if (options.focus !== undefined) out.push(`  ${dotId(options.focus)} [style=bold];`);
  for (const e of edges) {
    const style = STYLE[e.role] ?? (e.kind === 'direct' ? '' : e.kind === 'group' ? ' [color=gray, style=dotted]' : ' [color=gray]');
    out.push(`  ${dotId(e.from)} -> ${dotId(e.needs)}${style};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
