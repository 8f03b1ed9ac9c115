import { describe, expect, it } from 'vitest';
import { AgentQueue } from './agent-queue.ts';

describe('AgentQueue', () => {
  it('hands out free agents first come, first served, and the extra ones only when the others are busy', () => {
    const queue = new AgentQueue(['a0', 'a1'], ['a2']);
    expect(queue.take()).toBe('a0');
    queue.give('a0');
    expect(queue.take()).toBe('a1');
    expect(queue.take()).toBe('a0');
    expect(queue.take()).toBe('a2');
    expect(queue.take()).toBeUndefined();
    queue.give('a2');
    queue.give('a1');
    expect([queue.take(), queue.take(), queue.take()]).toEqual(['a2', 'a1', undefined]);
  });

  it('keeps its order over many hand-outs', () => {
    const queue = new AgentQueue(['a', 'b', 'c'], []);
    const seen: Array<string | undefined> = [];
    for (let i = 0; i < 5000; i++) {
      const agent = queue.take();
      seen.push(agent);
      if (agent) queue.give(agent);
    }
    expect(seen.slice(0, 4)).toEqual(['a', 'b', 'c', 'a']);
    expect(seen.slice(-3)).toEqual(['c', 'a', 'b']);
    expect(seen.filter((a) => a === 'a')).toHaveLength(1667);
  });
});
