import { describe, expect, it } from 'vitest';
import { compareWithCapture } from './capture-accuracy.ts';

describe('compareWithCapture', () => {
  it('compares each call\'s INVITE-to-200 with the wire\'s, through the Call-ID, whatever the clocks\' offset', () => {
    const calls = [
      { sipCallId: 'a', timeline: { inviteSent: 1000, answered: 1213.5 } },
      { sipCallId: 'b', timeline: { inviteSent: 2000, answered: 2210 } },
      { sipCallId: 'c', timeline: { inviteSent: 3000 } },
      { timeline: { inviteSent: 4000, answered: 4200 } },
    ];
    const wire = new Map([
      ['a', { inviteAt: 51_000.2, okAt: 51_212.3 }],
      ['b', { inviteAt: 52_000, okAt: 52_214 }],
      ['c', { inviteAt: 53_000, okAt: 53_100 }],
    ]);
    const accuracy = compareWithCapture(calls, wire);
    expect(accuracy.matched).toBe(2);
    expect(accuracy.maxAbsErrorMs).toBeCloseTo(4);
    expect(accuracy.meanAbsErrorMs).toBeCloseTo((1.4 + 4) / 2);
  });

  it('says when no call could be matched, rather than claiming no error', () => {
    const accuracy = compareWithCapture([{ sipCallId: 'x', timeline: { inviteSent: 1, answered: 2 } }], new Map());
    expect(accuracy.matched).toBe(0);
    expect(accuracy.maxAbsErrorMs).toBeNaN();
  });
});
