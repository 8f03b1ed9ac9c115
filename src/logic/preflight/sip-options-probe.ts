/** Random parts of the probe, drawn by the caller so tests are deterministic. */
export interface ProbeIds {
  /** Host of the Via: RFC 7118 clients use a random `.invalid` name, having no address the server could reach. */
  viaHost: string;
  branch: string;
  tag: string;
  callId: string;
}

/**
 * An out-of-dialog OPTIONS to the PBX itself (RFC 3261 §11), sent over the checked WebSocket: whatever it
 * answers (200, or 401 to a sender it does not know) proves it speaks SIP there, and its `Server` header
 * names the software, which is how an external PBX's Asterisk version is learned without logging in.
 */
export function optionsRequest(domain: string, transport: 'WS' | 'WSS', ids: ProbeIds): string {
  return [
    `OPTIONS sip:${domain} SIP/2.0`,
    `Via: SIP/2.0/${transport} ${ids.viaHost};branch=z9hG4bK${ids.branch}`,
    'Max-Forwards: 70',
    `To: <sip:${domain}>`,
    `From: <sip:callcheck-preflight@${domain}>;tag=${ids.tag}`,
    `Call-ID: ${ids.callId}`,
    'CSeq: 1 OPTIONS',
    'Accept: application/sdp',
    'User-Agent: callcheck-preflight',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** What a SIP response says about the server that sent it. */
export interface SipAnswer {
  status: number;
  reason: string;
  /** The `Server` header (Asterisk: `Asterisk PBX 22.10.1`), if any; else the `User-Agent` header, if any. */
  server?: string;
  callId?: string;
}

/** Reads a SIP response's status line and the headers that name the server; undefined for a request or non-SIP text. */
export function parseSipAnswer(text: string): SipAnswer | undefined {
  const [head = ''] = text.split(/\r?\n\r?\n/, 1);
  const [statusLine = '', ...headerLines] = head.split(/\r?\n/);
  const status = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(statusLine);
  if (!status) return undefined;
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Compact forms (RFC 3261 §7.3.3): i is Call-ID; Server and User-Agent have none.
    headers.set(name === 'i' ? 'call-id' : name, line.slice(colon + 1).trim());
  }
  const answer: SipAnswer = { status: Number(status[1]), reason: status[2] ?? '' };
  const server = headers.get('server') ?? headers.get('user-agent');
  if (server) answer.server = server;
  const callId = headers.get('call-id');
  if (callId) answer.callId = callId;
  return answer;
}
