/** What failed to connect, as messages name it: `the PBX's WebSocket ws://…`, `the CDR database at host:port`. */
export interface ConnectTarget {
  what: string;
  host: string;
  port: number;
  /** The limit the connection had, in ms. */
  timeoutMs: number;
}

/** A failure in words: what happened (the message) and what to try (the hint). */
export interface FailureText {
  message: string;
  hint: string;
}

/** The parts of a Node or mysql2 error the words are chosen by. */
export interface ErrorLike {
  code?: string | undefined;
  message: string;
}

const TLS_CODES = /CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME/;

/**
 * Words for a failure below the application protocol: the TCP connection, name resolution or TLS. Returns
 * undefined for anything else, which the caller words itself. Node's own messages are kept at the end:
 * they name the address tried, which tells an IPv6 `::1` from `127.0.0.1`.
 */
export function networkFailure(error: ErrorLike, target: ConnectTarget): FailureText | undefined {
  const where = `${target.host}:${target.port}`;
  // OpenSSL's messages run on over lines of source paths: the first line says it.
  const said = (error.message.split('\n')[0] ?? '').trim();
  const seen = error.code ? `${error.code}: ${said}` : said;
  switch (error.code) {
    case 'ECONNREFUSED':
      return { message: `${target.what} refused the connection: nothing listens on ${where} (${seen})`, hint: 'check the host and port, and that the server runs and listens on an address this machine reaches' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { message: `${target.what}: the host name ${target.host} does not resolve (${seen})`, hint: 'check the host name, or give an address' };
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
      return { message: `${target.what} did not answer within ${target.timeoutMs} ms (${where}; ${seen})`, hint: 'check that a firewall lets this machine reach the port, or raise pbx.connectTimeoutMs' };
    case 'ECONNRESET':
    case 'EPIPE':
      return { message: `${target.what} closed the connection as it opened (${where}; ${seen})`, hint: 'a TLS port answered without TLS, or a plain port with TLS? check ws:// against wss:// and the port' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { message: `${target.what}: ${where} is unreachable from this machine (${seen})`, hint: 'check the address and the route to it' };
  }
  if (error.code === 'EPROTO' && /wrong version number|packet length too long|http request/i.test(error.message)) {
    return { message: `${target.what}: ${where} does not speak TLS (${seen})`, hint: 'use ws:// for a plain port, or the port Asterisk serves TLS on (http.conf tlsbindaddr, often 8089)' };
  }
  if (error.code !== undefined && TLS_CODES.test(error.code)) {
    return {
      message: `${target.what}: the TLS handshake with ${where} failed (${seen})`,
      hint: 'for a certificate of a private CA, give callcheck the CA with NODE_EXTRA_CA_CERTS=ca.pem, and have the browser trust it too (or browser.args: [\'--ignore-certificate-errors\'] on a test PBX)',
    };
  }
  return undefined;
}

/** How callcheck reached a CDR database: over TLS with a CA it was given, or plain, and the option that gives the CA. */
export interface CdrTlsUse {
  used: boolean;
  /** `pbx.cdrCaFile` (a run), `--cdr-ca` (verify). */
  option: string;
}

/** mysql2's codes for a server that answered but would not let callcheck in, or not into that database. */
export function mysqlLoginFailure(error: ErrorLike, target: ConnectTarget & { user: string; database: string; tls: CdrTlsUse }): FailureText | undefined {
  const where = `${target.what} at ${target.host}:${target.port}`;
  const { tls } = target;
  switch (error.code) {
    case 'ER_ACCESS_DENIED_ERROR':
      return {
        message: `${where} refused the login of user "${target.user}" (${error.message})`,
        hint:
          `check the user and password in pbx.cdrUrl; the account must exist for this machine's address ('${target.user}'@'%', and '${target.user}'@'localhost' too where MariaDB has anonymous accounts)` +
          (tls.used ? '' : `; an account created with REQUIRE SSL is refused this way without TLS: give ${tls.option} the CA of the server's certificate`),
      };
    case 'ER_HOST_NOT_PRIVILEGED':
      return { message: `${where} does not let this machine connect (${error.message})`, hint: `create the account for this machine's address: CREATE USER '${target.user}'@'<address>' ...` };
    case 'ER_DBACCESS_DENIED_ERROR':
      return { message: `${where} let user "${target.user}" log in, but not into database ${target.database} (${error.message})`, hint: `GRANT SELECT ON ${target.database}.* TO '${target.user}'@'<address>'` };
    case 'ER_BAD_DB_ERROR':
      return { message: `${where} has no database ${target.database} (${error.message})`, hint: 'check the database name in pbx.cdrUrl: it is the one cdr_adaptive_odbc writes to (res_odbc.conf, the DSN in odbc.ini)' };
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return { message: `${where} asks for an authentication method mysql2 cannot use for user "${target.user}" (${error.message})`, hint: 'give the account caching_sha2_password (MySQL) or mysql_native_password (MariaDB)' };
    case 'ER_SECURE_TRANSPORT_REQUIRED':
      return { message: `${where} takes TLS connections only (require_secure_transport) and callcheck connected without TLS (${error.message})`, hint: `give ${tls.option} the PEM file of the CA that signed the server's certificate` };
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return { message: `${where} offers no TLS, and ${tls.option} asks for it (${error.message})`, hint: `leave ${tls.option} out for this server, or turn TLS on in it (ssl_ca, ssl_cert, ssl_key)` };
  }
  if (tls.used && error.code !== undefined && TLS_CODES.test(error.code)) {
    return {
      message: `${where}: its TLS certificate was not accepted (${error.code}: ${(error.message.split('\n')[0] ?? '').trim()})`,
      hint: `${tls.option} must be the CA that signed the server's certificate, and the certificate must name ${target.host} (subjectAltName) and be valid today`,
    };
  }
  return undefined;
}
