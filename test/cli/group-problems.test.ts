/**
 * A broken build group is reported once, up front, with its problems; each source then lists only
 * its own problems, each once (issue 11, item 11). The scenario: a group naming `make`, which
 * requires a library nothing provides, and `coreutils` and `busybox`, which conflict; source
 * `widget` also build-requires something nothing provides, the other sources only what exists.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeTinyRepo } from '../helpers/tiny-repo.js';
import { ownProblems } from '../../src/buildroot/index.js';
import type { Problem } from '../../src/solv/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-group-problems-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bin = writeTinyRepo(join(tmp, 'bin'), [
  { name: 'bash' },
  { name: 'make', requires: ['libguile'] },
  { name: 'coreutils', conflicts: ['busybox'] },
  { name: 'busybox' },
  { name: 'gcc' },
  { name: 'zlib-devel', source: 'zlib' },
]);
const built = writeTinyRepo(join(tmp, 'built'), [{ name: 'bash' }, { name: 'gcc' }]);
const src = writeTinyRepo(join(tmp, 'src'), [
  { name: 'bash', arch: 'src' },
  { name: 'gcc', arch: 'src' },
  { name: 'hello', arch: 'src', requires: ['gcc'] },
  { name: 'widget', arch: 'src', requires: ['gcc', 'missing-devel', 'zlib-devel', 'missing-devel >= 2'] },
  { name: 'zlib', arch: 'src', requires: ['gcc'] },
]);
const groupFile = join(tmp, 'group');
writeFileSync(groupFile, 'bash\nmake\ncoreutils\nbusybox\n');
const common = ['--repo', bin, '--srcrepo', src, '--group', `@${groupFile}`, '--arch', 'x86_64', '--no-cache'];
const readiness = (...flags: string[]) => runCli(['readiness', ...common, '--built', built, ...flags]);

/** The marks of the group's two problems, as every format words them. */
const GROUP_MARKS = [/libguile/g, /conflicts with busybox/g];
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;
/** Each group problem said exactly once in `text`. */
function groupSaidOnce(text: string): void {
  for (const re of GROUP_MARKS) expect(count(text, re), `${re} in:\n${text}`).toBe(1);
}
/** No string twice in one source's list. */
function noRepeats(lines: readonly string[]): void {
  expect(lines.length).toBe(new Set(lines).size);
}

describe('a broken build group in readiness', () => {
  it('JSON: the group problems once, in group.problems; each source only its own, each once', async () => {
    const r = await readiness('--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.group.ready).toBe(false);
    expect(j.group.problems).toHaveLength(2);
    expect(j.group.problems.join('\n')).toMatch(/make requires libguile, which nothing provides/);
    expect(j.group.problems.join('\n')).toMatch(/coreutils conflicts with busybox/);
    type P = { name: string; status: string; problems: string[]; causes: unknown[] };
    const byName = new Map<string, P>(j.packages.map((p: P) => [p.name, p]));
    expect(byName.get('hello')).toMatchObject({ status: 'unresolvable', problems: [], causes: [] });
    expect(byName.get('zlib')).toMatchObject({ status: 'unresolvable', problems: [] });
    const widget = byName.get('widget')!;
    expect(widget.status).toBe('unresolvable');
    expect(widget.problems.length).toBeGreaterThan(0);
    for (const line of widget.problems) expect(line).toMatch(/^widget cannot be built, even with upstream binaries: it build-requires missing-devel/);
    for (const p of j.packages as P[]) {
      noRepeats(p.problems);
      for (const line of p.problems) for (const re of GROUP_MARKS) expect(line).not.toMatch(re);
    }
    groupSaidOnce(r.stdout.replace(/"causes": \[[^]*?\n {6}\]/g, '')); // the sentences; causes are the same facts as data
  });
  it('text: the group problems once, up front; a source with none of its own says so', async () => {
    const r = await readiness();
    expect(r.code).toBe(1);
    groupSaidOnce(r.stdout);
    const head = r.stdout.indexOf('The build group itself does not install, even with upstream binaries (2 problems');
    expect(head).toBeGreaterThan(0);
    expect(r.stdout.indexOf('libguile')).toBeGreaterThan(head);
    expect(r.stdout.indexOf('libguile')).toBeLessThan(r.stdout.indexOf('Unresolvable even with upstream binaries: 3'));
    expect(r.stdout).toContain("\n  hello: only the build group's problems (above)\n");
    expect(r.stdout).toContain("\n  zlib: only the build group's problems (above)\n");
    expect(r.stdout).toMatch(/\n {2}widget cannot be built, even with upstream binaries: it build-requires missing-devel, which nothing provides\.\n/);
    noRepeats(r.stdout.split('\n').filter((l) => l.startsWith('  widget')));
  });
  it('Markdown: a build group section with its problems; the unresolvable list without them', async () => {
    const r = await readiness('--format', 'markdown');
    groupSaidOnce(r.stdout);
    expect(r.stdout.indexOf('## The build group')).toBeLessThan(r.stdout.indexOf('libguile'));
    const unres = r.stdout.slice(r.stdout.indexOf('## Unresolvable (3)'));
    expect(unres).toContain("- hello: only the build group's problems (above)");
    for (const re of GROUP_MARKS) expect(unres).not.toMatch(re);
  });
  it('HTML: the group problems in the page once; the group-only sources say so in their details', async () => {
    const file = join(tmp, 'report.html');
    const r = await readiness('--format', 'html', '--output', file);
    expect(r.code).toBe(1);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<div id="group-problems">');
    groupSaidOnce(html);
    // Run the page's data scripts as the browser would, then read what they set.
    const window: { GOOSE_READINESS?: { n: string[] }; GOOSE_PROBLEMS?: string[][] } = {};
    for (const m of html.matchAll(/window\.GOOSE_(?:READINESS|PROBLEMS)=.*?;(?=\n|<\/script>)/g)) runInNewContext(m[0], { window });
    const hello = window.GOOSE_READINESS!.n.indexOf('hello');
    expect(window.GOOSE_PROBLEMS![hello]).toEqual(["Only the build group's problems, listed once at the top of the page."]);
  });
});

describe('a broken build group in buildroot and order', () => {
  it('buildroot: the group problems once; each libsolv line once', async () => {
    const r = await runCli(['buildroot', ...common]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^The build group itself does not install/);
    expect(count(r.stdout, /nothing provides libguile needed by make/g)).toBe(1);
    expect(count(r.stdout, /coreutils-1\.0-1\.x86_64 conflicts with busybox/g)).toBe(1);
    noRepeats(r.stdout.split('\n').filter((l) => l.trim()).map((l) => l.replace(/^\s*-\s*/, '').trim()));
    const j = JSON.parse((await runCli(['buildroot', ...common, '--json'])).stdout);
    expect(j.groupProblems.map((p: { text: string }) => p.text)).toHaveLength(2);
    for (const p of j.groupProblems) noRepeats(p.rules.map((x: { kind: string; text: string }) => `${x.kind} ${x.text}`));
  });
  it('order: the group problems once, up front; per source only its own', async () => {
    const r = await runCli(['order', ...common]);
    expect(r.code).toBe(1);
    expect(count(r.stdout, /nothing provides libguile needed by make/g)).toBe(1);
    expect(r.stdout).toContain("  hello: only the build group's problems (above)");
    expect(r.stdout).toMatch(/ {2}widget: nothing provides requested missing-devel/);
  });
  it('ownProblems keeps each text once, in order, without the group texts', () => {
    const p = (text: string) => ({ text }) as Problem;
    const list = [p('group a'), p('own 1'), p('own 1'), p('group b'), p('own 2'), p('own 1')];
    expect(ownProblems(list, new Set(['group a', 'group b'])).map((x) => x.text)).toEqual(['own 1', 'own 2']);
    expect(ownProblems(list).map((x) => x.text)).toEqual(['group a', 'own 1', 'group b', 'own 2']);
  });
});
