/** What callcheck reads of a SIP message: its first line, the request method or response status, Call-ID and CSeq. */
export interface SipHead {
  firstLine: string;
  /** Request method, upper case; undefined for a response. */
  method: string | undefined;
  /** Response status; undefined for a request. */
  status: number | undefined;
  /** Empty when the message has no Call-ID header. */
  callId: string;
  /** CSeq method, upper case (the method a response answers); empty when the message has no CSeq header. */
  cseqMethod: string;
}

/** The header names (long and compact forms, RFC 3261 §7.3.3) of the Call-ID. */
const CALL_ID_NAMES = new Set(['call-id', 'i']);

/**
 * The head of one SIP message as it crossed a WebSocket (RFC 7118: one message per WebSocket message),
 * from the agents' page or from a packet capture: only the header section is read, so a body line that
 * looks like a header is never taken for one. Undefined for text whose first line is neither a request
 * nor a response.
 */
export function parseSipHead(text: string): SipHead | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  const lines = (headEnd < 0 ? text : text.slice(0, headEnd)).split(/\r?\n/);
  const firstLine = lines[0] ?? '';
  const response = /^SIP\/2\.0 (\d{3})\b/.exec(firstLine);
  const request = /^([A-Za-z]+) \S+ SIP\/2\.0$/.exec(firstLine);
  if (!response && !request) return undefined;
  let callId = '';
  let cseqMethod = '';
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (!callId && CALL_ID_NAMES.has(name)) callId = value;
    else if (!cseqMethod && name === 'cseq') cseqMethod = (/^\d+\s+(\S+)/.exec(value)?.[1] ?? '').toUpperCase();
  }
  return {
    firstLine,
    method: request ? (request[1] as string).toUpperCase() : undefined,
    status: response ? Number(response[1]) : undefined,
    callId,
    cseqMethod,
  };
}
