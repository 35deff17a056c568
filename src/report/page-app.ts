/**
 * The readiness page's script (a classic script, so the page works from file:// as well as from a
 * web server): the package table (search, status filter, sort, pages, CSV of the current view),
 * `#pkg=NAME` deep links opening a details panel, and the what-if answer, computed in the page by
 * the same {@link whatIfBuilt} as `readiness --assume-built` (its source text is embedded). In the
 * folder form the first page of rows comes from first.js, data.js (the whole report) loads after
 * it paints, and then libsolv (libsolv.js, solv.js, page-solv.js: src/web/page-solv.ts) answers
 * `goose-deps why NAME BLOCKER` in the panel.
 *
 * Hooks for tests and tools: rows `data-package` `data-status`; the panel `data-details`; its
 * blocker links `data-blocker`; `data-why` (the readiness sentences as `p`, libsolv's chains as
 * `pre data-why-needs="BLOCKER"`); `data-action="why"` and its `pre data-why-answer`; the
 * `data-action="whatif"` button; `data-whatif` with one `data-becomes-ready` per source; on body,
 * `data-loaded="data"` once the whole report is in and `data-solv="loading|ready|failed"`.
 */
import { whatIfBuilt } from '../readiness/whatif.js';

/** Rows per page of the package table. */
export const PAGE_ROWS = 100;

const APP = String.raw`
var PAGE = __PAGE__, F = window.GOOSE_FIRST;
var D = null, N = [], T = 0, ST = [], byName = new Map();
var $ = function (id) { return document.getElementById(id); };
var q = $('search'), mode = $('mode'), stSel = $('status'), body = $('rows'), shown = $('shown'), panel = $('details'), solvBox = $('solv');
var view = [], pageNo = 0, sortKey = 'name', sortDir = 1, waiters = null;
var solvState = 'none', solvError = '';
function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
function href(name) { return '#pkg=' + encodeURIComponent(name); }
function linkName(name, attr) { return '<a href="' + esc(href(name)) + '"' + (attr ? ' ' + attr + '="' + esc(name) + '"' : '') + '>' + esc(name) + '</a>'; }
function link(i, attr) { return linkName(N[i], attr); }
function badgeOf(s) { return '<span class="st ' + s + '">' + s + '</span>'; }
function badge(i) { return badgeOf(ST[D.s[i]]); }
function rowHtml(r) {
  return '<tr data-package="' + esc(r.name) + '" data-status="' + r.status + '"><td>' + linkName(r.name) + (r.cyc ? '<span class="cyc" title="on a cycle of the blocked-by graph">cycle</span>' : '') +
    '</td><td>' + esc(r.evr) + '</td><td>' + badgeOf(r.status) + '</td><td class="num">' + r.u + '</td><td class="num">' + r.a + '</td><td>' +
    r.b.slice(0, 6).map(function (n) { return linkName(n); }).join(', ') + (r.b.length > 6 ? ' <span class="muted">+' + (r.b.length - 6) + '</span>' : '') + '</td></tr>';
}
function rowOf(i) { return { name: N[i], evr: D.e[i], status: ST[D.s[i]], cyc: D.c[i], u: D.u[i], a: D.a[i], b: D.b[i].map(function (j) { return N[j]; }) }; }
var KEYS = {
  name: function (i) { return i; },
  status: function (i) { return D.s[i]; },
  unblocks: function (i) { return D.u[i]; },
  blocks: function (i) { return D.a[i]; },
  blockers: function (i) { return D.b[i].length; }
};
function compute() {
  if (!D) return;
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
  for (var k = from; k < Math.min(view.length, from + PAGE); k++) rows.push(rowHtml(rowOf(view[k])));
  body.innerHTML = rows.join('');
  shown.textContent = view.length ? ('rows ' + (from + 1) + '–' + Math.min(view.length, from + PAGE) + ' of ' + view.length + ' matching packages') : '0 matching packages';
  $('page').textContent = 'page ' + (pageNo + 1) + ' of ' + pages;
  $('prev').disabled = pageNo === 0;
  $('next').disabled = pageNo >= pages - 1;
  var ths = document.querySelectorAll('th[data-sort]');
  for (var t = 0; t < ths.length; t++) ths[t].setAttribute('aria-sort', ths[t].getAttribute('data-sort') === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
}
// The first page straight from first.js, before data.js (the whole report) is parsed.
function renderFirst() {
  body.innerHTML = F.rows.map(rowHtml).join('');
  shown.textContent = F.targets ? ('rows 1–' + F.rows.length + ' of ' + F.targets + ' packages (loading the rest…)') : '0 matching packages';
  $('page').textContent = 'page 1 of ' + Math.max(1, Math.ceil(F.targets / PAGE));
  $('prev').disabled = true;
  $('next').disabled = true;
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
// The readiness sentences (problems.js, which loads after data.js).
function sentencesHtml(i) {
  if (!D.p) return '<div class="muted">Loading the explanations…</div>';
  return i < T && D.p[i].length ? D.p[i].map(function (s) { return '<p>' + esc(s) + '</p>'; }).join('') : '<p class="muted">' + (ST[D.s[i]] === 'ready' ? 'Its buildroot installs from the built repositories: submit it.' : ST[D.s[i]] === 'built' ? 'It is built.' : 'Nothing to explain.') + '</p>';
}
function openPanel(name) {
  var i = byName.get(name);
  panel.hidden = false;
  panel.setAttribute('data-details', name);
  if (i === undefined) { panel.innerHTML = '<button class="close" data-action="close">×</button><h3>' + esc(name) + '</h3><p class="muted">No such source in this report.</p>'; return; }
  var h = ['<button class="close" data-action="close" title="close">×</button><h3>' + esc(name) + ' ' + (i < T ? '<span class="muted">' + esc(D.e[i]) + '</span>' : '') + '</h3>'];
  h.push('<p>' + badge(i) + (i < T && D.c[i] ? ' <span class="cyc">on a cycle of the blocked-by graph</span>' : '') + (i >= T ? ' <span class="muted">(a blocker outside the report\'s target)</span>' : '') + '</p>');
  if (i < T && D.b[i].length) h.push('<h4>Blocked by ' + D.b[i].length + '</h4><ul class="links">' + D.b[i].map(function (j) { return '<li>' + link(j, 'data-blocker') + ' ' + badge(j) + '</li>'; }).join('') + '</ul>');
  h.push('<h4>Why</h4><div data-why><div data-why-sentences>' + sentencesHtml(i) + '</div><div data-why-chains></div></div>');
  h.push('<form data-why-form><label>Why does ' + esc(name) + ' need <input name="b" placeholder="a source" autocomplete="off" size="14"></label> <button data-action="why">ask libsolv</button></form><div data-why-answer-out></div>');
  var ws = waitersOf(i);
  h.push('<h4>What it unblocks</h4><p>Built, it makes <b>' + D.u[i] + '</b> ready now; <b>' + D.a[i] + '</b> wait for it in all; <b>' + ws.length + '</b> wait for it directly' + (ws.length ? ':' : '.') + '</p>');
  if (ws.length) h.push('<p class="waiters">' + ws.slice(0, 60).map(function (j) { return link(j); }).join(', ') + (ws.length > 60 ? ' <span class="muted">… and ' + (ws.length - 60) + ' more</span>' : '') + '</p>');
  h.push('<p><button data-action="whatif">What if ' + esc(name) + ' were built?</button></p><div data-whatif-out></div>');
  panel.innerHTML = h.join('');
  fillChains(name);
}
// libsolv's answers, from the worker: for a blocked source, 'goose-deps why NAME BLOCKER' for its first blockers.
var MAX_CHAINS = 8, worker = null, seq = 0, pending = new Map();
function solvNote() {
  return solvState === 'loading' || (solvState === 'none' && F && F.solv) ? 'libsolv is loading: the chains follow in a moment.' : solvState === 'failed' ? 'libsolv could not load: ' + solvError : 'Chains need libsolv, which this page does not carry: write the report as a folder (readiness --format html --output DIR).';
}
function ask(a, b, done) {
  var id = ++seq;
  pending.set(id, { name: a, done: done });
  worker.postMessage({ type: 'why', id: id, a: a, b: b });
}
// Questions for a panel no longer shown are dropped before the worker begins them.
function cancelOthers(name) {
  var ids = [];
  pending.forEach(function (v, id) { if (v.name !== name) { ids.push(id); pending.delete(id); } });
  if (ids.length && worker) worker.postMessage({ type: 'cancel', ids: ids });
}
function fillChains(name) {
  var box = panel.querySelector('[data-why-chains]'), i = byName.get(name);
  cancelOthers(name);
  if (!box || i === undefined || !(i < T) || !D.b[i].length) return;
  if (solvState !== 'ready') { box.innerHTML = '<div class="muted" data-why-pending>' + esc(solvNote()) + '</div>'; return; }
  var bs = D.b[i].slice(0, MAX_CHAINS);
  box.innerHTML = '<h4>Chains (as goose-deps why prints them)</h4>' + (D.b[i].length > MAX_CHAINS ? '<div class="muted">The first ' + MAX_CHAINS + ' of ' + D.b[i].length + ' blockers; ask about the others below.</div>' : '') +
    bs.map(function (j) { return '<div data-chain-of="' + esc(N[j]) + '"><div class="muted">' + esc(name) + ' needs ' + esc(N[j]) + ': asking libsolv…</div></div>'; }).join('');
  bs.forEach(function (j) {
    ask(name, N[j], function (ans) {
      var slot = box.querySelector('[data-chain-of="' + CSS.escape(N[j]) + '"]');
      if (!slot || panel.getAttribute('data-details') !== name) return;
      var pre = document.createElement('pre');
      pre.setAttribute('data-why-needs', N[j]);
      pre.textContent = ans.text;
      slot.replaceChildren(pre);
    });
  });
}
function askWhy(name, b) {
  var out = panel.querySelector('[data-why-answer-out]');
  if (!b) return;
  if (solvState !== 'ready') { out.innerHTML = '<p class="muted">' + esc(solvNote()) + '</p>'; return; }
  out.innerHTML = '<p class="muted">asking libsolv…</p>';
  ask(name, b, function (ans) {
    if (panel.getAttribute('data-details') !== name) return;
    out.innerHTML = '<pre data-why-answer="' + esc(b) + '" data-ok="' + (ans.ok ? 'yes' : 'no') + '"></pre>';
    out.firstChild.textContent = ans.text;
  });
}
function whatIfRow(i) { return { name: N[i], status: ST[D.s[i]], blockedBy: D.b[i].map(function (j) { return N[j]; }) }; }
// The CLI's whatIfBuilt on the rows it can change: the source itself and those waiting for it
// (every other row keeps all its blockers), so the answer is the same as on every row.
function showWhatIf(name) {
  var i = byName.get(name), rows = [];
  if (i !== undefined && i < T) rows.push(whatIfRow(i));
  if (i !== undefined) waitersOf(i).forEach(function (j) { rows.push(whatIfRow(j)); });
  var w = whatIfBuilt(rows, [name]);
  var out = panel.querySelector('[data-whatif-out]');
  out.innerHTML = '<div data-whatif="' + esc(name) + '"><p>If ' + esc(name) + ' were built: <b>' + w.becomesReady.length + '</b> source' + (w.becomesReady.length === 1 ? '' : 's') + ' would become ready' + (w.becomesReady.length ? ':' : '.') + '</p><ul class="links">' +
    w.becomesReady.map(function (n) { return '<li data-becomes-ready="' + esc(n) + '">' + link(byName.get(n)) + '</li>'; }).join('') + '</ul>' +
    (w.lessBlocked.length ? '<p class="muted">' + w.lessBlocked.length + ' more would wait for fewer sources.</p>' : '') + '</div>';
}
function onHash() {
  if (!D) return;
  var m = /^#pkg=(.*)$/.exec(location.hash);
  if (m) openPanel(decodeURIComponent(m[1])); else { panel.hidden = true; panel.removeAttribute('data-details'); }
}
function loadScript(src, done, fail) {
  var s = document.createElement('script');
  s.src = src;
  s.onload = done;
  s.onerror = function () { fail(src + ' did not load'); };
  document.body.appendChild(s);
}
function setSolv(state, text) {
  solvState = state;
  document.body.setAttribute('data-solv', state);
  if (solvBox) solvBox.textContent = text;
}
// libsolv and the pool load after the table is up: three scripts, then a worker (from a blob:
// URL, which file:// pages may start) loads the module and the repositories off the page's thread.
function startSolv() {
  setSolv('loading', 'libsolv: loading the module and the repositories…');
  var t0 = Date.now(), left = 3;
  var fail = function (e) {
    solvError = String(e && e.message || e);
    setSolv('failed', 'libsolv: ' + solvError);
    var o = panel.getAttribute('data-details');
    if (o) fillChains(o);
  };
  var loaded = function () {
    if (--left) return;
    try {
      worker = new Worker(URL.createObjectURL(new Blob([window.GOOSE_SOLV_WORKER], { type: 'text/javascript' })));
    } catch (e) { fail(e); return; }
    worker.onerror = function (e) { fail(e.message || 'the libsolv worker stopped'); };
    worker.onmessage = function (ev) {
      var m = ev.data;
      if (m.type === 'answer') { var p = pending.get(m.id); pending.delete(m.id); if (p) p.done(m); }
      else if (m.type === 'failed') fail(m.message);
      else if (m.type === 'ready') {
        var tm = m.timings;
        setSolv('ready', 'libsolv: ready (' + m.size + ' packages, ' + ((Date.now() - t0) / 1000).toFixed(1) + ' s: unpacking ' + (tm.unpack / 1000).toFixed(1) + ' s, pool ' + (tm.pool / 1000).toFixed(1) + ' s, index ' + (tm.index / 1000).toFixed(1) + ' s, in a worker): the panels explain each blocker with its chain.');
        var o = panel.getAttribute('data-details');
        if (o) fillChains(o);
      }
    };
    worker.postMessage({ type: 'load', libsolv: window.GOOSE_LIBSOLV, solv: window.GOOSE_SOLV });
    window.GOOSE_LIBSOLV = window.GOOSE_SOLV = window.GOOSE_SOLV_WORKER = undefined;
  };
  ['libsolv.js', 'solv.js', 'page-solv.js'].forEach(function (src) { loadScript(src, loaded, fail); });
}
function init(data) {
  D = data; N = D.n; T = D.targets; ST = D.statuses;
  if (!D.p) D.p = window.GOOSE_PROBLEMS || null;
  for (var i0 = 0; i0 < N.length; i0++) byName.set(N[i0], i0);
  document.body.setAttribute('data-loaded', 'data');
  compute();
  onHash();
  // libsolv's worker loads the pool on another thread while this one reads the sentences.
  if (F && F.solv) setTimeout(startSolv, 0);
  if (!D.p) setTimeout(function () { loadScript('problems.js', problemsIn, function (e) { shown.textContent = e; }); }, 0);
  else problemsIn();
  // What the first panel and the first what-if would otherwise compute on a click.
  setTimeout(function () { waitersOf(0); }, 0);
}
// The sentences are in: the open panel shows them.
function problemsIn() {
  if (!D.p) D.p = window.GOOSE_PROBLEMS;
  window.GOOSE_PROBLEMS = undefined;
  document.body.setAttribute('data-loaded', 'all');
  var o = panel.getAttribute('data-details'), box = panel.querySelector('[data-why-sentences]');
  if (o && box && byName.has(o)) box.innerHTML = sentencesHtml(byName.get(o));
}
panel.addEventListener('click', function (ev) {
  var a = ev.target.closest('[data-action]');
  if (!a) return;
  var act = a.getAttribute('data-action');
  if (act === 'whatif') showWhatIf(panel.getAttribute('data-details'));
  else if (act === 'why') { ev.preventDefault(); askWhy(panel.getAttribute('data-details'), panel.querySelector('[data-why-form] input').value.trim()); }
  else if (act === 'close') location.hash = '';
});
panel.addEventListener('submit', function (ev) { ev.preventDefault(); askWhy(panel.getAttribute('data-details'), panel.querySelector('[data-why-form] input').value.trim()); });
$('packages').querySelector('thead').addEventListener('click', function (ev) {
  var th = ev.target.closest('th[data-sort]');
  if (!th || !D) return;
  var k = th.getAttribute('data-sort');
  if (k === sortKey) sortDir = -sortDir; else { sortKey = k; sortDir = k === 'name' ? 1 : -1; }
  compute();
});
$('prev').addEventListener('click', function () { pageNo--; render(); });
$('next').addEventListener('click', function () { pageNo++; render(); });
$('csv').addEventListener('click', function () {
  if (!D) return;
  var a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([csvOfView()], { type: 'text/csv' }));
  a.download = 'readiness.csv';
  document.body.appendChild(a); a.click(); a.remove();
});
q.addEventListener('input', compute); mode.addEventListener('change', compute); stSel.addEventListener('change', compute);
window.addEventListener('hashchange', onHash);
window.gooseReadiness = { csvOfView: csvOfView, whatIfBuilt: whatIfBuilt, why: function (a, b) { return new Promise(function (ok) { if (solvState === 'ready') ask(a, b, ok); else ok(null); }); } };
if (window.GOOSE_READINESS) init(window.GOOSE_READINESS);
else {
  renderFirst();
  // Let the first rows paint, then parse the whole report.
  requestAnimationFrame(function () { setTimeout(function () { loadScript('data.js', function () { init(window.GOOSE_READINESS); }, function (e) { shown.textContent = e; }); }, 0); });
}
`;

/** The page's script, with {@link whatIfBuilt}'s source text embedded. */
export function pageAppScript(): string {
  // __name: what a transpiler that keeps function names (tsx, esbuild keepNames) calls inside the source text.
  return `(function(){\n"use strict";\nvar __name = function (f) { return f; };\nvar whatIfBuilt = ${whatIfBuilt.toString()};\n${APP.replace('__PAGE__', String(PAGE_ROWS))}})();\n`;
}
