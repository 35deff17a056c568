/**
 * Times the graph algorithms on a generated distribution-sized graph.
 *
 * Run: `npx tsx bench/graph.ts [nodes] [edges] [sccSize]` (defaults 35000 300000 500).
 * The graph is seeded, so runs are comparable: most edges point from a higher id to a lower one,
 * skewed towards low ids (a few packages everyone needs), plus one big strongly connected block
 * and a few hundred small cycles; a fifth of the edges are cheap to break.
 */
import { performance } from 'node:perf_hooks';
import {
  allReachable,
  breakCost,
  buildDigraph,
  componentWaves,
  feedbackArcSet,
  orderGraph,
  reverseReachCounts,
  shortestPath,
  stronglyConnected,
  type Edge,
} from '../src/graph/index.js';
import { mulberry32 } from '../src/graph/random.js';

const nodes = Number(process.argv[2] ?? 35_000);
const edgeCount = Number(process.argv[3] ?? 300_000);
const sccSize = Number(process.argv[4] ?? 500);


function generate(): Edge[] {
  const random = mulberry32(1);
  const cost = (): number => (random() < 0.2 ? 1 : 10);
  const edges: Edge[] = [];
  // The big block sits at ids 1000.. so that it both needs and is needed by the rest.
  const blockStart = 1000;
  const inBlock = Math.min(edgeCount / 30, sccSize * 10);
  for (let i = 0; i < sccSize; i++) edges.push({ from: blockStart + i, to: blockStart + ((i + 1) % sccSize), cost: cost() });
  for (let i = 0; i < inBlock; i++) {
    const from = blockStart + Math.floor(random() * sccSize);
    const to = blockStart + Math.floor(random() * sccSize);
    if (from !== to) edges.push({ from, to, cost: cost() });
  }
  // Small cycles of 2..6 nodes among the rest.
  for (let c = 0; c < 300; c++) {
    const size = 2 + Math.floor(random() * 5);
    const first = blockStart + sccSize + Math.floor(random() * (nodes - blockStart - sccSize - size));
    for (let i = 0; i < size; i++) edges.push({ from: first + i, to: first + ((i + 1) % size), cost: cost() });
  }
  while (edges.length < edgeCount) {
    const from = 1 + Math.floor(random() * (nodes - 1));
    const to = Math.floor(from * random() ** 3);
    edges.push({ from, to, cost: cost() });
  }
  return edges;
}

function time<T>(label: string, f: () => T): T {
  const start = performance.now();
  const out = f();
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(1).padStart(9)} ms`);
  return out;
}

const edges = time('generate edges', generate);
const graph = time(`buildDigraph (${nodes} nodes, ${edges.length} edges)`, () => buildDigraph(nodes, edges));
const scc = time('stronglyConnected', () => stronglyConnected(graph));
const biggest = scc.cyclic.reduce((a, b) => (scc.members[b].length > scc.members[a].length ? b : a), scc.cyclic[0]);
console.log(`  ${scc.count} components, ${scc.cyclic.length} cyclic, biggest ${scc.members[biggest].length} nodes`);
const cw = time('condense + componentWaves', () => componentWaves(graph, scc));
console.log(`  ${cw.waves.length} component waves`);
const members = scc.members[biggest];
for (const [label, options] of [
  ['greedy only', { siftPasses: 0 }],
  ['greedy + sifting', { kicks: 0 }],
  ['default (sifting + kicks)', {}],
] as const) {
  const fas = time(`feedbackArcSet biggest SCC: ${label}`, () => feedbackArcSet(graph, members, options));
  console.log(`  ${fas.length} breaks, cost ${breakCost(graph, fas)}`);
}
const order = time('orderGraph (everything)', () => orderGraph(graph));
console.log(`  ${order.waves.length} waves, ${order.breaks.length} breaks, ${order.selfLoops.length} self-loops`);
time('shortestPath (last node -> 0)', () => shortestPath(graph, nodes - 1, 0));
time('allReachable (needs of last node)', () => allReachable(graph, nodes - 1));
time('allReachable (neededBy node 0)', () => allReachable(graph, 0, 'neededBy'));
const roots = Array.from({ length: 300 }, (_, i) => Math.floor((i * nodes) / 300));
time('reverseReachCounts (300 roots)', () => reverseReachCounts(graph, roots, scc));
if (!process.argv.includes('--no-all')) {
  const all = Array.from({ length: nodes }, (_, i) => i);
  time(`reverseReachCounts (all ${nodes} nodes)`, () => reverseReachCounts(graph, all, scc));
}
