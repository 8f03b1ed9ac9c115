/** Where the CDR database of an external PBX is, and who callcheck logs in as. */
export interface MysqlUrl {
  host: string;
  /** Default 3306, MySQL's and MariaDB's port. */
  port: number;
  user: string;
  password: string;
  database: string;
}

export const DEFAULT_MYSQL_PORT = 3306;

/** The form every message shows: it never repeats the URL it was given, which holds a password. */
export const MYSQL_URL_FORM = 'mysql://user:password@host:port/database';

/** A cdrUrl that cannot be used; the message never contains the URL (it may hold the password). */
export class MysqlUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MysqlUrlError';
  }
}

const SCHEMES = new Set(['mysql:', 'mariadb:']);

/**
 * Parses `mysql://user:password@host:port/database` (or `mariadb://`). User, password and database are
 * percent-decoded, so a password with `@`, `:` or `/` is written `%40`, `%3A`, `%2F`. Query parameters
 * are refused rather than ignored: a `?ssl=...` that silently did nothing would be worse than an error.
 */
export function parseMysqlUrl(text: string): MysqlUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MysqlUrlError(`is not a URL of the form ${MYSQL_URL_FORM} (percent-encode @, :, / and % in the user and password)`);
  }
  if (!SCHEMES.has(url.protocol)) throw new MysqlUrlError(`must start with mysql:// (or mariadb://), not ${url.protocol}//`);
  if (url.search !== '' || url.hash !== '') throw new MysqlUrlError(`takes no query string nor fragment: ${MYSQL_URL_FORM}`);
  // WHATWG URL keeps the brackets of an IPv6 literal; mysql2 wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new MysqlUrlError(`has no host: ${MYSQL_URL_FORM}`);
  const user = decode(url.username, 'user');
  if (user === '') throw new MysqlUrlError(`has no user: ${MYSQL_URL_FORM}`);
  const database = decode(url.pathname.replace(/^\//, ''), 'database');
  if (database === '') throw new MysqlUrlError(`has no database name: ${MYSQL_URL_FORM}`);
  if (database.includes('/')) throw new MysqlUrlError(`has more than one path segment; the path is the database name alone: ${MYSQL_URL_FORM}`);
  return { host, port: url.port === '' ? DEFAULT_MYSQL_PORT : Number(url.port), user, password: decode(url.password, 'password'), database };
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new MysqlUrlError(`has a malformed percent-escape in the ${what}`);
  }
}

/**
 * The URL with its password replaced by `***`, for logs, results.json and reports. A URL that does not
 * parse is not shown at all: where the password starts in it cannot be known.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '(unparsable URL, not shown)';
  }
  if (url.password !== '') url.password = '***';
  return url.href;
}
