import { CallcheckError } from '../contracts/errors.ts';
import type { ShardNumbering } from '../logic/plan/call-plan.ts';

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
