/** The readiness report as Markdown (for an issue, a wiki page or a pull request). */
import type { ReadinessJson } from './readiness-json.js';
import { GROUP_ONLY, groupProblemsTitle } from './readiness-text.js';

const esc = (s: string) => s.replace(/([|\\`*_<[\]])/g, '\\$1');

/** Options of {@link readinessMarkdown}. */
export interface MarkdownOptions {
  /** Root causes listed (default 25). */
  top?: number;
  /** Blocked packages listed in the table (default 200). */
  blocked?: number;
}

/** Summary, root causes, next wave, unresolvable (with reasons), cycles, blocked packages. */
export function readinessMarkdown(r: ReadinessJson, options: MarkdownOptions = {}): string {
  const s = r.summary;
  const out: string[] = ['# Rebuild readiness', ''];
  out.push('| status | packages | share |', '|---|---:|---:|');
  const pct = (n: number) => (s.total ? `${Math.round((1000 * n) / s.total) / 10}%` : '–');
  for (const k of ['built', 'ready', 'blocked', 'unresolvable'] as const) out.push(`| ${k} | ${s[k]} | ${pct(s[k])} |`);
  out.push(`| **total** | **${s.total}** | |`, '');
  if (r.group.problems.length) {
    out.push('## The build group', '', `**${esc(groupProblemsTitle(r))}**`, '', ...r.group.problems.map((line) => `- ${esc(line)}`), '');
  } else if (!r.group.ready) {
    out.push(`**The build group does not install from the built repos**${r.group.blockedBy.length ? `: it waits for ${r.group.blockedBy.map(esc).join(', ')}` : ''}.`, '');
  }
  const top = options.top ?? 25;
  out.push('## Root causes', '');
  if (!r.rootCauses.length) out.push('Nothing is blocked.', '');
  else {
    out.push('| blocker | status | blocks directly | blocks in all |', '|---|---|---:|---:|');
    for (const c of r.rootCauses.slice(0, top)) out.push(`| ${esc(c.members.join(', '))} | ${c.status} | ${c.blocks} | ${c.blocksTransitively} |`);
    if (r.rootCauses.length > top) out.push('', `… and ${r.rootCauses.length - top} more.`);
    out.push('');
  }
  out.push(`## Submit next (${r.submitNext.length} ready)`, '');
  if (!r.submitNext.length) out.push('Nothing is ready.', '');
  else {
    out.push('| source | unblocks now | blocks in all | on a cycle |', '|---|---:|---:|---|');
    for (const x of r.submitNext.slice(0, top)) out.push(`| ${esc(x.name)} | ${x.unblocksNow} | ${x.blocksInAll} | ${x.onCycle ? 'yes' : ''} |`);
    if (r.submitNext.length > top) out.push('', `… and ${r.submitNext.length - top} more.`);
    out.push('');
  }
  const waiting = r.ranking.filter((x) => x.status !== 'ready' && x.unblocksNow > 0);
  if (waiting.length) {
    out.push('## Not ready, but unblocking the most now', '', '| source | status | unblocks now | blocks in all | on a cycle |', '|---|---|---:|---:|---|');
    for (const x of waiting.slice(0, top)) out.push(`| ${esc(x.name)} | ${x.status} | ${x.unblocksNow} | ${x.blocksInAll} | ${x.onCycle ? 'yes' : ''} |`);
    out.push('');
  }
  if (r.whatIf) {
    const w = r.whatIf;
    out.push(`## What if ${esc(w.assumed.join(', '))} were built`, '', w.becomesReady.length ? `${w.becomesReady.length} would become ready: ${w.becomesReady.map((n) => `\`${n}\``).join(' ')}` : 'Nothing would become ready.', '');
  }
  const unres = r.packages.filter((p) => p.status === 'unresolvable');
  if (unres.length) {
    out.push(`## Unresolvable (${unres.length})`, '');
    for (const u of unres) {
      if (!u.problems.length) out.push(`- ${esc(u.name)}: ${esc(GROUP_ONLY)}`);
      for (const line of u.problems) out.push(`- ${esc(line)}`);
    }
    out.push('');
  }
  if (r.cycles.length) {
    out.push(`## Cycles (${r.cycles.length})`, '');
    for (const c of r.cycles) out.push(`- ${esc(c.join(', '))}`);
    out.push('');
  }
  const blocked = r.packages.filter((p) => p.status === 'blocked');
  const max = options.blocked ?? 200;
  if (blocked.length) {
    out.push(`## Blocked (${blocked.length})`, '', '| package | blocked by | why |', '|---|---|---|');
    for (const b of blocked.slice(0, max)) out.push(`| ${esc(b.name)} | ${esc(b.blockedBy.join(', '))} | ${esc(b.problems[0] ?? '')} |`);
    if (blocked.length > max) out.push('', `… and ${blocked.length - max} more (see the JSON report).`);
    out.push('');
  }
  return out.join('\n');
}
