import { CallcheckError } from '../contracts/errors.ts';

/** Reads `--max-failures N`: a whole number of failed calls, at least 1, after which the load stops. */
export function parseMaxFailures(text: string): number {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new CallcheckError('INVALID_ARGUMENTS', `--max-failures ${text}: expected a whole number of failed calls, at least 1, e.g. --max-failures 5`, {
      hint: 'leave --max-failures out to place every planned call whatever fails',
    });
  }
  return n;
}
