import { describe, expect, it } from 'vitest';
import { MysqlUrlError, parseMysqlUrl, redactUrl } from './mysql-url.ts';

function errorOf(text: string): MysqlUrlError {
  try {
    parseMysqlUrl(text);
  } catch (error) {
    if (error instanceof MysqlUrlError) return error;
    throw error;
  }
  throw new Error(`${text} parsed`);
}

describe('parseMysqlUrl', () => {
  it('reads user, password, host, port and database', () => {
    expect(parseMysqlUrl('mysql://cdr:s3cret@db.example.com:3307/asteriskcdrdb')).toEqual({
      host: 'db.example.com',
      port: 3307,
      user: 'cdr',
      password: 's3cret',
      database: 'asteriskcdrdb',
    });
  });

  it('defaults the port to 3306 and accepts mariadb://', () => {
    expect(parseMysqlUrl('mariadb://cdr:pw@127.0.0.1/cdrdb')).toMatchObject({ host: '127.0.0.1', port: 3306, database: 'cdrdb' });
  });

  it('percent-decodes user, password and database', () => {
    expect(parseMysqlUrl('mysql://call%40center:p%40ss%3Aw%2Ford%25@h/cdr%5Fdb')).toMatchObject({ user: 'call@center', password: 'p@ss:w/ord%', database: 'cdr_db' });
  });

  it('takes an empty password and an IPv6 host without its brackets', () => {
    expect(parseMysqlUrl('mysql://cdr@[::1]:3306/cdr')).toMatchObject({ host: '::1', user: 'cdr', password: '' });
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['postgres://u:p@h/db', 'must start with mysql://'],
    ['mysql://u:p@h:3306/', 'has no database name'],
    ['mysql://u:p@h:3306', 'has no database name'],
    ['mysql://:p@h/db', 'has no user'],
    ['mysql://u:p@h/db/extra', 'more than one path segment'],
    ['mysql://u:p@h/db?ssl=true', 'takes no query string'],
    ['mysql://u:p%zz@h/db', 'malformed percent-escape in the password'],
  ])('refuses %s', (text, message) => {
    expect(errorOf(text).message).toContain(message);
  });

  it('never repeats the URL, so never the password, in its message', () => {
    for (const text of ['mysql://u:hunter2@h/db/x', 'mysql://u:hunter2@h/db?ssl=1', 'ftp://u:hunter2@h/db', 'mysql://u:hunter2%@h/db']) {
      expect(errorOf(text).message).not.toContain('hunter2');
    }
  });
});

describe('redactUrl', () => {
  it('replaces the password with ***', () => {
    expect(redactUrl('mysql://cdr:s3cret@127.0.0.1:3306/asteriskcdrdb')).toBe('mysql://cdr:***@127.0.0.1:3306/asteriskcdrdb');
  });

  it('leaves a URL without password as it is', () => {
    expect(redactUrl('ws://127.0.0.1:8088/ws')).toBe('ws://127.0.0.1:8088/ws');
    expect(redactUrl('mysql://cdr@h/db')).toBe('mysql://cdr@h/db');
  });

  it('shows nothing of a URL it cannot parse', () => {
    expect(redactUrl('mysql://u:pa ss@h/db')).not.toContain('pa ss');
  });
});
