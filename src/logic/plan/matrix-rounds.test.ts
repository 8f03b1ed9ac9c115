import { describe, expect, it } from 'vitest';
import { matrixRounds } from './matrix-rounds.ts';

describe('matrixRounds', () => {
  it('rotates the builds by one position per round', () => {
    expect(matrixRounds(['a', 'b', 'c'], 4)).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ]);
  });

  it('puts every build in every position once per full rotation', () => {
    const builds = ['chromium-150', 'chromium-156', 'firefox-140', 'firefox-153'];
    const rounds = matrixRounds(builds, 8);
    for (const build of builds) {
      const positions = rounds.map((order) => order.indexOf(build));
      // Two full rotations: each position twice.
      expect([...positions].sort()).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    }
    // Every round runs every build exactly once.
    for (const order of rounds) expect([...order].sort()).toEqual([...builds].sort());
  });

  it('keeps a single round in the order given', () => {
    expect(matrixRounds(['x', 'y'], 1)).toEqual([['x', 'y']]);
  });

  it('refuses an empty matrix and a round count that is not a whole positive number', () => {
    expect(() => matrixRounds([], 2)).toThrow(/at least one build/);
    expect(() => matrixRounds(['a'], 0)).toThrow(/rounds/);
    expect(() => matrixRounds(['a'], 1.5)).toThrow(/rounds/);
  });
});
