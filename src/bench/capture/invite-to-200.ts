import type { CapturedSipMessage } from './captured-sip-messages.ts';

export interface InviteTo200 {
  /** Capture time of the first INVITE request of the Call-ID, ms. */
  inviteAt: number;
  /** Capture time of the first 2xx response to an INVITE of the Call-ID, ms; undefined if none was seen. */
  okAt: number | undefined;
}

/**
 * INVITE-to-200 per call as the wire saw it: from the first INVITE (the one Asterisk challenges, as the
 * harness's timeline does) to the first 2xx whose CSeq method is INVITE. Call-IDs without an INVITE are
 * left out.
 */
export function inviteTo200FromCapture(messages: readonly CapturedSipMessage[]): Map<string, InviteTo200> {
  const out = new Map<string, InviteTo200>();
  for (const m of messages) {
    if (!m.callId) continue;
    if (m.method === 'INVITE') {
      if (!out.has(m.callId)) out.set(m.callId, { inviteAt: m.at, okAt: undefined });
    } else if (m.status !== undefined && m.status >= 200 && m.status < 300 && m.cseqMethod === 'INVITE') {
      const entry = out.get(m.callId);
      if (entry && entry.okAt === undefined) entry.okAt = m.at;
    }
  }
  return out;
}
