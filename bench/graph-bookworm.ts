/**
 * Times the graph algorithms on a real dependency structure: Debian bookworm's source packages
 * from `../shared/data/bookworm-rpmmd/debian-original` (needs `xzcat`).
 *
 * Run: `npx tsx bench/graph-bookworm.ts [--with-buildroot]`.
 * The graph is an approximation built by package name, not by a solver: a source needs the
 * source of every binary in the runtime closure of its Build-Depends (first alternative, any
 * architecture qualifier dropped, versions ignored, virtual names resolved to their first provider
 * by name). Direct build dependencies cost 10 to break, the rest of the closure 1. By default the
 * closure of `buildroot.txt` counts as already there (bootstrap binaries), so edges into it are
 * dropped; `--with-buildroot` keeps them, which ties the toolchain into the cycles too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { breakCost, buildDigraph, feedbackArcSet, orderGraph, reverseReachCounts, stronglyConnected, type Edge } from '../src/graph/index.js';

const data = resolve(process.env.GOOSE_SHARED_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data'), 'bookworm-rpmmd');
if (!existsSync(join(data, 'debian-original', 'Sources.xz'))) {
  console.error(`bench/graph-bookworm: ${data} not found`);
  process.exit(1);
}
const withBuildroot = process.argv.includes('--with-buildroot');

function stanzas(file: string): Map<string, string>[] {
  const text = execFileSync('xzcat', [join(data, 'debian-original', file)], { maxBuffer: 1 << 30 }).toString('utf8');
  return text.split('\n\n').filter((s) => s.trim() !== '').map((s) => {
    const fields = new Map<string, string>();
    let key = '';
    for (const line of s.split('\n')) {
      if (line.startsWith(' ') || line.startsWith('\t')) fields.set(key, `${fields.get(key)} ${line.trim()}`);
      else {
        const colon = line.indexOf(':');
        key = line.slice(0, colon);
        fields.set(key, line.slice(colon + 1).trim());
      }
    }
    return fields;
  });
}

/** First-alternative names of a Debian relation field. */
function names(field: string | undefined): string[] {
  if (!field) return [];
  return field.split(',').map((clause) => clause.split('|')[0].trim().split(/[\s([<]/)[0].split(':')[0]).filter((n) => n !== '');
}

function time<T>(label: string, f: () => T): T {
  const start = performance.now();
  const out = f();
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(1).padStart(9)} ms`);
  return out;
}

const { binaries, sources } = time('read Packages.xz and Sources.xz', () => ({ binaries: stanzas('Packages.xz'), sources: stanzas('Sources.xz') }));

// Binaries by name (first stanza wins), providers of virtual names, each binary's source.
const binaryIndex = new Map<string, number>();
const providers = new Map<string, number[]>();
binaries.forEach((b, i) => {
  const name = b.get('Package')!;
  if (!binaryIndex.has(name)) binaryIndex.set(name, i);
  for (const p of names(b.get('Provides'))) providers.set(p, [...(providers.get(p) ?? []), i]);
});
const resolveName = (name: string): number | undefined => {
  const direct = binaryIndex.get(name);
  if (direct !== undefined) return direct;
  const list = providers.get(name);
  return list === undefined ? undefined : [...list].sort((a, b) => binaries[a].get('Package')!.localeCompare(binaries[b].get('Package')!))[0];
};
const runtime = binaries.map((b) => [...names(b.get('Pre-Depends')), ...names(b.get('Depends'))].map(resolveName).filter((i) => i !== undefined));

const sourceNames = [...new Set(sources.map((s) => s.get('Package')!))].sort();
const sourceId = new Map(sourceNames.map((n, i) => [n, i]));
const sourceOf = binaries.map((b) => sourceId.get((b.get('Source') ?? b.get('Package')!).split(' ')[0]) ?? -1);

function closure(start: readonly number[], skip: Uint8Array): number[] {
  const seen = new Set<number>();
  const queue = start.filter((b) => skip[b] === 0);
  for (const b of queue) seen.add(b);
  for (let i = 0; i < queue.length; i++) {
    for (const d of runtime[queue[i]]) {
      if (skip[d] === 0 && !seen.has(d)) {
        seen.add(d);
        queue.push(d);
      }
    }
  }
  return queue;
}

const edges = time('derive source graph', () => {
  const none = new Uint8Array(binaries.length);
  const base = readFileSync(join(data, 'buildroot.txt'), 'utf8').split('\n').map((n) => resolveName(n.trim())).filter((i) => i !== undefined);
  const buildroot = closure(base, none);
  const skip = new Uint8Array(binaries.length);
  if (!withBuildroot) for (const b of buildroot) skip[b] = 1;
  const out: Edge[] = [];
  for (const s of sources) {
    const from = sourceId.get(s.get('Package')!)!;
    const direct = ['Build-Depends', 'Build-Depends-Arch', 'Build-Depends-Indep'].flatMap((f) => names(s.get(f)))
      .map(resolveName).filter((i) => i !== undefined);
    const directSet = new Set(direct);
    for (const b of closure(withBuildroot ? [...direct, ...buildroot] : direct, skip)) {
      if (sourceOf[b] >= 0) out.push({ from, to: sourceOf[b], cost: directSet.has(b) ? 10 : 1 });
    }
  }
  return out;
});

const graph = time(`buildDigraph (${sourceNames.length} nodes, ${edges.length} edges)`, () => buildDigraph(sourceNames.length, edges));
console.log(`  ${graph.edgeCount} distinct edges, ${graph.selfLoops.length} self-loops`);
const scc = time('stronglyConnected', () => stronglyConnected(graph));
const sizes = scc.cyclic.map((c) => scc.members[c].length).sort((a, b) => b - a);
console.log(`  ${scc.cyclic.length} cycles; largest ${sizes.slice(0, 8).join(', ')}`);
const biggest = scc.cyclic.find((c) => scc.members[c].length === sizes[0]);
if (biggest !== undefined) {
  const members = scc.members[biggest];
  let inside = 0;
  for (const v of members) for (let e = graph.outStart[v]; e < graph.outStart[v + 1]; e++) if (scc.componentOf[graph.edgeTo[e]] === biggest) inside++;
  console.log(`  biggest cycle: ${members.length} sources, ${inside} edges inside`);
  for (const [label, options] of [['greedy only', { siftPasses: 0 }], ['greedy + sifting', { kicks: 0 }], ['default (sifting + kicks)', {}]] as const) {
    const fas = time(`feedbackArcSet biggest: ${label}`, () => feedbackArcSet(graph, members, options));
    const cheap = fas.filter((e) => graph.edgeCost[e] < 10).length;
    console.log(`  ${fas.length} breaks (${cheap} cheap), cost ${breakCost(graph, fas)}`);
  }
}
const order = time('orderGraph (everything)', () => orderGraph(graph));
console.log(`  ${order.waves.length} waves, ${order.breaks.length} breaks`);
const roots = order.waves[0].slice(0, 300);
time(`reverseReachCounts (${roots.length} roots of wave 0)`, () => reverseReachCounts(graph, roots, scc));
const counts = time(`reverseReachCounts (all ${graph.nodeCount})`, () => reverseReachCounts(graph, Array.from({ length: graph.nodeCount }, (_, v) => v), scc));
const top = counts.map((c, v) => [c, v] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 5);
console.log(`  most depended on: ${top.map(([c, v]) => `${sourceNames[v]} (${c})`).join(', ')}`);
