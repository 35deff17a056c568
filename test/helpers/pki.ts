/**
 * Certificates for TLS tests, made by `openssl` in a temporary folder: a CA, a server certificate
 * for 127.0.0.1 and localhost signed by it, a client certificate signed by it, and a self-signed
 * client certificate the server does not trust, and an expired client certificate (the client key).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of the PEM files, and a way to remove them. */
export interface TestPki {
  /** The folder holding them. */
  dir: string;
  /** CA certificate. */
  ca: string;
  /** Server certificate and key (for 127.0.0.1 and localhost). */
  serverCert: string;
  serverKey: string;
  /** Client certificate and key, signed by the CA. */
  clientCert: string;
  clientKey: string;
  /** A self-signed client certificate and key. */
  otherCert: string;
  otherKey: string;
  /** A client certificate signed by the CA for the client key, expired yesterday. */
  expiredCert: string;
  /** Read a file as text. */
  read(path: string): string;
  /** Remove the folder. */
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Make the certificates (about a second of openssl). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'goose-pki-'));
  const key = (name: string) => openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  key('ca');
  openssl(dir, ['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=goose-deps test CA']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const name of ['server', 'client']) {
    key(name);
    openssl(dir, ['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=goose-deps test ${name}`]);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]);
  }
  openssl(dir, ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'expired.pem', '-days', '-1', '-extfile', 'client.ext']);
  key('other');
  openssl(dir, ['req', '-x509', '-new', '-key', 'other.key', '-out', 'other.pem', '-days', '2', '-subj', '/CN=not trusted']);
  const p = (f: string) => join(dir, f);
  return {
    dir,
    ca: p('ca.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    clientCert: p('client.pem'),
    clientKey: p('client.key'),
    otherCert: p('other.pem'),
    otherKey: p('other.key'),
    expiredCert: p('expired.pem'),
    read: (path) => readFileSync(path, 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
