import { describe, expect, it } from 'vitest';
import { mysqlLoginFailure, networkFailure } from './connection-failure.ts';

const WS = { what: "the PBX's WebSocket ws://127.0.0.1:8089/ws", host: '127.0.0.1', port: 8089, timeoutMs: 10_000 };
const DB = { what: 'the CDR database', host: 'db.example.com', port: 3306, timeoutMs: 10_000, user: 'cdr', database: 'asteriskcdrdb', tls: { used: false, option: 'pbx.cdrCaFile' } };
const WITH_TLS = { ...DB, tls: { used: true, option: '--cdr-ca' } };

describe('networkFailure', () => {
  it('says nothing listens where a connection was refused, keeping what Node saw', () => {
    expect(networkFailure({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8089' }, WS)?.message).toBe(
      "the PBX's WebSocket ws://127.0.0.1:8089/ws refused the connection: nothing listens on 127.0.0.1:8089 (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8089)",
    );
  });

  it('states the limit of a connection that timed out', () => {
    const text = networkFailure({ code: 'ETIMEDOUT', message: 'no answer' }, DB);
    expect(text?.message).toBe('the CDR database did not answer within 10000 ms (db.example.com:3306; ETIMEDOUT: no answer)');
    expect(text?.hint).toContain('pbx.connectTimeoutMs');
  });

  it('names a host that does not resolve', () => {
    expect(networkFailure({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.example.com' }, DB)?.message).toContain('the host name db.example.com does not resolve');
  });

  it('tells a TLS failure, and how to trust a private CA', () => {
    const text = networkFailure({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, WS);
    expect(text?.message).toContain('the TLS handshake with 127.0.0.1:8089 failed (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate)');
    expect(text?.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(networkFailure({ code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' }, WS)?.message).toContain('TLS handshake');
  });

  it('tells TLS spoken to a plain port, keeping only the first line of OpenSSL\'s words', () => {
    const text = networkFailure({ code: 'EPROTO', message: 'write EPROTO 40:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:../deps/openssl/ssl.c:77:\n' }, WS);
    expect(text?.message).toBe("the PBX's WebSocket ws://127.0.0.1:8089/ws: 127.0.0.1:8089 does not speak TLS (EPROTO: write EPROTO 40:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:../deps/openssl/ssl.c:77:)");
    expect(text?.hint).toContain('ws://');
  });

  it('leaves other errors to the caller', () => {
    expect(networkFailure({ code: 'ER_ACCESS_DENIED_ERROR', message: 'x' }, DB)).toBeUndefined();
    expect(networkFailure({ message: 'x' }, DB)).toBeUndefined();
  });
});

describe('mysqlLoginFailure', () => {
  it('names the user a login was refused to, with the server\'s own words and no password', () => {
    const text = mysqlLoginFailure({ code: 'ER_ACCESS_DENIED_ERROR', message: "Access denied for user 'cdr'@'10.0.0.5' (using password: YES)" }, DB);
    expect(text?.message).toBe(`the CDR database at db.example.com:3306 refused the login of user "cdr" (Access denied for user 'cdr'@'10.0.0.5' (using password: YES))`);
    expect(text?.hint).toContain('pbx.cdrUrl');
  });

  it('names a database that does not exist, or that the user may not use', () => {
    expect(mysqlLoginFailure({ code: 'ER_BAD_DB_ERROR', message: "Unknown database 'asteriskcdrdb'" }, DB)?.message).toContain('has no database asteriskcdrdb');
    expect(mysqlLoginFailure({ code: 'ER_DBACCESS_DENIED_ERROR', message: 'denied' }, DB)?.message).toContain('let user "cdr" log in, but not into database asteriskcdrdb');
  });

  it('leaves network errors to networkFailure', () => {
    expect(mysqlLoginFailure({ code: 'ECONNREFUSED', message: 'x' }, DB)).toBeUndefined();
  });

  it('says when a server wants TLS and callcheck came without it, or the reverse, and which option gives the CA', () => {
    const required = mysqlLoginFailure({ code: 'ER_SECURE_TRANSPORT_REQUIRED', message: 'Connections using insecure transport are prohibited while --require_secure_transport=ON.' }, DB);
    expect(required?.message).toContain('takes TLS connections only');
    expect(required?.hint).toContain('give pbx.cdrCaFile the PEM file of the CA');
    const none = mysqlLoginFailure({ code: 'HANDSHAKE_NO_SSL_SUPPORT', message: 'Server does not support secure connection' }, WITH_TLS);
    expect(none?.message).toContain('offers no TLS, and --cdr-ca asks for it');
    // An account with REQUIRE SSL refuses a plain login as if the password were wrong: the hint says so, but only without TLS.
    expect(mysqlLoginFailure({ code: 'ER_ACCESS_DENIED_ERROR', message: 'denied' }, DB)?.hint).toContain('REQUIRE SSL');
    expect(mysqlLoginFailure({ code: 'ER_ACCESS_DENIED_ERROR', message: 'denied' }, WITH_TLS)?.hint).not.toContain('REQUIRE SSL');
  });

  it('names a certificate the given CA does not vouch for, or that names another host; without a CA given, TLS errors are networkFailure\'s', () => {
    const mismatch = mysqlLoginFailure({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" }, WITH_TLS);
    expect(mismatch?.message).toContain('its TLS certificate was not accepted (ERR_TLS_CERT_ALTNAME_INVALID');
    expect(mismatch?.hint).toContain('--cdr-ca must be the CA that signed the server\'s certificate, and the certificate must name db.example.com');
    expect(mysqlLoginFailure({ code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' }, DB)).toBeUndefined();
  });
});
