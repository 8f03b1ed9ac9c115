import type { CallRecord } from '../contracts/call-record.ts';
import type { InviteTo200 } from './capture/invite-to-200.ts';

export interface CaptureAccuracy {
  /** Calls that have both a harness and a capture INVITE-to-200. */
  matched: number;
  maxAbsErrorMs: number;
  meanAbsErrorMs: number;
}

/**
 * The harness's INVITE-to-200 (page stamps) against the same interval on the wire (tcpdump on loopback),
 * call by call through the SIP Call-ID. Intervals are compared, so the two clocks' offset cancels out.
 */
export function compareWithCapture(calls: readonly Pick<CallRecord, 'sipCallId' | 'timeline'>[], wire: ReadonlyMap<string, InviteTo200>): CaptureAccuracy {
  const errors: number[] = [];
  for (const call of calls) {
    const { inviteSent, answered } = call.timeline;
    const seen = call.sipCallId === undefined ? undefined : wire.get(call.sipCallId);
    if (inviteSent === undefined || answered === undefined || seen?.okAt === undefined) continue;
    errors.push(Math.abs(answered - inviteSent - (seen.okAt - seen.inviteAt)));
  }
  if (errors.length === 0) return { matched: 0, maxAbsErrorMs: Number.NaN, meanAbsErrorMs: Number.NaN };
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { matched: errors.length, maxAbsErrorMs: round(Math.max(...errors)), meanAbsErrorMs: round(errors.reduce((a, b) => a + b, 0) / errors.length) };
}
