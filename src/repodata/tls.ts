/**
 * TLS as dnf configures it: `sslcacert=` (the CA bundle to trust, replacing the system's),
 * `sslclientcert=`/`sslclientkey=` (a client certificate, as the Red Hat CDN wants) and
 * `sslverify=0`. The files are read and checked once per repository before the first request, so
 * a missing, unreadable, malformed, expired or mismatched file is a typed error that names it; a
 * failed handshake becomes a typed error that names the check that failed, never a retry loop.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GooseError } from '../errors.js';
import type { RepoNetwork } from './network.js';

/** Options for `https.request`/`tls.connect`, from a repository's settings. */
export interface TlsMaterial {
  /** CA certificates (PEM), replacing the system's, from `sslcacert=`. */
  ca?: string[];
  /** Client certificate chain (PEM). */
  cert?: string;
  /** Client private key (PEM). */
  key?: string;
  /** False with `sslverify=0`. */
  rejectUnauthorized: boolean;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

async function readPem(path: string, key: string, origin: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new GooseError('TLS_FILE_UNREADABLE', `cannot read ${key} (${origin}): ${code}`, { file: path });
  }
}

function certificates(pem: string, path: string, key: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (!blocks.length) throw new GooseError('TLS_FILE_INVALID', `${key} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`, { file: path });
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (e) {
      throw new GooseError('TLS_FILE_INVALID', `certificate ${i + 1} of ${key} cannot be read: ${(e as Error).message}`, { file: path });
    }
  });
}

const loaded = new WeakMap<RepoNetwork, Promise<TlsMaterial>>();

/** The TLS options of a repository, its files read and checked once (memoised per settings object). */
export function loadTls(net: RepoNetwork | undefined): Promise<TlsMaterial> {
  if (!net) return Promise.resolve({ rejectUnauthorized: true });
  let p = loaded.get(net);
  if (!p) {
    p = readTls(net);
    loaded.set(net, p);
  }
  return p;
}

async function readTls(net: RepoNetwork): Promise<TlsMaterial> {
  const out: TlsMaterial = { rejectUnauthorized: net.sslverify };
  if (net.sslcacert) {
    const pem = await readPem(net.sslcacert, 'sslcacert', net.origin);
    out.ca = certificates(pem, net.sslcacert, 'sslcacert').map((c) => c.toString());
  }
  if (net.sslclientkey && !net.sslclientcert) {
    throw new GooseError('TLS_FILE_INVALID', `sslclientkey is given without sslclientcert (${net.origin})`, { file: net.sslclientkey });
  }
  if (net.sslclientcert) {
    const certPem = await readPem(net.sslclientcert, 'sslclientcert', net.origin);
    const [leaf] = certificates(certPem, net.sslclientcert, 'sslclientcert');
    const keyFile = net.sslclientkey ?? net.sslclientcert;
    const keyPem = net.sslclientkey ? await readPem(net.sslclientkey, 'sslclientkey', net.origin) : certPem;
    let key;
    try {
      key = createPrivateKey(keyPem);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ERR_MISSING_PASSPHRASE' ? 'it is encrypted, and goose-deps (like dnf) takes no passphrase' : `not a PEM private key (${(e as Error).message})`;
      const hint = net.sslclientkey ? '' : ': give the key with sslclientkey=';
      throw new GooseError('TLS_FILE_INVALID', `${net.sslclientkey ? 'sslclientkey' : 'sslclientcert holds no usable private key'}: ${why}${hint}`, { file: keyFile });
    }
    if (!leaf.checkPrivateKey(key)) {
      throw new GooseError('TLS_FILE_INVALID', `the key in ${keyFile} does not belong to the certificate in ${net.sslclientcert}`, { file: keyFile });
    }
    const now = Date.now();
    if (Date.parse(leaf.validTo) < now) throw new GooseError('TLS_FILE_INVALID', `the client certificate expired on ${leaf.validTo}`, { file: net.sslclientcert });
    if (Date.parse(leaf.validFrom) > now) throw new GooseError('TLS_FILE_INVALID', `the client certificate is not valid before ${leaf.validFrom}`, { file: net.sslclientcert });
    out.cert = certPem;
    out.key = keyPem;
  }
  return out;
}

/** Node's codes for a server certificate that failed verification, with what failed. */
const VERIFY: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT: 'is not signed by a trusted CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'chains to a CA that is not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  CERT_UNTRUSTED: 'is not trusted',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  CERT_SIGNATURE_FAILURE: 'has a bad signature',
  CERT_REVOKED: 'is revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'is for another host name',
  HOSTNAME_MISMATCH: 'is for another host name',
};

/**
 * A typed error for a TLS failure of a request to `url` (already without credentials), or
 * undefined when `err` is no TLS failure. `TLS_VERIFY_FAILED`: the server's certificate failed a
 * check; `TLS_CLIENT_CERT_REQUIRED`: the server wants a client certificate and none was given;
 * `TLS_CLIENT_CERT_REFUSED`: it refused ours; `TLS_HANDSHAKE_FAILED`: anything else.
 */
export function tlsFailure(err: NodeJS.ErrnoException, url: string, net: RepoNetwork | undefined): GooseError | undefined {
  const code = err.code ?? '';
  const message = err.message.replace(/^.*?error:[0-9A-F]+:SSL routines:[^:]*:/, '').replace(/:\.\.\/deps\/.*$/s, '').trim();
  const where = { file: url };
  const origin = net ? ` (${net.origin})` : '';
  if (VERIFY[code]) {
    const hint = net?.sslcacert ? `not by a CA in sslcacert ${net.sslcacert}` : 'give its CA with sslcacert=, or sslverify=0 to skip the check';
    return new GooseError('TLS_VERIFY_FAILED', `the server's certificate ${VERIFY[code]} (${code}: ${err.message}); ${hint}`, where);
  }
  const alert = `${code} ${message}`.toLowerCase();
  if (!code.startsWith('ERR_SSL_') && !/ssl routines|alert|wrong version number/.test(alert)) return undefined;
  const clientCert = net?.sslclientcert;
  if (/certificate.required/.test(alert) || (!clientCert && /alert handshake failure/.test(alert))) {
    return clientCert
      ? new GooseError('TLS_CLIENT_CERT_REFUSED', `the server refused the client certificate ${clientCert}${origin} (${message})`, where)
      : new GooseError('TLS_CLIENT_CERT_REQUIRED', `the server wants a client certificate (${message}): give sslclientcert= and sslclientkey=`, where);
  }
  if (clientCert && /unknown.ca|bad.certificate|certificate.unknown|certificate.expired|certificate.revoked|access.denied|decrypt.error/.test(alert)) {
    return new GooseError('TLS_CLIENT_CERT_REFUSED', `the server refused the client certificate ${clientCert}${origin} (${message})`, where);
  }
  if (/wrong version number/.test(alert)) return new GooseError('TLS_HANDSHAKE_FAILED', `no TLS answer: is this an https server? (${message})`, where);
  return new GooseError('TLS_HANDSHAKE_FAILED', `the TLS handshake failed (${code || 'EPROTO'}: ${message})`, where);
}
