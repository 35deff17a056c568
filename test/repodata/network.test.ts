import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { networkFromKeys, parseSetopt, redactSetopt, redactUrl, splitUrlCredentials, withUrlCredentials } from '../../src/repodata/network.js';
import { codeOf } from '../helpers/errors.js';

describe('--setopt', () => {
  it("reads dnf's KEY=VALUE and REPOID.KEY=VALUE (ids with dots and globs)", () => {
    expect(parseSetopt('sslverify=0')).toEqual({ key: 'sslverify', value: '0' });
    expect(parseSetopt('Proxy = http://p:3128 ')).toEqual({ key: 'proxy', value: 'http://p:3128' });
    expect(parseSetopt('epel.next.enabled=0')).toEqual({ repo: 'epel.next', key: 'enabled', value: '0' });
    expect(parseSetopt('*-source.sslclientcert=/c.pem')).toEqual({ repo: '*-source', key: 'sslclientcert', value: '/c.pem' });
    expect(parseSetopt('gpgcheck=0')).toEqual({ key: 'gpgcheck', value: '0' }); // accepted, nothing to do
    expect(parseSetopt('password=')).toEqual({ key: 'password', value: '' });
  });

  it('refuses what it cannot apply, with a sentence', () => {
    expect(codeOf(() => parseSetopt('sslverify'))).toBe('SETOPT_INVALID');
    expect(codeOf(() => parseSetopt('=1'))).toBe('SETOPT_INVALID');
    expect(codeOf(() => parseSetopt('.sslverify=1'))).toBe('SETOPT_INVALID');
    expect(() => parseSetopt('sslverfy=0')).toThrow(/unknown option 'sslverfy'; goose-deps knows proxy, /);
    expect(() => parseSetopt('enabled=0')).toThrow(/enabled applies to one repository: write REPOID\.enabled=\.\.\./);
    expect(() => parseSetopt('password')).toThrow(/^--setopt password: /);
    expect(redactSetopt('x.password=hunter2')).toBe('x.password=***');
    expect(redactSetopt('proxy=http://u:hunter2@p:1')).toBe('proxy=http://u:***@p:1');
  });
});

describe('credentials in URLs', () => {
  it('takes them out of a URL, decoded, keyed by origin', () => {
    expect(splitUrlCredentials('https://user%40corp:p%3Ass@cdn.example:8443/content/x/')).toEqual({
      url: 'https://cdn.example:8443/content/x/',
      origin: 'https://cdn.example:8443',
      auth: { username: 'user@corp', password: 'p:ss' },
    });
    expect(splitUrlCredentials('https://token@cdn.example/x/')).toMatchObject({ auth: { username: 'token', password: '' } });
    expect(splitUrlCredentials('https://cdn.example/x/@y')).toEqual({ url: 'https://cdn.example/x/@y' });
    expect(splitUrlCredentials('/srv/repo')).toEqual({ url: '/srv/repo' });
  });

  it('hides them wherever a URL appears in text', () => {
    expect(redactUrl('GET https://u:secret@a.example/x failed, then http://token@b.example/ too; ftp://c/ fine')).toBe(
      'GET https://u:***@a.example/x failed, then http://***@b.example/ too; ftp://c/ fine',
    );
  });

  it('settings never print their secrets', () => {
    const base = networkFromKeys((k) => ({ username: { value: 'u', where: {} }, password: { value: 'hunter2', where: {} }, proxy: { value: 'http://pu:proxy-secret@p:1', where: {} } })[k], '[x] of y.repo');
    const net = withUrlCredentials(base, 'https://a.example', { username: 'v', password: 'url-secret' });
    const shown = `${JSON.stringify(net)}\n${inspect(net, { depth: 5 })}\n${JSON.stringify({ nested: [net] })}`;
    expect(shown).toContain('"password":"***"');
    expect(shown).toContain('http://pu:***@p:1');
    expect(shown).not.toMatch(/hunter2|proxy-secret|url-secret/);
    expect(net.password).toBe('hunter2');
    expect(net.urlCredentials?.['https://a.example'].password).toBe('url-secret');
  });
});
