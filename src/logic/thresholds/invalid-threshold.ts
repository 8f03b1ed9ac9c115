import { CallcheckError } from '../../contracts/errors.ts';

/** The wording of a threshold that is wrong: an INVALID_SCENARIO error with its hint, quoted names, lists. */

export function invalid(message: string, hint: string): CallcheckError {
  return new CallcheckError('INVALID_SCENARIO', message, { hint });
}

export function quoted(text: string): string {
  return `'${text}'`;
}

export function list(values: readonly string[]): string {
  return values.join(', ');
}
