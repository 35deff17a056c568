import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGroupPackages } from '../../src/repodata/comps.js';
import { parseKojiTagGroups, parseXmlRpcResponse } from '../../src/repodata/kojiTagGroups.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';
import { codeOf } from '../helpers/errors.js';


describe('parseXmlRpcResponse', () => {
  it('decodes every scalar type, arrays and structs', () => {
    const v = parseXmlRpcResponse(`<?xml version='1.0'?><methodResponse><params><param><value><struct>
      <member><name>s</name><value><string>a&amp;b</string></value></member>
      <member><name>u</name><value>plain</value></member>
      <member><name>i</name><value><int>-4</int></value></member>
      <member><name>d</name><value><double>1.5</double></value></member>
      <member><name>b</name><value><boolean>1</boolean></value></member>
      <member><name>n</name><value><nil/></value></member>
      <member><name>a</name><value><array><data><value><i4>1</i4></value><value><string>x</string></value></data></array></value></member>
    </struct></value></param></params></methodResponse>`);
    expect(v).toEqual({ s: 'a&b', u: 'plain', i: -4, d: 1.5, b: true, n: null, a: [1, 'x'] });
  });

  it('turns a fault into KOJI_FAULT and nonsense into KOJI_INVALID', () => {
    const fault = `<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1000</int></value></member>
      <member><name>faultString</name><value><string>No such tagInfo: 'f99-build'</string></value></member></struct></value></fault></methodResponse>`;
    expect(() => parseXmlRpcResponse(fault)).toThrow(/No such tagInfo/);
    expect(codeOf(() => parseXmlRpcResponse(fault))).toBe('KOJI_FAULT');
    expect(codeOf(() => parseXmlRpcResponse('<methodCall/>'))).toBe('KOJI_INVALID');
    expect(codeOf(() => parseKojiTagGroups('{"no": "list"}'))).toBe('KOJI_INVALID');
    expect(codeOf(() => parseKojiTagGroups('not json'))).toBe('KOJI_INVALID');
  });
});

describe('parseKojiTagGroups from koji JSON output', () => {
  it('drops blocked groups and packages', () => {
    const json = JSON.stringify([
      { name: 'build', display_name: 'build', blocked: false, packagelist: [
        { package: 'bash', type: 'mandatory', blocked: false, requires: null },
        { package: 'gone', type: 'mandatory', blocked: true },
        { package: 'extra', type: 'default', blocked: false },
      ] },
      { name: 'old', blocked: true, packagelist: [] },
    ]);
    const comps = parseKojiTagGroups(json);
    expect(comps.groups.map((g) => g.id)).toEqual(['build']);
    expect(buildGroupPackages(comps, 'build')).toEqual(['bash', 'extra']);
  });
});

describeWithData('parseKojiTagGroups on the recorded f27-build answer', () => {
  it('build has 24 packages and srpm-build 7', () => {
    const f = sharedPath('buildgroups', 'koji-f27-getTagGroups.vcr.json');
    const comps = parseKojiTagGroups(readFileSync(f), f);
    expect(comps.groups.map((g) => g.id)).toEqual(['appliance-build', 'build', 'livecd-build', 'livemedia-build', 'srpm-build']);
    const build = buildGroupPackages(comps, 'build');
    expect(build).toHaveLength(24);
    expect(build).toEqual(expect.arrayContaining(['tar', 'xz', 'sed', 'findutils', 'gcc', 'rpm-build']));
    expect(buildGroupPackages(comps, 'srpm-build')).toHaveLength(7);
  });

  it('reads the raw XML-RPC body the same way', () => {
    const cassette = JSON.parse(readFileSync(sharedPath('buildgroups', 'koji-f27-getTagGroups.vcr.json'), 'utf8'));
    const body = cassette.interactions.find((i: { request: { body: string } }) => i.request.body.includes('getTagGroups')).response.body.string;
    expect(buildGroupPackages(parseKojiTagGroups(body), 'build')).toHaveLength(24);
  });
});
