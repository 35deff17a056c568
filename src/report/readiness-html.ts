/**
 * The readiness page: progress, what to submit next, root causes, the blocker graph and every
 * package in a table that searches, sorts, pages and exports, with a details panel per package
 * (`#pkg=NAME`). One self-contained file ({@link readinessHtml}) or a folder ({@link readinessPage}).
 */
import type { ReadinessJson } from './readiness-json.js';
import { pageDataScript, pageFirstScript, pageProblemsScript } from './page-data.js';
import { pageAppScript, PAGE_ROWS } from './page-app.js';
import { groupProblemsTitle } from './readiness-text.js';

const COLOURS = { built: '#2e7d32', ready: '#0277bd', blocked: '#f9a825', unresolvable: '#c62828', cycle: '#6a1b9a', external: '#757575' } as const;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}


/** The progress bar: one rectangle per status, widths proportional to the counts. */
function progressSvg(r: ReadinessJson): string {
  const s = r.summary;
  const W = 800;
  let x = 0;
  const rects: string[] = [];
  for (const k of ['built', 'ready', 'blocked', 'unresolvable'] as const) {
    const w = s.total ? (s[k] / s.total) * W : 0;
    if (w > 0) rects.push(`<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="28" fill="${COLOURS[k]}"><title>${k}: ${s[k]}</title></rect>`);
    x += w;
  }
  return `<svg class="progress" viewBox="0 0 ${W} 28" preserveAspectRatio="none" role="img" aria-label="progress">${rects.join('')}</svg>`;
}

/**
 * The blocker graph: the top root causes on the left, the blocked packages they hold up most
 * directly on the right (those that block the most others first), an edge for each blocked-by.
 */
export function blockerGraphSvg(r: ReadinessJson, options: { roots?: number; blocked?: number } = {}): string {
  const roots = r.rootCauses.slice(0, options.roots ?? 10);
  if (!roots.length) return '<p class="muted">No blockers: nothing is blocked.</p>';
  const rootOf = new Map<string, number>();
  roots.forEach((c, i) => c.members.forEach((m) => rootOf.set(m, i)));
  const dependents = new Map<string, number>();
  for (const p of r.packages) for (const b of p.blockedBy) dependents.set(b, (dependents.get(b) ?? 0) + 1);
  const right = r.packages
    .filter((p) => p.status === 'blocked' && !rootOf.has(p.name) && p.blockedBy.some((b) => rootOf.has(b)))
    .sort((a, b) => (dependents.get(b.name) ?? 0) - (dependents.get(a.name) ?? 0) || (a.name < b.name ? -1 : 1))
    .slice(0, options.blocked ?? 16);
  const rowH = 40;
  const H = Math.max(roots.length, right.length) * rowH + 40;
  const label = (c: (typeof roots)[number]) => {
    const full = c.status === 'cycle' ? `cycle: ${c.members.join(', ')}` : c.members[0];
    return full.length > 46 ? `${full.slice(0, 45)}…` : full;
  };
  // Room for the longest label on each side (about 7 px a character at 12 px), so none is cut off.
  const CH = 7;
  const lx = Math.max(340, 30 + CH * Math.max(...roots.map((c) => label(c).length)));
  const rx = lx + 300;
  const W = rx + 40 + CH * Math.max(0, ...right.map((p) => p.name.length + (dependents.get(p.name) ? 18 : 0)));
  const maxT = Math.max(1, ...roots.map((c) => c.blocksTransitively));
  const ly = (i: number) => 30 + i * ((H - 40) / roots.length) + rowH / 2 - 10;
  const ry = (i: number) => 30 + i * ((H - 40) / Math.max(1, right.length)) + rowH / 2 - 10;
  const parts: string[] = [];
  parts.push(`<text x="${lx}" y="16" class="head" text-anchor="middle">root causes</text>`, `<text x="${rx}" y="16" class="head" text-anchor="middle">blocked packages they hold up</text>`);
  right.forEach((p, j) => {
    for (const b of p.blockedBy) {
      const i = rootOf.get(b);
      if (i === undefined) continue;
      parts.push(`<path class="edge" d="M${rx - 8},${ry(j).toFixed(1)} C${(lx + rx) / 2},${ry(j).toFixed(1)} ${(lx + rx) / 2},${ly(i).toFixed(1)} ${lx + 14},${ly(i).toFixed(1)}" marker-end="url(#arrow)"/>`);
    }
  });
  roots.forEach((c, i) => {
    const rad = 6 + 12 * Math.sqrt(c.blocksTransitively / maxT);
    parts.push(
      `<g class="node root"><circle cx="${lx}" cy="${ly(i).toFixed(1)}" r="${rad.toFixed(1)}" fill="${COLOURS[c.status]}"><title>${escapeHtml(c.members.join(', '))}: blocks ${c.blocks} directly, ${c.blocksTransitively} in all (${c.status})</title></circle>` +
        `<text x="${lx - rad - 6}" y="${(ly(i) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(label(c))}</text>` +
        `<text x="${lx - rad - 6}" y="${(ly(i) + 16).toFixed(1)}" text-anchor="end" class="count">blocks ${c.blocksTransitively}</text></g>`,
    );
  });
  right.forEach((p, j) => {
    parts.push(
      `<g class="node"><rect x="${rx - 8}" y="${(ry(j) - 9).toFixed(1)}" width="12" height="18" rx="3" fill="${p.inCycle ? COLOURS.cycle : COLOURS.blocked}"><title>${escapeHtml(p.name)}: blocked by ${escapeHtml(p.blockedBy.join(', '))}</title></rect>` +
        `<text x="${rx + 10}" y="${(ry(j) + 4).toFixed(1)}">${escapeHtml(p.name)}${dependents.get(p.name) ? ` <tspan class="count">(${dependents.get(p.name)} wait for it)</tspan>` : ''}</text></g>`,
    );
  });
  return (
    `<svg class="graph" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="blocker graph">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#90a4ae"/></marker></defs>` +
    parts.join('') +
    '</svg>'
  );
}

const CSS = `
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c2430;background:#f5f7fa}
header{background:#1c2430;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#b0bec5}
main{max-width:1180px;margin:0 auto;padding:18px 28px}section{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:16px 20px;margin:0 0 18px}
h2{font-size:16px;margin:0 0 12px}.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:14px}
.card{flex:1;min-width:130px;border-radius:8px;padding:10px 14px;color:#fff}.card .n{font-size:28px;font-weight:700}.card .l{opacity:.9}
.card.total{background:#37474f}.card.built{background:${COLOURS.built}}.card.ready{background:${COLOURS.ready}}.card.blocked{background:${COLOURS.blocked};color:#1c2430}.card.unresolvable{background:${COLOURS.unresolvable}}
.progress{width:100%;height:28px;border-radius:6px;display:block;background:#eceff1}.muted{color:#607d8b}
.two{display:grid;grid-template-columns:1fr 1fr;gap:18px}@media(max-width:900px){.two{grid-template-columns:1fr}}
ol.blockers{margin:0;padding-left:22px}ol.blockers li{margin:3px 0}.bar{display:inline-block;height:9px;background:${COLOURS.blocked};border-radius:3px;vertical-align:middle;margin-left:6px}
.graph text{font-size:12px;fill:#263238}.graph .head{font-weight:600;fill:#607d8b}.graph .count{fill:#78909c;font-size:11px}.graph .edge{fill:none;stroke:#b0bec5;stroke-width:1.2}
.controls{display:flex;gap:10px;margin-bottom:10px}input[type=search]{flex:1;padding:7px 10px;font-size:14px;border:1px solid #b0bec5;border-radius:6px}select{padding:6px;border-radius:6px;border:1px solid #b0bec5}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eceff1;vertical-align:top}th{background:#fafbfc;position:sticky;top:0}
.st{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px}.st.built{background:${COLOURS.built}}.st.ready{background:${COLOURS.ready}}.st.blocked{background:${COLOURS.blocked};color:#1c2430}.st.unresolvable{background:${COLOURS.unresolvable}}
td.why{font-size:12.5px;color:#37474f}
td.num,th.num{text-align:right}.pager button,.controls button{padding:5px 10px;border:1px solid #b0bec5;border-radius:6px;background:#fff;cursor:pointer}th[data-sort]{cursor:pointer;text-decoration:underline dotted}
a{color:#01579b;text-decoration:none}a:hover{text-decoration:underline}table.rank td,table.rank th{padding:3px 6px}
#details{position:fixed;top:0;right:0;width:min(460px,100%);height:100%;overflow:auto;background:#fff;box-shadow:-2px 0 10px #0003;padding:16px 20px;z-index:5}
#details h3{margin:0 28px 8px 0;word-break:break-all}#details h4{margin:14px 0 6px}#details .close{position:absolute;top:10px;right:12px;font-size:20px;border:0;background:none;cursor:pointer}
#details ul.links{margin:0;padding-left:18px;columns:2}#details [data-why] p{margin:4px 0;font-size:13px}#details pre{white-space:pre-wrap;font-size:12px;background:#f5f7f8;padding:6px 8px;border-radius:4px;margin:4px 0}#details form{margin:10px 0}#details input{padding:3px 6px}#details button[data-action=whatif]{padding:6px 12px;border-radius:6px;border:1px solid #0277bd;background:#e1f5fe;cursor:pointer}
.cyc{color:${COLOURS.cycle};font-size:12px;margin-left:4px}code{background:#eceff1;padding:0 4px;border-radius:3px}
`;

/** A linked source name: opens its details panel. */
function pkgLink(name: string): string {
  return `<a href="#pkg=${escapeHtml(encodeURIComponent(name))}">${escapeHtml(name)}</a>`;
}

/** The ranked lists: submit next (the ready sources, best first) and the sources that unblock the most now. */
function rankingSections(r: ReadinessJson): string {
  const row = (x: ReadinessJson['ranking'][number]) =>
    `<tr data-rank="${escapeHtml(x.name)}"><td>${pkgLink(x.name)}${x.onCycle ? '<span class="cyc">cycle</span>' : ''}</td><td><span class="st ${x.status}">${x.status}</span></td><td class="num">${x.unblocksNow}</td><td class="num">${x.blocksInAll}</td></tr>`;
  const table = (xs: ReadinessJson['ranking']) =>
    `<table class="rank"><thead><tr><th>source</th><th>status</th><th class="num">unblocks now</th><th class="num">blocks in all</th></tr></thead><tbody>${xs.map(row).join('')}</tbody></table>`;
  const next = r.submitNext.slice(0, 30);
  const waiting = r.ranking.filter((x) => x.status !== 'ready' && x.unblocksNow > 0).slice(0, 15);
  return (
    `<section id="submit-next"><h2>Submit next: ${r.submitNext.length} ready, most unblocked now first</h2>${next.length ? table(next) : '<p class="muted">Nothing is ready.</p>'}` +
    `${r.submitNext.length > next.length ? `<p class="muted">… and ${r.submitNext.length - next.length} more (filter the table by status ready).</p>` : ''}</section>` +
    `<section id="unblock-most"><h2>Not ready, but unblocking the most now</h2>${waiting.length ? table(waiting) : '<p class="muted">No single blocker readies anything on its own.</p>'}</section>`
  );
}

/** The page's HTML; `scripts` is the data and app script inline, or `undefined` to load first.js and app.js beside it (app.js loads the rest). */
function pageHtml(r: ReadinessJson, title: string, scripts?: { data: string; app: string }): string {
  const s = r.summary;
  const card = (k: 'total' | 'built' | 'ready' | 'blocked' | 'unresolvable', label: string, extra = '') =>
    `<div class="card ${k}"><div class="n" data-count="${k}">${s[k]}</div><div class="l">${label}${extra}</div></div>`;
  const blockers = r.rootCauses.slice(0, 15);
  const maxT = Math.max(1, ...blockers.map((b) => b.blocksTransitively));
  const blockerList = blockers.length
    ? `<ol class="blockers">${blockers
        .map((b) => `<li data-root="${escapeHtml(b.members.join(','))}">${b.status === 'cycle' ? `<b>cycle</b> of ${b.members.length}: ${b.members.slice(0, 8).map(pkgLink).join(', ')}${b.members.length > 8 ? ', …' : ''}` : `<b>${pkgLink(b.members[0])}</b>`} <span class="muted">(${b.status})</span> blocks <b>${b.blocksTransitively}</b> (${b.blocks} directly)<span class="bar" style="width:${Math.round((120 * b.blocksTransitively) / maxT)}px"></span></li>`)
        .join('')}</ol>`
    : '<p class="muted">Nothing is blocked.</p>';
  const group = r.group.problems.length
    ? `<div id="group-problems"><p><b>${escapeHtml(groupProblemsTitle(r))}</b></p><ul>${r.group.problems.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></div>`
    : r.group.ready ? '' : `<p><b>The build group does not install from the built repos</b>${r.group.blockedBy.length ? `: it waits for ${r.group.blockedBy.map(pkgLink).join(', ')}` : ''}.</p>`;
  const csp = scripts ? `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">\n` : '';
  const tail = scripts
    ? `<script>${scripts.data.replace(/<\/script/gi, '<\\/script')}</script>\n<script>${scripts.app}</script>`
    : '<script src="first.js"></script>\n<script src="app.js"></script>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${csp}<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${s.total} source packages · <span id="pct-built">${s.percentBuilt}</span>% built · <span id="pct-ready">${s.percentReady}</span>% ready to submit</p></header>
<main>
<section id="progress"><h2>Progress</h2><div class="cards">${card('total', 'source packages')}${card('built', 'built', ` · ${s.percentBuilt}%`)}${card('ready', 'ready to submit', ` · ${s.percentReady}%`)}${card('blocked', 'blocked', s.inCycle ? ` · ${s.inCycle} on cycles` : '')}${card('unresolvable', 'unresolvable')}</div>${progressSvg(r)}${group}</section>
<div class="two">${rankingSections(r)}</div>
<section id="blockers"><h2>Root causes: blockers not blocked themselves, most blocking in all</h2>${blockerList}</section>
<section id="graph"><h2>Blocker graph</h2>${blockerGraphSvg(r)}</section>
<section id="table"><h2>Packages</h2><div class="controls"><input id="search" type="search" placeholder="Search a source name…" autocomplete="off"><select id="mode" title="how the search matches"><option value="substring">name contains</option><option value="exact">name is exactly</option></select><select id="status"><option value="">every status</option><option>built</option><option>ready</option><option>blocked</option><option>unresolvable</option></select><button id="csv" data-action="csv" title="the rows matching the search, in the current order">CSV of this view</button></div>
<p id="solv" class="muted"></p>
<p class="pager"><button id="prev">‹ previous</button> <span id="page"></span> <button id="next">next ›</button> <span id="shown" class="muted"></span></p>
<table id="packages"><thead><tr><th data-sort="name">package</th><th>version</th><th data-sort="status">status</th><th data-sort="unblocks" class="num">unblocks now</th><th data-sort="blocks" class="num">blocks in all</th><th data-sort="blockers">blocked by</th></tr></thead><tbody id="rows"></tbody></table></section>
</main>
<aside id="details" hidden></aside>
${tail}
</body></html>
`;
}

/** The page as one self-contained HTML file (data and script inline): for small distributions. */
export function readinessHtml(r: ReadinessJson, options: { title?: string } = {}): string {
  return pageHtml(r, options.title ?? 'Rebuild readiness', { data: pageDataScript(r) + pageProblemsScript(r), app: pageAppScript() });
}

/**
 * The page as a folder: index.html, first.js (the first page of rows: shown before the rest is
 * parsed), data.js (the packed report), problems.js (its why sentences, most of its bytes), app.js, and with `solv` (from pageSolvFiles) libsolv.js,
 * solv.js and page-solv.js, which answer `why` in the page. Classic scripts that work opened from
 * file:// and on any static web server. File names to contents.
 */
export function readinessPage(r: ReadinessJson, options: { title?: string; solv?: ReadonlyMap<string, string> } = {}): Map<string, string> {
  return new Map([
    ['index.html', pageHtml(r, options.title ?? 'Rebuild readiness')],
    ['first.js', pageFirstScript(r, PAGE_ROWS, options.solv !== undefined)],
    ['data.js', pageDataScript(r)],
    ['problems.js', pageProblemsScript(r)],
    ['app.js', pageAppScript()],
    ...(options.solv ?? []),
  ]);
}
