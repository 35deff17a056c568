/** The readiness report for a terminal: one screen, colour when asked. */
import type { ReadinessJson } from './readiness-json.js';
import type { SourceRank, WhatIf } from '../readiness/index.js';

/** One ranked source on one line: name, unblocks now, blocks in all, cycle. */
export function rankLine(x: SourceRank): string {
  return `${x.name.padEnd(32)} unblocks ${String(x.unblocksNow).padStart(5)} now, blocks ${String(x.blocksInAll).padStart(5)} in all${x.onCycle ? ', on a cycle' : ''}`;
}

/** The lines of a what-if answer: which sources become ready. */
export function whatIfLines(w: WhatIf): string[] {
  const out = [`If ${w.assumed.join(', ') || 'nothing'} were built: ${w.becomesReady.length} source${w.becomesReady.length === 1 ? '' : 's'} would become ready${w.becomesReady.length ? ':' : '.'}`];
  for (const n of w.becomesReady) out.push(`  ${n}`);
  if (w.lessBlocked.length) out.push(`${w.lessBlocked.length} more would wait for fewer sources.`);
  return out;
}

/** What an unresolvable source with no problem of its own says (the build group's are listed once, above). */
export const GROUP_ONLY = "only the build group's problems (above)";

/** The heading of the build group's own problems, listed once before any source's. */
export function groupProblemsTitle(r: ReadinessJson): string {
  const n = r.group.problems.length;
  return `The build group itself does not install, even with upstream binaries (${n} problem${n === 1 ? '' : 's'}; no source can be built until they are fixed):`;
}

/** ANSI colours, or none. */
function palette(colour: boolean) {
  const c = (code: string) => (s: string) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { built: c('32'), ready: c('36'), blocked: c('33'), unresolvable: c('31'), bold: c('1'), dim: c('2') };
}

/** A bar of `width` cells split by the four counts. */
function bar(r: ReadinessJson, width: number, p: ReturnType<typeof palette>, colour: boolean): string {
  const s = r.summary;
  if (!s.total) return '';
  const cells = (n: number) => Math.round((n / s.total) * width);
  const parts: [number, (x: string) => string, string][] = [
    [cells(s.built), p.built, '#'],
    [cells(s.ready), p.ready, '+'],
    [cells(s.blocked), p.blocked, '.'],
    [cells(s.unresolvable), p.unresolvable, 'x'],
  ];
  return '[' + parts.map(([n, f, ch]) => f((colour ? '█' : ch).repeat(n))).join('') + ']';
}

/** Options of {@link readinessText}. */
export interface TextOptions {
  /** ANSI colours (a TTY). */
  colour?: boolean;
  /** Root causes listed (default 10). */
  top?: number;
  /** Names shown of the next wave (default 30). */
  wave?: number;
}

/** The summary for a person: progress, root causes, the next wave, unresolvable packages, cycles. */
export function readinessText(r: ReadinessJson, options: TextOptions = {}): string {
  const colour = options.colour ?? false;
  const p = palette(colour);
  const s = r.summary;
  const out: string[] = [];
  out.push(p.bold(`${s.total} source packages: ${s.built} built (${s.percentBuilt}%), ${s.ready} ready (${s.percentReady}%), ${s.blocked} blocked, ${s.unresolvable} unresolvable.`));
  out.push(`${bar(r, 50, p, colour)}  ${p.built('built')} ${p.ready('ready')} ${p.blocked('blocked')} ${p.unresolvable('unresolvable')}`);
  if (r.group.problems.length) {
    out.push('', p.unresolvable(groupProblemsTitle(r)));
    for (const line of r.group.problems) out.push(`  ${line}`);
  } else if (!r.group.ready) out.push('', p.blocked(`The build group does not install from the built repos${r.group.blockedBy.length ? `: it waits for ${r.group.blockedBy.join(', ')}` : ''}.`));
  const top = options.top ?? 10;
  if (r.rootCauses.length) {
    out.push('', p.bold('Root causes (blockers not blocked themselves), most blocking first:'));
    for (const c of r.rootCauses.slice(0, top)) {
      const what = c.status === 'cycle' ? `cycle ${c.members.join(', ')}` : c.members[0];
      out.push(`  ${what.padEnd(32)} blocks ${String(c.blocks).padStart(5)} directly, ${String(c.blocksTransitively).padStart(5)} in all  (${c.status})`);
    }
    if (r.rootCauses.length > top) out.push(p.dim(`  ... and ${r.rootCauses.length - top} more (see --json)`));
  }
  const wave = options.wave ?? 30;
  out.push('', p.bold(`Submit next: ${r.submitNext.length} ready, most unblocked now first`) + (r.submitNext.length ? ':' : '.'));
  for (const x of r.submitNext.slice(0, wave)) out.push(`  ${rankLine(x)}`);
  if (r.submitNext.length > wave) out.push(p.dim(`  ... and ${r.submitNext.length - wave} more (see --json)`));
  const blockers = r.ranking.filter((x) => x.status !== 'ready' && x.unblocksNow > 0);
  if (blockers.length) {
    out.push('', p.bold('Not ready, but building them unblocks the most now:'));
    for (const x of blockers.slice(0, top)) out.push(`  ${rankLine(x)}  (${x.status})`);
  }
  if (r.whatIf) out.push('', ...whatIfLines(r.whatIf));
  const unres = r.packages.filter((x) => x.status === 'unresolvable');
  if (unres.length) {
    out.push('', p.unresolvable(`Unresolvable even with upstream binaries: ${unres.length}`));
    for (const u of unres.slice(0, 10)) {
      if (!u.problems.length) out.push(`  ${u.name}: ${GROUP_ONLY}`);
      for (const line of u.problems) out.push(`  ${line}`);
    }
    if (unres.length > 10) out.push(p.dim(`  ... and ${unres.length - 10} more (see --json)`));
  }
  if (r.cycles.length) {
    out.push('', `Cycles among blocked packages (bootstrap one member with upstream binaries): ${r.cycles.length}`);
    for (const c of r.cycles.slice(0, 5)) out.push(`  ${c.length > 8 ? `${c.slice(0, 8).join(', ')}, ... (${c.length})` : c.join(', ')}`);
    if (r.cycles.length > 5) out.push(p.dim(`  ... and ${r.cycles.length - 5} more`));
  }
  return out.join('\n') + '\n';
}
