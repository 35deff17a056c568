/**
 * The readiness page's script (a classic script, so the page works from file:// as well as from a
 * web server): the package table (search, status filter, sort, pages, CSV of the current view),
 * `#pkg=NAME` deep links opening a details panel, and the what-if answer, computed in the page by
 * the same {@link whatIfBuilt} as `readiness --assume-built` (its source text is embedded).
 *
 * Hooks for tests and tools: rows `data-package` `data-status`; the panel `data-details`; its
 * blocker links `data-blocker`; `data-why`; the `data-action="whatif"` button; `data-whatif` with one
 * `data-becomes-ready` per source.
 */
import { whatIfBuilt } from '../readiness/whatif.js';

/** Rows per page of the package table. */
export const PAGE_ROWS = 100;

const APP = String.raw`
var D = window.GOOSE_READINESS, N = D.n, T = D.targets, ST = D.statuses, PAGE = __PAGE__;
var byName = new Map(); for (var i0 = 0; i0 < N.length; i0++) byName.set(N[i0], i0);
var $ = function (id) { return document.getElementById(id); };
var q = $('search'), mode = $('mode'), stSel = $('status'), body = $('rows'), shown = $('shown'), panel = $('details');
var view = [], pageNo = 0, sortKey = 'name', sortDir = 1, waiters = null, whatIfInput = null;
function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
function href(name) { return '#pkg=' + encodeURIComponent(name); }
function link(i, attr) { return '<a href="' + esc(href(N[i])) + '"' + (attr ? ' ' + attr + '="' + esc(N[i]) + '"' : '') + '>' + esc(N[i]) + '</a>'; }
function badge(i) { var s = ST[D.s[i]]; return '<span class="st ' + s + '">' + s + '</span>'; }
var KEYS = {
  name: function (i) { return i; },
  status: function (i) { return D.s[i]; },
  unblocks: function (i) { return D.u[i]; },
  blocks: function (i) { return D.a[i]; },
  blockers: function (i) { return D.b[i].length; }
};
function compute() {
  var text = q.value.trim(), lower = text.toLowerCase(), exact = mode.value === 'exact', want = stSel.value;
  view = [];
  for (var i = 0; i < T; i++) {
    if (want && ST[D.s[i]] !== want) continue;
    if (text && (exact ? N[i] !== text : N[i].toLowerCase().indexOf(lower) < 0)) continue;
    view.push(i);
  }
  var key = KEYS[sortKey], dir = sortDir;
  if (sortKey !== 'name' || dir < 0) view.sort(function (a, b) { return dir * (key(a) - key(b)) || a - b; });
  pageNo = 0;
  render();
}
function render() {
  var pages = Math.max(1, Math.ceil(view.length / PAGE));
  if (pageNo >= pages) pageNo = pages - 1;
  var from = pageNo * PAGE, rows = [];
  for (var k = from; k < Math.min(view.length, from + PAGE); k++) {
    var i = view[k], bs = D.b[i];
    rows.push('<tr data-package="' + esc(N[i]) + '" data-status="' + ST[D.s[i]] + '"><td>' + link(i) + (D.c[i] ? '<span class="cyc" title="on a cycle of the blocked-by graph">cycle</span>' : '') +
      '</td><td>' + esc(D.e[i]) + '</td><td>' + badge(i) + '</td><td class="num">' + D.u[i] + '</td><td class="num">' + D.a[i] + '</td><td>' +
      bs.slice(0, 6).map(function (j) { return link(j); }).join(', ') + (bs.length > 6 ? ' <span class="muted">+' + (bs.length - 6) + '</span>' : '') + '</td></tr>');
  }
  body.innerHTML = rows.join('');
  shown.textContent = view.length ? ('rows ' + (from + 1) + '–' + Math.min(view.length, from + PAGE) + ' of ' + view.length + ' matching packages') : '0 matching packages';
  $('page').textContent = 'page ' + (pageNo + 1) + ' of ' + pages;
  $('prev').disabled = pageNo === 0;
  $('next').disabled = pageNo >= pages - 1;
  var ths = document.querySelectorAll('th[data-sort]');
  for (var t = 0; t < ths.length; t++) ths[t].setAttribute('aria-sort', ths[t].getAttribute('data-sort') === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
}
function csvCell(v) { v = String(v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
function csvOfView() {
  var out = ['package,version,status,unblocks_now,blocks_in_all,on_cycle,blocked_by'];
  for (var k = 0; k < view.length; k++) {
    var i = view[k];
    out.push([N[i], D.e[i], ST[D.s[i]], D.u[i], D.a[i], D.c[i] ? 'yes' : '', D.b[i].map(function (j) { return N[j]; }).join(' ')].map(csvCell).join(','));
  }
  return out.join('\n') + '\n';
}
function waitersOf(i) {
  if (!waiters) {
    waiters = new Map();
    for (var x = 0; x < T; x++) for (var y = 0; y < D.b[x].length; y++) { var w = waiters.get(D.b[x][y]); if (!w) waiters.set(D.b[x][y], (w = [])); w.push(x); }
  }
  return waiters.get(i) || [];
}
function openPanel(name) {
  var i = byName.get(name);
  panel.hidden = false;
  panel.setAttribute('data-details', name);
  if (i === undefined) { panel.innerHTML = '<button class="close" data-action="close">×</button><h3>' + esc(name) + '</h3><p class="muted">No such source in this report.</p>'; return; }
  var h = ['<button class="close" data-action="close" title="close">×</button><h3>' + esc(name) + ' ' + (i < T ? '<span class="muted">' + esc(D.e[i]) + '</span>' : '') + '</h3>'];
  h.push('<p>' + badge(i) + (i < T && D.c[i] ? ' <span class="cyc">on a cycle of the blocked-by graph</span>' : '') + (i >= T ? ' <span class="muted">(a blocker outside the report\'s target)</span>' : '') + '</p>');
  if (i < T && D.b[i].length) h.push('<h4>Blocked by ' + D.b[i].length + '</h4><ul class="links">' + D.b[i].map(function (j) { return '<li>' + link(j, 'data-blocker') + ' ' + badge(j) + '</li>'; }).join('') + '</ul>');
  h.push('<h4>Why</h4><div data-why>' + (i < T && D.p[i].length ? D.p[i].map(function (s) { return '<p>' + esc(s) + '</p>'; }).join('') : '<p class="muted">' + (ST[D.s[i]] === 'ready' ? 'Its buildroot installs from the built repositories: submit it.' : ST[D.s[i]] === 'built' ? 'It is built.' : 'Nothing to explain.') + '</p>') + '</div>');
  var ws = waitersOf(i);
  h.push('<h4>What it unblocks</h4><p>Built, it makes <b>' + D.u[i] + '</b> ready now; <b>' + D.a[i] + '</b> wait for it in all; <b>' + ws.length + '</b> wait for it directly' + (ws.length ? ':' : '.') + '</p>');
  if (ws.length) h.push('<p class="waiters">' + ws.slice(0, 60).map(function (j) { return link(j); }).join(', ') + (ws.length > 60 ? ' <span class="muted">… and ' + (ws.length - 60) + ' more</span>' : '') + '</p>');
  h.push('<p><button data-action="whatif">What if ' + esc(name) + ' were built?</button></p><div data-whatif-out></div>');
  panel.innerHTML = h.join('');
}
function showWhatIf(name) {
  if (!whatIfInput) {
    whatIfInput = [];
    for (var i = 0; i < T; i++) whatIfInput.push({ name: N[i], status: ST[D.s[i]], blockedBy: D.b[i].map(function (j) { return N[j]; }) });
  }
  var w = whatIfBuilt(whatIfInput, [name]);
  var out = panel.querySelector('[data-whatif-out]');
  out.innerHTML = '<div data-whatif="' + esc(name) + '"><p>If ' + esc(name) + ' were built: <b>' + w.becomesReady.length + '</b> source' + (w.becomesReady.length === 1 ? '' : 's') + ' would become ready' + (w.becomesReady.length ? ':' : '.') + '</p><ul class="links">' +
    w.becomesReady.map(function (n) { return '<li data-becomes-ready="' + esc(n) + '">' + link(byName.get(n)) + '</li>'; }).join('') + '</ul>' +
    (w.lessBlocked.length ? '<p class="muted">' + w.lessBlocked.length + ' more would wait for fewer sources.</p>' : '') + '</div>';
}
function onHash() {
  var m = /^#pkg=(.*)$/.exec(location.hash);
  if (m) openPanel(decodeURIComponent(m[1])); else { panel.hidden = true; panel.removeAttribute('data-details'); }
}
panel.addEventListener('click', function (ev) {
  var a = ev.target.closest('[data-action]');
  if (!a) return;
  if (a.getAttribute('data-action') === 'whatif') showWhatIf(panel.getAttribute('data-details'));
  else if (a.getAttribute('data-action') === 'close') location.hash = '';
});
$('packages').querySelector('thead').addEventListener('click', function (ev) {
  var th = ev.target.closest('th[data-sort]');
  if (!th) return;
  var k = th.getAttribute('data-sort');
  if (k === sortKey) sortDir = -sortDir; else { sortKey = k; sortDir = k === 'name' ? 1 : -1; }
  compute();
});
$('prev').addEventListener('click', function () { pageNo--; render(); });
$('next').addEventListener('click', function () { pageNo++; render(); });
$('csv').addEventListener('click', function () {
  var a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([csvOfView()], { type: 'text/csv' }));
  a.download = 'readiness.csv';
  document.body.appendChild(a); a.click(); a.remove();
});
q.addEventListener('input', compute); mode.addEventListener('change', compute); stSel.addEventListener('change', compute);
window.addEventListener('hashchange', onHash);
window.gooseReadiness = { csvOfView: csvOfView, whatIfBuilt: whatIfBuilt };
compute();
onHash();
`;

/** The page's script, with {@link whatIfBuilt}'s source text embedded. */
export function pageAppScript(): string {
  // __name: what a transpiler that keeps function names (tsx, esbuild keepNames) calls inside the source text.
  return `(function(){\n"use strict";\nvar __name = function (f) { return f; };\nvar whatIfBuilt = ${whatIfBuilt.toString()};\n${APP.replace('__PAGE__', String(PAGE_ROWS))}})();\n`;
}
