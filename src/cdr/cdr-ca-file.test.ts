import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallcheckError } from '../contracts/errors.ts';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { readCdrCaFile } from './cdr-ca-file.ts';

const dir = useTempDir('cdr-ca-file');

describe('readCdrCaFile', () => {
  it('returns the PEM text of a certificate file', async () => {
    const file = join(dir(), 'ca.pem');
    await writeFile(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(await readCdrCaFile(file, 'pbx.cdrCaFile', 'INVALID_SCENARIO')).toContain('BEGIN CERTIFICATE');
  });

  it('refuses a missing file or one without a certificate, naming the option, the path and the code given', async () => {
    const missing = join(dir(), 'none.pem');
    await expect(readCdrCaFile(missing, '--cdr-ca', 'INVALID_ARGUMENTS')).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS', message: `--cdr-ca ${missing} cannot be read: ENOENT` });
    const key = join(dir(), 'key.pem');
    await writeFile(key, '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
    const error = await readCdrCaFile(key, 'pbx.cdrCaFile', 'INVALID_SCENARIO').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallcheckError);
    expect(error).toMatchObject({ code: 'INVALID_SCENARIO', message: `pbx.cdrCaFile ${key} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)` });
  });
});
