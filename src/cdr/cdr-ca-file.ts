import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CallcheckError, type ErrorCode } from '../contracts/errors.ts';

/**
 * The PEM text of the CA a CDR database's certificate is checked against, read from `file` (relative to
 * the working folder). A file that is missing or holds no certificate is refused with `code`, naming the
 * option it came from, so a mistyped path never quietly becomes a plain connection.
 */
export async function readCdrCaFile(file: string, option: string, code: Extract<ErrorCode, 'INVALID_SCENARIO' | 'INVALID_ARGUMENTS'>): Promise<string> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CallcheckError(code, `${option} ${path} cannot be read: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, {
      cause,
      hint: `give ${option} the PEM file of the CA that signed the CDR database's certificate (relative paths start from the working folder)`,
    });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new CallcheckError(code, `${option} ${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`, {
      hint: `give ${option} the CA's certificate in PEM form (openssl x509 -in ca.der -inform der -out ca.pem converts a DER one)`,
    });
  }
  return text;
}
