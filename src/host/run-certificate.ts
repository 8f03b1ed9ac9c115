import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CallcheckError } from '../contracts/errors.ts';
import { SETUP_COMMAND } from './package-info.ts';

const run = promisify(execFile);

/** A certificate authority made for one run, and a server certificate it signed, all PEM. */
export interface RunCertificate {
  /** The CA's certificate: what a client of the server trusts, and only for this run. */
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface RunCertificateRequest {
  /** The name the CA's certificate carries (what a TLS error shows). */
  authority: string;
  /** The addresses and host names the server certificate is valid for (subjectAltName). */
  ipAddresses: readonly string[];
  dnsNames: readonly string[];
  /** How long both are valid, in days (default 2: a run is hours at most). */
  days?: number;
}

/**
 * Makes a fresh CA and a server certificate it signs, with OpenSSL's command line (Node can make keys but
 * not certificates). The CA's key is thrown away as soon as it has signed: nothing else can ever be
 * signed by it, so trusting its certificate trusts this one server and nothing more. EC P-256 keys: quick
 * to make, and every TLS stack callcheck talks to (OpenSSL, GnuTLS, Node) takes them.
 */
export async function makeRunCertificate(request: RunCertificateRequest): Promise<RunCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'callcheck-tls-'));
  const days = String(request.days ?? 2);
  const at = (name: string) => join(dir, name);
  const san = [...request.ipAddresses.map((a) => `IP:${a}`), ...request.dnsNames.map((n) => `DNS:${n}`)].join(',');
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  try {
    await openssl(['req', '-x509', ...key, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', days, '-subj', `/CN=${request.authority}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    await openssl(['req', ...key, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', `/CN=${request.dnsNames[0] ?? request.ipAddresses[0] ?? 'server'}`]);
    await writeFile(at('server.ext'), [`subjectAltName=${san}`, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', ''].join('\n'));
    await openssl(['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('server.pem'), '-days', days, '-extfile', at('server.ext')]);
    const [caPem, certPem, keyPem] = await Promise.all([readFile(at('ca.pem'), 'utf8'), readFile(at('server.pem'), 'utf8'), readFile(at('server.key'), 'utf8')]);
    return { caPem, certPem, keyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === 'ENOENT') {
      throw new CallcheckError('PREREQUISITE_MISSING', 'openssl is not installed: callcheck makes the TLS certificate of its CDR database with it', { cause, hint: `install it with: ${SETUP_COMMAND}` });
    }
    throw new Error(`openssl ${args[0]} failed: ${(error.stderr ?? error.message).trim()}`, { cause });
  }
}
