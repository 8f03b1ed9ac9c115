/**
 * The order the builds of a browser matrix run in, round by round. Every round runs the whole workload
 * once on each build; the order rotates by one build per round, so over every `builds.length` rounds each
 * build runs once in each position. A machine that slows down or speeds up during the run (thermal limits,
 * another job, a cache warming up) then falls on every build alike, instead of on whichever ran last.
 */
export function matrixRounds(builds: readonly string[], rounds: number): string[][] {
  if (builds.length === 0) throw new RangeError('a browser matrix needs at least one build');
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a whole number of at least 1, got ${rounds}`);
  const order: string[][] = [];
  for (let r = 0; r < rounds; r++) {
    const shift = r % builds.length;
    order.push([...builds.slice(shift), ...builds.slice(0, shift)]);
  }
  return order;
}
