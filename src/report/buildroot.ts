/** Renderers of a self-hosting buildroot: text, JSON, name lists for koji/mock, a comps group. */
import type { Buildroot, BuildrootPackage, ReasonStep } from '../buildroot/index.js';
import type { Problem } from '../solv/index.js';

const depName = (dep: string) => dep.replace(/^\(/, '').split(/[\s)]/)[0];
const provided = (dep: string, provider: string) => (depName(dep) === provider ? '' : ` (${provider})`);

/**
 * A chain as one sentence, e.g. "gcc (build group) requires binutils >= 2.40, built from
 * binutils, whose BuildRequires include texinfo >= 6.8".
 */
export function chainText(chain: readonly ReasonStep[]): string {
  let out = '';
  let prev: ReasonStep['kind'] | undefined;
  for (const [i, s] of chain.entries()) {
    switch (s.kind) {
      case 'group':
        out += `${s.binary} (build group)`;
        break;
      case 'requires':
        out += `${prev === 'group' ? '' : ', which'} requires ${s.dep}${provided(s.dep, s.provider)}`;
        break;
      case 'buildrequires':
        out += `, whose BuildRequires include ${s.dep}${provided(s.dep, s.provider)}`;
        break;
      case 'buildroot':
        out += s.source ? `, whose buildroot holds ${s.provider}` : `the build group's install closure holds ${s.provider}`;
        break;
      case 'builtfrom':
        if (s.source !== s.binary || i === chain.length - 1) out += `, built from ${s.source}`;
        break;
    }
    prev = s.kind;
  }
  return out;
}

const fmt = (s: number) => `${s.toFixed(1)} s`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One block's problems: each text once, each with up to 4 rule texts not said already in the block. */
function problemLines(problems: readonly Problem[], indent: string): string[] {
  const out: string[] = [];
  const said = new Set<string>();
  for (const p of problems) {
    if (said.has(p.text)) continue;
    said.add(p.text);
    out.push(`${indent}${p.text}`);
    for (const r of p.rules.slice(0, 4)) if (r.text && !said.has(r.text)) out.push(`${indent}  - ${(said.add(r.text), r.text)}`);
  }
  return out;
}

/** Options of {@link buildrootText}. */
export interface BuildrootTextOptions {
  /** Failures of the proof shown with their explanation (default 5). */
  maxFailures?: number;
  /** Leave the per-package lists out (summary only). */
  summary?: boolean;
}

/** A report for people: sizes, times, the proof, then every source and binary with its level and chain. */
export function buildrootText(r: Buildroot, options: BuildrootTextOptions = {}): string {
  const out: string[] = [];
  const maxFailures = options.maxFailures ?? 5;
  if (r.groupProblems.length) {
    out.push(`The build group itself does not install (${plural(r.group.length, 'name')}):`, ...problemLines(r.groupProblems, '  '));
    return out.join('\n') + '\n';
  }
  out.push(`${r.selfHosting ? 'Self-hosting' : 'NOT self-hosting'}: ${plural(r.sources.length, 'source package')} and ${plural(r.binaries.length, 'binary package')} for a build group of ${plural(r.group.length, 'name')}.`);
  const m = r.minimize;
  out.push(
    m
      ? `Closure ${plural(r.closure.sources, 'source')} / ${plural(r.closure.binaries, 'binary', 'binaries')} in ${plural(r.closure.rounds.length, 'round')}; minimisation dropped ${plural(m.removed.length, 'source')} (${plural(m.trials, 'attempt')}, ${plural(m.solves, 'solve')}).`
      : `Closure ${plural(r.closure.sources, 'source')} / ${plural(r.closure.binaries, 'binary', 'binaries')} in ${plural(r.closure.rounds.length, 'round')}; not minimised.`,
  );
  const t = r.timings;
  out.push(`Time: start ${fmt(t.start)}, closure ${fmt(t.closure)}, minimise ${fmt(t.minimize)}, reasons ${fmt(t.reasons)}${r.verify ? `, proof ${fmt(t.verify)}` : ''}; total ${fmt(t.total)}.`);
  if (m?.removed.length) out.push(`Dropped: ${m.removed.slice(0, 20).join(' ')}${m.removed.length > 20 ? ` ... (+${m.removed.length - 20})` : ''}`);
  if (r.unresolvable.length) {
    out.push('', `Sources of the closure whose buildroot cannot be installed (${r.unresolvable.length}):`);
    for (const u of r.unresolvable.slice(0, maxFailures)) out.push(`  ${u.source}:`, ...problemLines(u.problems, '    '));
    if (r.unresolvable.length > maxFailures) out.push(`  ... and ${r.unresolvable.length - maxFailures} more (see --json)`);
  }
  if (r.missingSources.length) {
    out.push('', `Binaries of the closure whose source package is not in the source repositories (${r.missingSources.length}):`);
    out.push(`  ${r.missingSources.slice(0, 12).map((x) => `${x.binary} (${x.source})`).join(', ')}${r.missingSources.length > 12 ? ', ...' : ''}`);
  }
  if (r.verify) {
    const v = r.verify;
    out.push('');
    if (v.ok) out.push(`Proof: with only these ${plural(r.binaries.length, 'binary', 'binaries')} visible, the build group and all ${plural(v.checked - 1, 'buildroot')} install.`);
    else {
      out.push(`Proof FAILED: ${plural(v.failures.length, 'buildroot')} of ${v.checked - 1} do not install from the set${v.groupProblems.length ? ', nor does the build group' : ''}.`);
      if (v.groupProblems.length) out.push('  build group:', ...problemLines(v.groupProblems, '    '));
      for (const f of v.failures.slice(0, maxFailures)) out.push(`  ${f.source}:`, ...problemLines(f.problems, '    '));
      if (v.failures.length > maxFailures) out.push(`  ... and ${v.failures.length - maxFailures} more (see --json)`);
      if (v.unknownSources.length) out.push(`  not in the source repositories: ${v.unknownSources.join(' ')}`);
      if (v.orphanBinaries.length) out.push(`  binaries whose source is not in the set: ${v.orphanBinaries.slice(0, 12).join(', ')}`);
    }
  }
  if (!options.summary) {
    const byLevel = (a: BuildrootPackage, b: BuildrootPackage) => a.level - b.level || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const list = (title: string, pkgs: readonly BuildrootPackage[]) => {
      out.push('', `${title} (level: why)`);
      const w = Math.min(32, Math.max(...pkgs.map((p) => p.name.length), 4));
      for (const p of [...pkgs].sort(byLevel)) out.push(`  ${String(p.level).padStart(2)}  ${p.name.padEnd(w)}  ${chainText(p.chain) || '(not reached from the build group)'}`);
    };
    list(`Sources (${r.sources.length})`, r.sources);
    list(`Binaries (${r.binaries.length})`, r.binaries);
  }
  return out.join('\n') + '\n';
}

const pkgJson = (p: BuildrootPackage) => ({ name: p.name, evr: p.evr, arch: p.arch, level: p.level, reason: chainText(p.chain), chain: p.chain });
/** Problems as JSON, each rule (kind and text) once per problem. */
const problemsJson = (ps: readonly Problem[]) =>
  ps.map((p) => ({ text: p.text, rules: [...new Map(p.rules.map((r) => [`${r.kind}\0${r.text}`, { kind: r.kind, text: r.text }])).values()] }));

/** The buildroot as plain JSON data (`sources`, `binaries`: `{name, evr, arch, level, reason, chain}`). */
export function buildrootJson(r: Buildroot): unknown {
  return {
    selfHosting: r.selfHosting,
    group: r.group,
    sizes: {
      closure: { sources: r.closure.sources, binaries: r.closure.binaries },
      minimal: { sources: r.sources.length, binaries: r.binaries.length },
    },
    sources: r.sources.map(pkgJson),
    binaries: r.binaries.map(pkgJson),
    removed: r.minimize?.removed ?? [],
    minimize: r.minimize ? { trials: r.minimize.trials, quickRejects: r.minimize.quickRejects, solves: r.minimize.solves } : undefined,
    rounds: r.closure.rounds.map(({ seconds: _s, ...x }) => x),
    groupProblems: problemsJson(r.groupProblems),
    unresolvable: r.unresolvable.map((u) => ({ name: u.source, problems: problemsJson(u.problems) })),
    missingSources: r.missingSources,
    verify: r.verify && {
      ok: r.verify.ok,
      checked: r.verify.checked,
      groupProblems: problemsJson(r.verify.groupProblems),
      failures: r.verify.failures.map((f) => ({ name: f.source, problems: problemsJson(f.problems) })),
      unknownSources: r.verify.unknownSources,
      orphanBinaries: r.verify.orphanBinaries,
    },
    timings: r.timings,
  };
}

/** One name a line (sorted, unique): the sources to build or the binaries to install. */
export function buildrootList(r: Buildroot, which: 'sources' | 'binaries'): string {
  const names = [...new Set((which === 'sources' ? r.sources : r.binaries).map((p) => p.name))].sort();
  return names.map((n) => `${n}\n`).join('');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A comps `<group>` whose mandatory packages are the buildroot's binaries. */
export function buildrootComps(r: Buildroot, id = 'build', name = 'Self-hosting buildroot'): string {
  const names = [...new Set(r.binaries.map((p) => p.name))].sort();
  return [
    '<group>',
    `  <id>${xml(id)}</id>`,
    `  <name>${xml(name)}</name>`,
    `  <description>${xml(`The ${names.length} binary packages needed to rebuild the ${r.sources.length} source packages they come from, computed by goose-deps buildroot.`)}</description>`,
    '  <default>false</default>',
    '  <uservisible>false</uservisible>',
    '  <packagelist>',
    ...names.map((n) => `    <packagereq type="mandatory">${xml(n)}</packagereq>`),
    '  </packagelist>',
    '</group>',
    '',
  ].join('\n');
}
