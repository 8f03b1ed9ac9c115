import { CallcheckError } from '../../src/contracts/errors.ts';

/** Runs `fn`, which must throw a CallcheckError, and returns it. */
export function callcheckErrorOf(fn: () => unknown): CallcheckError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CallcheckError) return error;
    throw error;
  }
  throw new Error('expected a CallcheckError, nothing was thrown');
}

/** Awaits `promise`, which must reject with a CallcheckError, and returns it. */
export async function rejectionOf(promise: Promise<unknown>): Promise<CallcheckError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof CallcheckError) return error;
  throw new Error(`expected a CallcheckError, got ${String(error)}`);
}
