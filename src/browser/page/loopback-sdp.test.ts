import { describe, expect, it } from 'vitest';
import { asDtlsClient, keepLoopbackCandidates, withoutCandidates } from './loopback-sdp.ts';

function sdpOf(candidates: string[]): string {
  return [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    ...candidates,
    'a=ice-ufrag:abcd',
    'a=rtcp-mux',
    '',
  ].join('\r\n');
}

const LAN_UDP = 'a=candidate:1 1 udp 2122260223 192.168.1.20 51000 typ host generation 0';
const LOOP_UDP = 'a=candidate:2 1 udp 2122194687 127.0.0.1 52000 typ host generation 0';
const LOOP_UDP_2 = 'a=candidate:3 1 udp 2122194600 127.0.0.1 53000 typ host generation 0';
const LOOP_TCP = 'a=candidate:4 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active generation 0';
const V6_UDP = 'a=candidate:5 1 udp 2122129151 fe80::1 54000 typ host generation 0';

describe('keepLoopbackCandidates', () => {
  it('keeps only 127.0.0.1 candidates and points c=, m= and a=rtcp at the first loopback UDP one', () => {
    const result = keepLoopbackCandidates(sdpOf([LAN_UDP, LOOP_TCP, LOOP_UDP, V6_UDP, LOOP_UDP_2]));
    // TCP is kept in the SDP but is not usable for RTP with Asterisk: only the two UDP ones count.
    expect(result.loopbackCandidates).toBe(2);
    expect(result.dropped).toBe(2);
    expect(result.sdp).toBe(
      [
        'v=0',
        'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
        's=-',
        't=0 0',
        'm=audio 52000 UDP/TLS/RTP/SAVPF 111 0',
        'c=IN IP4 127.0.0.1',
        'a=rtcp:52000 IN IP4 127.0.0.1',
        LOOP_TCP,
        LOOP_UDP,
        LOOP_UDP_2,
        'a=ice-ufrag:abcd',
        'a=rtcp-mux',
        '',
      ].join('\r\n'),
    );
  });

  it('does not take a component-2 candidate\'s port', () => {
    const rtcp = 'a=candidate:6 2 udp 2122194686 127.0.0.1 59999 typ host generation 0';
    const result = keepLoopbackCandidates(sdpOf([rtcp, LOOP_UDP]));
    expect(result.sdp).toContain('m=audio 52000 UDP/TLS/RTP/SAVPF 111 0');
    expect(result.sdp).toContain('a=rtcp:52000 IN IP4 127.0.0.1');
  });

  it('reports 0 usable candidates, and drops the others, when there is no loopback one', () => {
    const result = keepLoopbackCandidates(sdpOf([LAN_UDP, V6_UDP]));
    expect(result).toEqual({ sdp: sdpOf([]), loopbackCandidates: 0, dropped: 2 });
  });

  it('never returns a non-loopback candidate, even when the only loopback one is TCP', () => {
    const result = keepLoopbackCandidates(sdpOf([LAN_UDP, LOOP_TCP]));
    expect(result.loopbackCandidates).toBe(0);
    expect(result.sdp).not.toContain('192.168.1.20');
  });

  it('leaves an SDP without any candidate alone', () => {
    const sdp = sdpOf([]);
    expect(keepLoopbackCandidates(sdp)).toEqual({ sdp, loopbackCandidates: 0, dropped: 0 });
  });
});

describe('withoutCandidates', () => {
  const ASTERISK_CANDIDATE = 'a=candidate:Ha7f0001 1 UDP 2130706431 127.0.0.1 21506 typ host';

  it('removes every candidate line, loopback ones included, and keeps the rest of the SDP as it was', () => {
    const result = withoutCandidates(sdpOf([ASTERISK_CANDIDATE, LAN_UDP, LOOP_TCP]));
    expect(result).toEqual({ sdp: sdpOf([]), removed: 3 });
  });

  it('keeps the ICE credentials Chromium needs to answer and make checks', () => {
    const sdp = sdpOf([ASTERISK_CANDIDATE]).replace('a=ice-ufrag:abcd', 'a=ice-ufrag:abcd\r\na=ice-pwd:efgh');
    const result = withoutCandidates(sdp);
    expect(result.sdp).toContain('a=ice-ufrag:abcd\r\na=ice-pwd:efgh');
    expect(result.sdp).not.toContain('a=candidate:');
  });

  it('leaves an SDP without any candidate alone', () => {
    const sdp = sdpOf([]);
    expect(withoutCandidates(sdp)).toEqual({ sdp, removed: 0 });
  });
});

describe('asDtlsClient', () => {
  it('turns an offer\'s actpass into active, and leaves everything else as it was', () => {
    const offer = ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=setup:actpass', 'a=fingerprint:sha-256 AB:CD', 'a=rtcp-mux', ''].join('\r\n');
    expect(asDtlsClient(offer)).toEqual({ sdp: ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=setup:active', 'a=fingerprint:sha-256 AB:CD', 'a=rtcp-mux', ''].join('\r\n'), changed: 1 });
  });

  it('leaves a role already chosen alone', () => {
    const sdp = ['v=0', 'a=setup:passive', ''].join('\r\n');
    expect(asDtlsClient(sdp)).toEqual({ sdp, changed: 0 });
  });
});
