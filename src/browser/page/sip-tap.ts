import type { SipTrace } from '../../contracts/call-record.ts';
import { parseSipHead } from '../../logic/sip/sip-message.ts';

/** A SIP message as it crossed the WebSocket, reduced to what the timeline needs. */
export interface TappedMessage extends SipTrace {
  callId: string;
  /** CSeq method, e.g. INVITE, BYE, REGISTER. */
  method: string;
  /** Status code of a response, undefined for a request. */
  status?: number;
}

/**
 * The first line, Call-ID and CSeq method of a raw SIP message (see parseSipHead), stamped where the
 * message crosses the WebSocket, which is the closest a page can get to the wire. Undefined for a message
 * without Call-ID or CSeq: it belongs to no call's timeline.
 */
export function parseSipMessage(raw: string, direction: SipTrace['direction'], at: number): TappedMessage | undefined {
  const head = parseSipHead(raw);
  if (!head?.callId || !head.cseqMethod) return undefined;
  const message: TappedMessage = { at, direction, firstLine: head.firstLine, callId: head.callId, method: head.cseqMethod };
  if (head.status !== undefined) message.status = head.status;
  return message;
}
