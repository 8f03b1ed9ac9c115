import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../contracts/errors.ts';
import { abortable } from './abortable.ts';

/** A promise with its settle functions. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('abortable', () => {
  it('returns the very promise when there is no signal', () => {
    const p = Promise.resolve(1);
    expect(abortable(p, undefined)).toBe(p);
  });

  it('settles with the promise while the signal is not aborted', async () => {
    const controller = new AbortController();
    await expect(abortable(Promise.resolve('done'), controller.signal)).resolves.toBe('done');
    const failure = new Error('boom');
    await expect(abortable(Promise.reject(failure), controller.signal)).rejects.toBe(failure);
  });

  it('rejects with InterruptedError at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await abortable(Promise.resolve('late'), controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).code).toBe('INTERRUPTED');
  });

  it('rejects with InterruptedError when the signal aborts before the promise settles, whatever the promise does later', async () => {
    const controller = new AbortController();
    const pending = deferred<string>();
    const wrapped = abortable(pending.promise, controller.signal);
    controller.abort();
    pending.resolve('too late');
    await expect(wrapped).rejects.toBeInstanceOf(InterruptedError);
  });

  it('ignores an abort after the promise settled', async () => {
    const controller = new AbortController();
    const pending = deferred<number>();
    const wrapped = abortable(pending.promise, controller.signal);
    pending.resolve(42);
    await expect(wrapped).resolves.toBe(42);
    controller.abort();
    await expect(wrapped).resolves.toBe(42);
  });
});
