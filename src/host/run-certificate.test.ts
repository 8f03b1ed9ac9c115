import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeRunCertificate } from './run-certificate.ts';

describe('makeRunCertificate', () => {
  it('makes a CA and a server certificate it signed, for the names asked, with the server\'s key', async () => {
    const made = await makeRunCertificate({ authority: 'test CA', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'] });
    const ca = new X509Certificate(made.caPem);
    const server = new X509Certificate(made.certPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=test CA');
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('10.0.0.1')).toBeUndefined();
    expect(server.checkHost('example.com')).toBeUndefined();
    expect(server.checkPrivateKey(createPrivateKey(made.keyPem))).toBe(true);
    // Valid now, and not for long.
    expect(Date.parse(server.validFrom)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(server.validTo) - Date.now()).toBeLessThan(3 * 86_400_000);
  });

  it('makes a new CA every time: one run\'s CA does not vouch for another run\'s server', async () => {
    const request = { authority: 'test CA', ipAddresses: ['127.0.0.1'], dnsNames: [] };
    const [a, b] = await Promise.all([makeRunCertificate(request), makeRunCertificate(request)]);
    expect(new X509Certificate(b.certPem).checkIssued(new X509Certificate(a.caPem))).toBe(false);
  });
});
