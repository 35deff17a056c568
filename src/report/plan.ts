/**
 * Renderers of a build plan: text for people (one block per wave), koji chain-build groups, and a
 * shell script of the builds in order. JSON is the Plan itself (see src/cli/plan.ts).
 */
import type { Plan, PlanStep } from '../plan/index.js';

/** Steps grouped by wave, in wave order. */
function byWave(plan: Plan): PlanStep[][] {
  const waves: PlanStep[][] = [];
  for (const s of plan.steps) (waves[s.wave - 1] ??= []).push(s);
  return waves.filter(Boolean);
}

/**
 * The plan for people: a summary, then one block per wave, its plain builds on one line and
 * each bootstrap build and rebuild on its own line with its reason; unresolvable sources and
 * foreign binaries at the end. Long lists are cut; --json has everything.
 */
export function planText(plan: Plan, options: { maxPlain?: number; maxMarked?: number; maxWaves?: number } = {}): string {
  const plainWidth = options.maxPlain ?? 12;
  const markedMost = options.maxMarked ?? 12;
  const wavesMost = options.maxWaves ?? 40;
  const s = plan.summary;
  const out: string[] = [];
  out.push(
    `${s.sources} sources in ${s.builds} builds (${s.rebuilds} rebuild${s.rebuilds === 1 ? '' : 's'}, ${s.bootstrapBuilds} bootstrap build${s.bootstrapBuilds === 1 ? '' : 's'}, ${s.bootstrapVariants} bootstrap variant${s.bootstrapVariants === 1 ? '' : 's'}) in ${s.waves} waves; ${s.built} already built, ${s.unresolvable} unresolvable, ${s.foreign} foreign binar${s.foreign === 1 ? 'y' : 'ies'}.`,
  );
  const needed = s.rebuildsNeeded.unneeded.length ? `${s.rebuildsNeeded.unneeded.length} not needed: ${s.rebuildsNeeded.unneeded.join(', ')}` : 'every one needed';
  out.push(`Clean (--clean ${s.clean}): ${s.isClean ? 'yes' : `no: ${s.unclean.join(', ')}`}; rebuilds checked: ${s.rebuildsNeeded.checked}, ${needed}.`);
  if (s.cycles.exact + s.cycles.heuristic) out.push(`Rebuilds chosen exactly (the fewest) for ${s.cycles.exact} sources in small cycles, by the heuristic for ${s.cycles.heuristic} in large ones.`);
  const waves = byWave(plan);
  for (const w of waves.slice(0, wavesMost)) {
    const plain = w.filter((x) => !x.bootstrap && x.pass === 1);
    const marked = w.filter((x) => x.bootstrap || x.pass > 1);
    out.push('', `wave ${w[0].wave}: ${w.length} build${w.length === 1 ? '' : 's'}`);
    if (plain.length) out.push(`  ${plain.slice(0, plainWidth).map((x) => x.source).join(' ')}${plain.length > plainWidth ? ` ... (+${plain.length - plainWidth})` : ''}`);
    for (const x of marked.slice(0, markedMost)) out.push(`  ${x.source}: ${x.reason}`);
    if (marked.length > markedMost) out.push(`  ... and ${marked.length - markedMost} more bootstrap builds and rebuilds (see --json)`);
  }
  if (waves.length > wavesMost) out.push('', `... and ${waves.length - wavesMost} more waves (see --json)`);
  if (plan.unresolvable.length) {
    out.push('', 'Unresolvable (their buildroot cannot be installed; not built):');
    for (const u of plan.unresolvable.slice(0, 30)) out.push(`  ${u.name}: ${u.problems.join('; ')}`);
    if (plan.unresolvable.length > 30) out.push(`  ... and ${plan.unresolvable.length - 30} more (see --json)`);
  }
  if (plan.foreign.length) {
    const shown = plan.foreign.slice(0, 20).map((f) => (f.source ? `${f.binary} (of ${f.source})` : f.binary));
    out.push('', `Foreign binaries (used by builds, not built by the plan): ${shown.join(', ')}${plan.foreign.length > 20 ? `, ... and ${plan.foreign.length - 20} more` : ''}`);
  }
  return out.join('\n') + '\n';
}

/** The plan as `koji chain-build` groups, one group per wave: `a b : c : d` (variants need their own SRPM; see docs/plan.md). */
export function planKoji(plan: Plan): string {
  return byWave(plan).map((w) => w.map((s) => s.source).join(' ')).join(' : ') + '\n';
}

const quote = (s: string) => (/^[A-Za-z0-9._+:@%/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The plan as a shell script: one `build` call per step, waves separated by `wait_wave`, each
 * bootstrap build and rebuild commented with its reason. The two functions come from the file
 * `$PLAN_HOOKS` names (mock, koji, rpmbuild); the defaults only print, so running the script as
 * it is changes nothing.
 */
export function planScript(plan: Plan): string {
  const s = plan.summary;
  const out = [
    '#!/bin/sh',
    `# goose-deps plan: ${s.sources} sources, ${s.builds} builds (${s.rebuilds} rebuilds, ${s.bootstrapVariants} bootstrap variants) in ${s.waves} waves, --clean ${s.clean}.`,
    '# PLAN_HOOKS names a shell file that defines build (SOURCE NVR PASS [bootstrap]) and wait_wave',
    '# (WAVE) for your build system (mock, koji, rpmbuild); the builds of a wave may run in parallel.',
    '# Without it, the steps are only printed.',
    'set -e',
    'if [ -n "${PLAN_HOOKS:-}" ]; then . "$PLAN_HOOKS"; fi',
    "command -v build >/dev/null 2>&1 || build() { echo \"build $1 ($2) pass $3${4:+ with bootstrap}\"; }",
    "command -v wait_wave >/dev/null 2>&1 || wait_wave() { echo \"-- wave $1 done\"; }",
  ];
  for (const w of byWave(plan)) {
    out.push('', `# wave ${w[0].wave}`);
    for (const x of w) {
      if (x.bootstrap || x.pass > 1) out.push(`# ${x.source}: ${x.reason}`);
      out.push(`build ${quote(x.source)} ${quote(x.nvr)} ${x.pass}${x.variant ? ' bootstrap' : ''}`);
    }
    out.push(`wait_wave ${w[0].wave}`);
  }
  return out.join('\n') + '\n';
}
