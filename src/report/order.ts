/** Renderers of a build order: text for people, JSON, koji chain-build groups, graphviz DOT. */
import type { BuildItem } from './build-commands.js';
export { kojiChainBuild, buildScript, buildFields, type BuildItem, type BuildCommandOptions } from './build-commands.js';
export { orderDot, drawnEdges, type OrderDotOptions } from './order-dot.js';
import type { BuildOrderResult, Break } from '../order/index.js';

function viaText(b: Break): string {
  const direct = b.via.filter((v) => v.buildRequires);
  if (direct.length) return `BuildRequires ${direct.map((v) => `${v.buildRequires} (${v.binary})`).join(', ')}`;
  return `via ${b.via.map((v) => v.binary).join(', ')}${b.need === 'group' ? ' (build group)' : ' (runtime dependency)'}`;
}

/**
 * A summary for people: waves, cycles with their breaks, bootstrap problems, unresolvable
 * sources. Long lists are cut (a distribution has hundreds of waves); --json has everything.
 */
export function orderText(r: BuildOrderResult, options: { maxWaveWidth?: number; maxItems?: number } = {}): string {
  const width = options.maxWaveWidth ?? 12;
  const most = options.maxItems ?? 30;
  const more = (n: number, what: string) => `  ... and ${n} more ${what} (see --json)`;
  const out: string[] = [];
  const total = r.waves.reduce((n, w) => n + w.length, 0);
  out.push(`${total} source packages in ${r.waves.length} waves (${r.phaseOneWaves} for the build group's own sources), ${r.cycles.length} cycle${r.cycles.length === 1 ? '' : 's'}, ${r.unresolvable.length} unresolvable.`);
  out.push('');
  r.waves.slice(0, most).forEach((w, i) => {
    const shown = w.slice(0, width).join(' ') + (w.length > width ? ` ... (+${w.length - width})` : '');
    const phase = i < r.phaseOneWaves ? '  [build group]' : '';
    out.push(`wave ${String(i + 1).padStart(2)}: ${shown}${phase}`);
  });
  if (r.waves.length > most) out.push(more(r.waves.length - most, 'waves'));
  if (r.cycles.length) {
    out.push('', 'Cycles (break the listed edge: build the first package against the existing binary of the second):');
    const cycles = Math.min(most, 10); // each takes several lines
    for (const c of r.cycles.slice(0, cycles)) {
      const members = c.members.length > 8 ? `${c.members.slice(0, 8).join(', ')}, ... (${c.members.length} sources)` : c.members.join(', ');
      out.push(`  ${members}`);
      for (const b of c.breaks.slice(0, 5)) out.push(`    break ${b.from} -> ${b.needs}: ${viaText(b)}`);
      if (c.breaks.length > 5) out.push(`    ... and ${c.breaks.length - 5} more breaks (see --json)`);
    }
    if (r.cycles.length > cycles) out.push(more(r.cycles.length - cycles, 'cycles'));
  }
  if (r.upstream.length) {
    out.push('', `Build-group sources built first against upstream binaries of later ones: ${r.upstream.length}`);
    for (const b of r.upstream.slice(0, 4)) out.push(`  ${b.from} -> ${b.needs}: ${viaText(b)}`);
    if (r.upstream.length > 4) out.push(`  ... and ${r.upstream.length - 4} more (see --json)`);
  }
  if (r.selfNeeds.length) {
    out.push('', 'Bootstrap problems (a source needs its own binaries; build it once against the existing ones):');
    for (const s of r.selfNeeds.slice(0, most)) out.push(`  ${s.name}: ${s.via.map((v) => (v.buildRequires ? `BuildRequires ${v.buildRequires}` : v.binary)).join(', ')}`);
    if (r.selfNeeds.length > most) out.push(more(r.selfNeeds.length - most, 'bootstrap problems'));
  }
  if (r.unresolvable.length) {
    out.push('', 'Unresolvable (their buildroot cannot be installed):');
    for (const u of r.unresolvable.slice(0, most)) out.push(`  ${u.name}: ${u.problems.length ? u.problems.join('; ') : "only the build group's problems (above)"}`);
    if (r.unresolvable.length > most) out.push(more(r.unresolvable.length - most, 'unresolvable sources'));
  }
  return out.join('\n') + '\n';
}

/** The waves with each source's EVR, for the command renderers (build-commands.ts) and the JSON's `nvrs`. */
export function orderBuilds(r: BuildOrderResult, evrOf: ReadonlyMap<string, string>): BuildItem[][] {
  return r.waves.map((w) => w.map((name) => ({ name, evr: evrOf.get(name) ?? '' })));
}

/** Every need as tab-separated lines `from  needs  kind  binaries` (comma-separated), for other tools. */
export function orderEdgesTsv(edges: NonNullable<BuildOrderResult['edges']>, write: (s: string) => void): void {
  let buf = '';
  for (const e of edges) {
    buf += `${e.from}\t${e.needs}\t${e.kind}\t${e.via.map((v) => v.binary).join(',')}\n`;
    if (buf.length > 65536) {
      write(buf);
      buf = '';
    }
  }
  if (buf) write(buf);
}
