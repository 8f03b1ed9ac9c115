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
