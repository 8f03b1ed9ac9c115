import type { z } from 'zod';
import { ExitCode } from './exit-codes.ts';

/** Stable machine-readable error codes; each maps to one exit code. */
export type ErrorCode =
  | 'INVALID_SCENARIO'
  | 'INVALID_ARGUMENTS'
  | 'INVALID_HEADER_VALUES'
  | 'UNSENDABLE_HEADER_VALUE'
  | 'PREREQUISITE_MISSING'
  | 'STACK_START_FAILED'
  | 'BROWSER_START_FAILED'
  | 'CDR_READ_FAILED'
  /** An external PBX's WebSocket or CDR database cannot be reached, or refuses callcheck's login. */
  | 'PBX_UNREACHABLE'
  /** An external PBX's CDR table is missing, or lacks a column the run reads. */
  | 'CDR_TABLE_INCOMPLETE'
  /** A run directory that is missing, or whose files are damaged, cut short or not callcheck's. */
  | 'INVALID_RUN_DIRECTORY'
  /** A call center's Asterisk configuration (`asterisk`) lacks what callcheck needs to put it under test (its trunk, its CDR backend). */
  | 'CONFIG_NOT_USABLE'
  /** Asterisk refused a call center's configuration at boot: a syntax error, a missing module, an application this Asterisk lacks. */
  | 'CONFIG_NOT_LOADED'
  | 'INTERRUPTED';

const exitCodeOf: Record<ErrorCode, ExitCode> = {
  INVALID_SCENARIO: ExitCode.BadUsage,
  INVALID_ARGUMENTS: ExitCode.BadUsage,
  INVALID_HEADER_VALUES: ExitCode.BadUsage,
  UNSENDABLE_HEADER_VALUE: ExitCode.BadUsage,
  PREREQUISITE_MISSING: ExitCode.Infrastructure,
  STACK_START_FAILED: ExitCode.Infrastructure,
  BROWSER_START_FAILED: ExitCode.Infrastructure,
  CDR_READ_FAILED: ExitCode.Infrastructure,
  PBX_UNREACHABLE: ExitCode.Infrastructure,
  CDR_TABLE_INCOMPLETE: ExitCode.Infrastructure,
  INVALID_RUN_DIRECTORY: ExitCode.BadUsage,
  CONFIG_NOT_USABLE: ExitCode.BadUsage,
  CONFIG_NOT_LOADED: ExitCode.Infrastructure,
  INTERRUPTED: ExitCode.Interrupted,
};

export interface CallcheckErrorOptions {
  cause?: unknown;
  /** What to try next; printed under the message. */
  hint?: string;
}

/**
 * The one error base of callcheck. The message says what was expected, the limit and what was
 * observed; `hint` says what to do. The CLI prints both and exits with {@link CallcheckError.exitCode}.
 */
export class CallcheckError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: CallcheckErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CallcheckError';
    this.code = code;
    this.hint = options.hint;
  }

  get exitCode(): ExitCode {
    return exitCodeOf[this.code];
  }
}

/** Thrown when a run is cancelled through its AbortSignal (SIGINT/SIGTERM). */
export class InterruptedError extends CallcheckError {
  constructor(reason = 'interrupted') {
    super('INTERRUPTED', `Run ${reason}; partial results were kept.`);
    this.name = 'InterruptedError';
  }
}

/**
 * Zod's issues as `  field.path: message` lines, one per issue, each naming the field and what was
 * expected; `whole` names the value itself where an issue has no path.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], whole = '(scenario)'): string {
  return issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : whole;
      return `  ${path}: ${issue.message}`;
    })
    .join('\n');
}
