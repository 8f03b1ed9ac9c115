/**
 * Keeps only the 127.0.0.1 ICE candidates of an SDP and points its default address (c=, m= port and
 * a=rtcp) at the first UDP RTP one, so Asterisk is never offered, and never sends to, an address off
 * loopback. `loopbackCandidates` counts the usable ones (UDP, component 1); when it is 0 the caller must
 * not send the SDP, whatever it holds.
 */
export function keepLoopbackCandidates(sdp: string): { sdp: string; loopbackCandidates: number; dropped: number } {
  const lines = sdp.split('\r\n');
  let loopbackCandidates = 0;
  let dropped = 0;
  let port: string | undefined;
  const kept = lines.filter((line) => {
    if (!line.startsWith('a=candidate:')) return true;
    // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
    const parts = line.split(' ');
    const address = parts[4];
    const transport = parts[2]?.toLowerCase();
    if (address === '127.0.0.1') {
      if (transport === 'udp' && parts[1] === '1') {
        loopbackCandidates++;
        port ??= parts[5];
      }
      return true;
    }
    dropped++;
    return false;
  });
  if (port === undefined) return { sdp: kept.join('\r\n'), loopbackCandidates: 0, dropped };
  const rewritten = kept.map((line) => {
    if (line.startsWith('c=IN IP')) return 'c=IN IP4 127.0.0.1';
    if (line.startsWith('m=')) return line.replace(/^(m=\S+ )\d+/, `$1${port}`);
    if (line.startsWith('a=rtcp:')) return `a=rtcp:${port} IN IP4 127.0.0.1`;
    return line;
  });
  return { sdp: rewritten.join('\r\n'), loopbackCandidates, dropped };
}

/**
 * Removes every ICE candidate line from a remote SDP (Asterisk's), leaving its ICE credentials. Chromium
 * pairs each remote candidate it is told about with every local socket it has, the host's interface
 * addresses included, and prefers those pairs over loopback ones; told none, it pairs only the socket
 * Asterisk's own connectivity checks reach, as a peer-reflexive candidate. Asterisk (a full ICE agent)
 * checks only the candidates in the agent's SDP, i.e. 127.0.0.1, so the one pair is loopback to loopback.
 */
export function withoutCandidates(sdp: string): { sdp: string; removed: number } {
  const lines = sdp.split('\r\n');
  const kept = lines.filter((line) => !line.startsWith('a=candidate:'));
  return { sdp: kept.join('\r\n'), removed: lines.length - kept.length };
}

/**
 * Makes the agent the DTLS client: its offer's `a=setup:actpass` becomes `a=setup:active` in the SDP sent to
 * Asterisk, so Asterisk answers `passive` and waits for the browser's ClientHello, which the browser sends
 * as soon as its ICE check succeeds. The browser's own description keeps actpass, which a passive answer
 * satisfies. Left to choose (actpass), Asterisk takes the client role and sends its ClientHello right after
 * its first connectivity check, before the 200 OK has reached the agent: Chromium keeps that early packet,
 * Firefox (ESR 140 and 153) drops it, and the handshake waited for Asterisk's retransmission, 1 s later,
 * on every call (seen in a capture: ClientHello at +0 ms, answer applied at +3 ms, retransmission at +999 ms).
 * One role for every browser keeps the phases after the answer comparable between builds.
 */
export function asDtlsClient(sdp: string): { sdp: string; changed: number } {
  let changed = 0;
  const lines = sdp.split('\r\n').map((line) => {
    if (line !== 'a=setup:actpass') return line;
    changed++;
    return 'a=setup:active';
  });
  return { sdp: lines.join('\r\n'), changed };
}
