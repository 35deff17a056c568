/**
 * The build group from every place koji and mock take it (issue 11, item 10): the repositories'
 * comps, a list of names, a comps XML file, koji's getTagGroups answer; members no repository has
 * are left out with a warning instead of making every buildroot unresolvable.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DISTRIBUTION, openDistribution, resolveBuildGroup } from '../../src/distribution/index.js';
import { runCli } from '../helpers/cli.js';
import { failure } from '../helpers/errors.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'goose-group-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, data: string | Uint8Array) => {
  const file = join(tmp, name);
  writeFileSync(file, data);
  return file;
};
const example = { repos: EXAMPLE_DISTRIBUTION.repos, srcrepos: EXAMPLE_DISTRIBUTION.srcrepos, arch: 'x86_64', noCache: true };
const kojiJson = JSON.stringify([
  { name: 'srpm-build', blocked: false, packagelist: [{ package: 'rpm-build', type: 'mandatory', blocked: false }] },
  { name: 'build', blocked: false, packagelist: ['bash', 'gcc', 'make', 'tar', 'no-such-package'].map((p) => ({ package: p, type: 'mandatory', blocked: false })) },
]);
const comps = `<?xml version="1.0" encoding="UTF-8"?>
<comps>
  <group><id>buildsys-build</id><name>Buildsystem</name><packagelist>
    <packagereq type="mandatory">bash</packagereq><packagereq type="mandatory">sed</packagereq>
  </packagelist></group>
  <group><id>tiny</id><name>Tiny</name><packagelist><packagereq type="mandatory">make</packagereq></packagelist></group>
</comps>
`;

describe('resolveBuildGroup from a file', () => {
  it('reads comps XML (plain or compressed), default group buildsys-build, another with groupId', async () => {
    const plain = write('comps.xml', comps);
    expect(await resolveBuildGroup(`@${plain}`, [], 'x86_64')).toEqual({ names: ['bash', 'sed'], from: `comps group 'buildsys-build' of ${plain}`, missing: [] });
    const gz = write('comps.xml.gz', gzipSync(comps));
    expect((await resolveBuildGroup(`@${gz}`, [], 'x86_64', { groupId: 'tiny' })).names).toEqual(['make']);
  });

  it("reads koji's JSON answer, default group build", async () => {
    const file = write('tag-groups.json', kojiJson);
    const g = await resolveBuildGroup(`@${file}`, [], 'x86_64');
    expect([g.names, g.from]).toEqual([['bash', 'gcc', 'make', 'no-such-package', 'tar'], `koji group 'build' of ${file}`]);
    expect((await resolveBuildGroup(`@${file}`, [], 'x86_64', { groupId: 'srpm-build' })).names).toEqual(['rpm-build']);
  });

  it('still reads a list of names, one a line', async () => {
    const file = write('names.txt', 'make\nbash # the shell\n');
    expect((await resolveBuildGroup(`@${file}`, [], 'x86_64')).names).toEqual(['bash', 'make']);
  });

  it('typed errors: a group the file lacks, --group-id beside a plain group id, broken comps', async () => {
    const e = await failure(resolveBuildGroup(`@${write('c2.xml', comps)}`, [], 'x86_64', { groupId: 'nope' }));
    expect(e.code).toBe('GROUP_NOT_FOUND');
    expect(e.message).toContain('it has buildsys-build, tiny');
    expect((await failure(resolveBuildGroup('build', [], 'x86_64', { groupId: 'tiny' }))).code).toBe('USAGE');
    expect((await failure(resolveBuildGroup(`@${write('bad.xml', '<comps><group><name>x</name></group></comps>')}`, [], 'x86_64'))).code).toBe('COMPS_INVALID');
  });
});

describe('members no repository has', () => {
  it('are left out of the group and listed as missing', async () => {
    using dist = await openDistribution({ ...example, group: `@${write('koji.json', kojiJson)}` });
    expect(dist.group.names).toEqual(['bash', 'gcc', 'make', 'tar']);
    expect(dist.group.missing).toEqual(['no-such-package']);
  });

  it('the CLI warns once and orders as with a complete group, instead of every source unresolvable', async () => {
    const file = write('koji-cli.json', kojiJson);
    const r = await runCli(['order', '--example', '--no-cache', '--json', '--group', `@${file}`]);
    expect(r.stderr).toBe('goose-deps: warning: build group member in no repository, left out as dnf group install does: no-such-package\n');
    const j = JSON.parse(r.stdout);
    expect(j.group.packages).toEqual(['bash', 'gcc', 'make', 'tar']);
    expect(j.group.problems).toEqual([]);
    expect(j.unresolvable.map((u: { name: string }) => u.name)).toEqual(['musl', 'pandoc', 'python-pip']);
  });
});

describeWithData('real build groups (../shared/data/buildgroups)', () => {
  it('the recorded koji getTagGroups cassette of f27-build: 24 packages, 15 of them not in the example', async () => {
    const file = sharedPath('buildgroups', 'koji-f27-getTagGroups.vcr.json');
    expect((await resolveBuildGroup(`@${file}`, [], 'x86_64')).names).toHaveLength(24);
    using dist = await openDistribution({ ...example, group: `@${file}` });
    expect(dist.group.missing).toHaveLength(15);
    expect(dist.group.names).toEqual(expect.arrayContaining(['bash', 'gcc', 'make', 'rpm-build']));
  });

  it("the Fedora 25 comps koji example: buildsys-build, and its raw XML-RPC form read the same as comps", async () => {
    const file = sharedPath('buildgroups', 'fedora-comps-f25-koji-example.xml');
    const g = await resolveBuildGroup(`@${file}`, [], 'x86_64');
    expect(g.from).toBe(`comps group 'buildsys-build' of ${file}`);
    const cassette = JSON.parse(readFileSync(sharedPath('buildgroups', 'koji-f27-getTagGroups.vcr.json'), 'utf8')) as { interactions: { request: { body: string }; response: { body: { string: string } } }[] };
    const answer = cassette.interactions.find((i) => i.request.body.includes('getTagGroups'))!.response.body.string;
    const koji = await resolveBuildGroup(`@${write('answer.xml', answer)}`, [], 'x86_64');
    expect(koji.names).toEqual((await resolveBuildGroup(`@${sharedPath('buildgroups', 'koji-f27-getTagGroups.vcr.json')}`, [], 'x86_64')).names);
    expect(koji.names).toEqual(g.names); // f25 comps and the f27 koji tag agree on the group
  });
});
