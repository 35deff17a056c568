/**
 * Reachability questions for explanations: why does A need B, what does A wait for, and how many
 * packages does a blocker hold up.
 */
import { GooseError } from '../errors.js';
import { edgeAt, type Digraph, type Edge } from './digraph.js';
import { stronglyConnected, type Components } from './scc.js';

/** A chain of needs: `nodes[0]` needs `nodes[1]` ... needs the last; `edges[i]` joins `nodes[i]` and `nodes[i+1]`. */
export interface Path {
  /** The nodes along the path, first the one that needs, last the one needed. */
  readonly nodes: readonly number[];
  /** The edges along the path; one fewer than `nodes`. */
  readonly edges: readonly Edge[];
}

/** Which way {@link allReachable} walks: along needs (what it waits for) or against them (who waits for it). */
export type Direction = 'needs' | 'neededBy';

/**
 * A shortest chain of needs from `from` to `to` by breadth-first search, or `undefined` when
 * `from` does not depend on `to` at all. Needs are visited in id order, so the same graph always
 * gives the same chain. `from === to` gives the chain of no edges.
 */
export function shortestPath(graph: Digraph, from: number, to: number): Path | undefined {
  checkNode(graph, from);
  checkNode(graph, to);
  if (from === to) return { nodes: [from], edges: [] };
  const via = new Int32Array(graph.nodeCount).fill(-1); // edge that first reached each node
  const queue = new Int32Array(graph.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = from;
  while (head < tail) {
    const v = queue[head++];
    for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) {
      const w = graph.edgeTo[e];
      if (w === from || via[w] !== -1) continue;
      via[w] = e;
      if (w === to) return unwind(graph, via, from, to);
      queue[tail++] = w;
    }
  }
  return undefined;
}

/**
 * The nodes reachable from `starts` by one or more edges, ascending: with `needs`, everything they
 * wait for; with `neededBy`, everything that waits for them. A start appears only if it lies on a
 * cycle through the starts. Time O(n + m).
 */
export function allReachable(graph: Digraph, starts: number | readonly number[], direction: Direction = 'needs'): number[] {
  const list = typeof starts === 'number' ? [starts] : starts;
  const seen = new Uint8Array(graph.nodeCount);
  const queue = new Int32Array(graph.nodeCount);
  let tail = 0;
  const visit = (v: number): void => {
    if (direction === 'needs') {
      for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) {
        const w = graph.edgeTo[e];
        if (seen[w] === 0) {
          seen[w] = 1;
          queue[tail++] = w;
        }
      }
    } else {
      for (let i = graph.inStart[v]; i < graph.inStart[v + 1]; i++) {
        const w = graph.edgeFrom[graph.inEdges[i]];
        if (seen[w] === 0) {
          seen[w] = 1;
          queue[tail++] = w;
        }
      }
    }
  };
  for (const s of list) {
    checkNode(graph, s);
    visit(s);
  }
  for (let head = 0; head < tail; head++) visit(queue[head]);
  const out: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) if (seen[v] !== 0) out.push(v);
  return out;
}

/** Roots handled per sweep of {@link reverseReachCounts}: 64 words of bits per component. */
const ROOTS_PER_SWEEP = 2048;

/**
 * For each of `roots`, the exact number of other nodes that transitively need it (the packages
 * it holds up), in the order of `roots`. Works on the condensation: every component gets a bitset
 * of the root components it reaches, filled in dependencies-first order by OR-ing its needs'
 * bitsets, and each component then adds its size to every root it reaches. Roots go in sweeps of
 * 2048, so time is O((c + m) * ceil(r / 32) + sum of reach) and memory O(c * 64) words for c
 * components, m edges, r distinct root components. On 35,000 nodes and 300,000 edges that is
 * about 0.1 s for 300 roots and 1 s for every node (bench/graph.ts). Pass `components` when
 * already computed.
 */
export function reverseReachCounts(graph: Digraph, roots: readonly number[], components?: Components): number[] {
  for (const r of roots) checkNode(graph, r);
  const comps = components ?? stronglyConnected(graph);
  const needs = condensedNeeds(graph, comps);
  const c = comps.count;

  const rootComps = [...new Set(roots.map((r) => comps.componentOf[r]))].sort((a, b) => a - b);
  const reached = new Map<number, number>(); // root component -> nodes that reach it, itself included
  for (let first = 0; first < rootComps.length; first += ROOTS_PER_SWEEP) {
    const chunk = rootComps.slice(first, first + ROOTS_PER_SWEEP);
    const words = (chunk.length + 31) >>> 5;
    const bits = new Uint32Array(c * words);
    for (let j = 0; j < chunk.length; j++) bits[chunk[j] * words + (j >>> 5)] |= 1 << (j & 31);
    const totals = new Float64Array(chunk.length);
    for (let t = 0; t < c; t++) {
      const comp = comps.dependenciesFirst[t];
      const base = comp * words;
      for (let e = needs.start[comp]; e < needs.start[comp + 1]; e++) {
        const other = needs.to[e] * words;
        for (let w = 0; w < words; w++) bits[base + w] |= bits[other + w];
      }
      const size = comps.members[comp].length;
      for (let w = 0; w < words; w++) {
        let word = bits[base + w];
        while (word !== 0) {
          const low = word & -word;
          totals[(w << 5) + 31 - Math.clz32(low)] += size;
          word ^= low;
        }
      }
    }
    for (let j = 0; j < chunk.length; j++) reached.set(chunk[j], totals[j]);
  }
  return roots.map((r) => reached.get(comps.componentOf[r])! - 1);
}

/**
 * The components each component needs, each once (rows over component ids): the condensation's
 * edges without repeats. A readiness graph has ~700k edges, most of them into one large cycle, so
 * the sweep ORs a few hundred thousand fewer bitsets than over the condensation itself (which
 * keeps every parallel edge), and no condensed digraph is built.
 */
function condensedNeeds(graph: Digraph, comps: Components): { start: Int32Array; to: Int32Array } {
  const c = comps.count;
  const { componentOf, members } = comps;
  const { outStart, edgeTo } = graph;
  const stamp = new Int32Array(c).fill(-1);
  const start = new Int32Array(c + 1);
  // Two passes, the same walk: count, then fill.
  for (let pass = 0, to = new Int32Array(0); ; pass++) {
    let m = 0;
    stamp.fill(-1);
    for (let comp = 0; comp < c; comp++) {
      start[comp] = m;
      for (const v of members[comp]) {
        for (let e = outStart[v]; e < outStart[v + 1]; e++) {
          const d = componentOf[edgeTo[e]];
          if (d === comp || stamp[d] === comp) continue;
          stamp[d] = comp;
          if (pass) to[m] = d;
          m++;
        }
      }
    }
    start[c] = m;
    if (pass) return { start, to };
    to = new Int32Array(m);
  }
}

function unwind(graph: Digraph, via: Int32Array, from: number, to: number): Path {
  const edges: Edge[] = [];
  for (let v = to; v !== from; v = graph.edgeFrom[via[v]]) edges.push(edgeAt(graph, via[v]));
  edges.reverse();
  return { nodes: [from, ...edges.map((e) => e.to)], edges };
}

function checkNode(graph: Digraph, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= graph.nodeCount) {
    throw new GooseError('GRAPH_BAD_NODE', `node ${v} is outside 0..${graph.nodeCount - 1}`);
  }
}
