import { describe, expect, it } from 'vitest';
import { cdrEngineOf, cdrServerName } from './cdr-engine.ts';

describe('the CDR database engine', () => {
  it('is read from the server\'s version: MariaDB names itself there, MySQL does not', () => {
    expect(cdrEngineOf('11.8.9-MariaDB-4 from Debian')).toBe('mariadb');
    expect(cdrEngineOf('10.11.6-MariaDB')).toBe('mariadb');
    expect(cdrEngineOf('9.7.4-2')).toBe('mysql');
    expect(cdrEngineOf('8.4.3')).toBe('mysql');
  });

  it('is shown with the version, or the version alone where results predate it', () => {
    expect(cdrServerName('mysql', '9.7.4-2')).toBe('MySQL 9.7.4-2');
    expect(cdrServerName('mariadb', '11.8.9-MariaDB-4 from Debian')).toBe('MariaDB 11.8.9-MariaDB-4 from Debian');
    expect(cdrServerName(undefined, '10.11.6-MariaDB')).toBe('10.11.6-MariaDB');
  });
});
