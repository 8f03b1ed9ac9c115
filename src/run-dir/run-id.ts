import { randomBytes } from 'node:crypto';

/** A run id that sorts by time and never repeats: `20261126-074512-3fa9`. */
export function makeRunId(now: Date = new Date(), random: (n: number) => Buffer = randomBytes): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${random(2).toString('hex')}`;
}
