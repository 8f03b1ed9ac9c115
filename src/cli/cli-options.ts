import { CallcheckError } from '../contracts/errors.ts';
import type { ShardNumbering } from '../logic/plan/call-plan.ts';

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

/** Reads `--shard i/n` (1-based, as CI matrices and Kubernetes indexed Jobs count from 1 or 0+1). */
export function parseShard(text: string): ShardNumbering {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const shard = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || shard < 1 || shard > count) {
    throw new CallcheckError('INVALID_ARGUMENTS', `--shard ${text}: expected i/n with 1 ≤ i ≤ n, e.g. --shard 1/2`, {
      hint: 'run every shard of the split with the same n and its own i, then join them with callcheck merge',
    });
  }
  return { shard, count };
}

/** Reads `--port N` of show-report: 0 to 65535, 0 for any free port. */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CallcheckError('INVALID_ARGUMENTS', `--port ${text}: expected a port from 0 to 65535 (0: any free port)`, { hint: 'see callcheck --help' });
  return port;
}
