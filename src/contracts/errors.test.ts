import { describe, expect, it } from 'vitest';
import { CallcheckError, InterruptedError, type ErrorCode } from './errors.ts';
import { ExitCode } from './exit-codes.ts';

describe('CallcheckError', () => {
  it.each([
    ['INVALID_SCENARIO', 2],
    ['INVALID_ARGUMENTS', 2],
    ['INVALID_HEADER_VALUES', 2],
    ['UNSENDABLE_HEADER_VALUE', 2],
    ['PREREQUISITE_MISSING', 3],
    ['STACK_START_FAILED', 3],
    ['BROWSER_START_FAILED', 3],
    ['PBX_UNREACHABLE', 3],
    ['CDR_TABLE_INCOMPLETE', 3],
    ['INTERRUPTED', 130],
  ] as [ErrorCode, number][])('exits %s with %d', (code, exit) => {
    expect(new CallcheckError(code, 'm').exitCode).toBe(exit);
  });

  it('keeps its code, message, hint and cause', () => {
    const cause = new Error('root');
    const error = new CallcheckError('STACK_START_FAILED', 'Asterisk did not start', { cause, hint: 'check docker' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CallcheckError');
    expect(error.message).toBe('Asterisk did not start');
    expect(error.code).toBe('STACK_START_FAILED');
    expect(error.hint).toBe('check docker');
    expect(error.cause).toBe(cause);
  });

  it('has no hint nor cause unless given', () => {
    const error = new CallcheckError('INVALID_ARGUMENTS', 'bad');
    expect(error.hint).toBeUndefined();
    expect('cause' in error).toBe(false);
  });
});

describe('InterruptedError', () => {
  it('is an INTERRUPTED CallcheckError exiting 130 that says partial results were kept', () => {
    const error = new InterruptedError('cancelled by SIGTERM');
    expect(error).toBeInstanceOf(CallcheckError);
    expect(error.name).toBe('InterruptedError');
    expect(error.code).toBe('INTERRUPTED');
    expect(error.exitCode).toBe(ExitCode.Interrupted);
    expect(error.message).toBe('Run cancelled by SIGTERM; partial results were kept.');
    expect(new InterruptedError().message).toBe('Run interrupted; partial results were kept.');
  });
});
