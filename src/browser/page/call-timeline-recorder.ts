import type { CallTimeline, SipTrace, TimelineEvent } from '../../contracts/call-record.ts';
import type { TappedMessage } from './sip-tap.ts';

/**
 * Turns the SIP messages of one call into timeline stamps. Only the first occurrence of each event
 * counts: the INVITE that follows Asterisk's 401 challenge is a retry of the same dial, not a new one.
 */
export class CallTimelineRecorder {
  readonly timeline: CallTimeline = {};
  readonly sip: SipTrace[] = [];
  finalStatus: number | undefined;
  finalReason: string | undefined;
  /** The last 401/407 to the INVITE: the final answer when the credentials were refused again. */
  lastChallenge: number | undefined;

  stamp(event: TimelineEvent, at: number): void {
    if (this.timeline[event] === undefined) this.timeline[event] = at;
  }

  onMessage(m: TappedMessage): void {
    this.sip.push({ at: m.at, direction: m.direction, firstLine: m.firstLine });
    if (m.direction === 'sent') {
      if (m.method === 'INVITE' && m.status === undefined) this.stamp('inviteSent', m.at);
      // ACKs for the 401 challenge are sent before any 200; only the ACK of the 200 completes the dial.
      if (m.method === 'ACK' && this.timeline.answered !== undefined) this.stamp('ackSent', m.at);
      if (m.method === 'BYE' && m.status === undefined) this.stamp('byeSent', m.at);
      if (m.method === 'CANCEL' && m.status === undefined) this.stamp('cancelSent', m.at);
      return;
    }
    if (m.status === undefined) return;
    // The call has ended when the agent's BYE is answered.
    if (m.method === 'BYE' && m.status >= 200) this.stamp('ended', m.at);
    if (m.method === 'INVITE') {
      if (m.status === 100) this.stamp('trying', m.at);
      else if (m.status === 180 || m.status === 183) this.stamp('ringing', m.at);
      else if (m.status >= 200 && m.status < 300) this.stamp('answered', m.at);
      // 401/407 are the digest challenge: the dial goes on with credentials.
      if (m.status === 401 || m.status === 407) this.lastChallenge = m.status;
      else if (m.status >= 200) {
        this.finalStatus ??= m.status;
        this.finalReason ??= m.firstLine.replace(/^SIP\/2\.0 \d{3}\s*/, '');
        // A refusal ends the call where it arrives.
        if (m.status >= 300) this.stamp('ended', m.at);
      }
    }
  }
}

/**
 * The one clock of every stamp in a page: epoch milliseconds with sub-millisecond resolution. All of a
 * call's stamps come from it, so its phases are differences on one clock.
 */
export const now = (): number => performance.timeOrigin + performance.now();
