import type { SipTrace } from '../../contracts/call-record.ts';

/** A SIP message as it crossed the WebSocket, reduced to what the timeline needs. */
export interface TappedMessage extends SipTrace {
  callId: string;
  /** CSeq method, e.g. INVITE, BYE, REGISTER. */
  method: string;
  /** Status code of a response, undefined for a request. */
  status?: number;
}

const CALL_ID = /^(?:Call-ID|i)\s*:\s*(.+)$/im;
const CSEQ = /^CSeq\s*:\s*\d+\s+([A-Za-z]+)/im;

/**
 * Parses the first line, Call-ID and CSeq method of a raw SIP message. Stamps are taken where the
 * message crosses the WebSocket, which is the closest a page can get to the wire.
 */
export function parseSipMessage(raw: string, direction: SipTrace['direction'], at: number): TappedMessage | undefined {
  const end = raw.indexOf('\r\n');
  const firstLine = end < 0 ? raw : raw.slice(0, end);
  const callId = CALL_ID.exec(raw)?.[1]?.trim();
  const method = CSEQ.exec(raw)?.[1]?.toUpperCase();
  if (!callId || !method) return undefined;
  const statusMatch = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
  const message: TappedMessage = { at, direction, firstLine, callId, method };
  if (statusMatch?.[1]) message.status = Number(statusMatch[1]);
  return message;
}
