import { describe, expect, it } from 'vitest';
import { Connection, ethernet, FLAG, ipv4, ipv6, pcapFile, sll2, tcpHeader, wsFrame, type Frame } from '../../../tests/support/pcap-writer.ts';
import { sipMessagesFromPcap, type CapturedSipMessage } from './captured-sip-messages.ts';
import { inviteTo200FromCapture } from './invite-to-200.ts';
import { LINKTYPE } from './pcap-file.ts';

const enc = new TextEncoder();

const SERVER_PORT = 8088;
const MASK = [0x37, 0xfa, 0x21, 0x3d];
const T0 = 1_764_000_000_000; // ms since the epoch

const UPGRADE_REQUEST = 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1:8088\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n\r\n';
const UPGRADE_RESPONSE = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: sip\r\n\r\n';

function request(method: string, callId: string, cseq: number, body = ''): string {
  return [
    `${method} sip:200000001@127.0.0.1 SIP/2.0`,
    'Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK776asdhds',
    'From: <sip:agent001@127.0.0.1>;tag=1928301774',
    'To: <sip:200000001@127.0.0.1>',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    `Content-Length: ${enc.encode(body).length}`,
    '',
    body,
  ].join('\r\n');
}

function response(status: string, callId: string, cseq: number, method: string, compact = false): string {
  return [
    `SIP/2.0 ${status}`,
    'Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK776asdhds',
    'From: <sip:agent001@127.0.0.1>;tag=1928301774',
    'To: <sip:200000001@127.0.0.1>;tag=as83kd',
    `${compact ? 'i' : 'Call-ID'}: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n';

const summary = (messages: readonly CapturedSipMessage[]) => messages.map((m) => [m.direction, m.firstLine, m.cseqMethod]);

describe('sipMessagesFromPcap', () => {
  /** One agent's call: upgrade, INVITE, 401, ACK, INVITE with credentials, 100, 200 (split), ACK. */
  function oneCall(conn: Connection, callId: string, t: number): Connection {
    const invite1 = request('INVITE', callId, 1, SDP);
    const ok = wsFrame(response('200 OK', callId, 2, 'INVITE'));
    return conn
      .send('client', t + 1, wsFrame(invite1, { mask: MASK }))
      .send('server', t + 2.25, wsFrame(response('401 Unauthorized', callId, 1, 'INVITE')))
      .send('client', t + 2.5, wsFrame(request('ACK', callId, 1), { mask: MASK }))
      .send('client', t + 3, wsFrame(request('INVITE', callId, 2, SDP), { mask: MASK }))
      .send('server', t + 4, wsFrame(response('100 Trying', callId, 2, 'INVITE')))
      // The 200 OK in two segments, the second 0.5 ms later: the message is complete at the second.
      .send('server', t + 250, ok.subarray(0, 40))
      .send('server', t + 250.5, ok.subarray(40))
      .send('client', t + 251, wsFrame(request('ACK', callId, 2), { mask: MASK }));
  }

  it('reassembles, unmasks and parses a call, timestamped by the packet completing each message', () => {
    const conn = new Connection({ clientPort: 40001, serverPort: SERVER_PORT }).handshake(T0);
    conn.send('client', T0 + 0.1, enc.encode(UPGRADE_REQUEST)).send('server', T0 + 0.2, enc.encode(UPGRADE_RESPONSE));
    oneCall(conn, 'call-1', T0);
    const result = sipMessagesFromPcap(pcapFile(conn.packets), { serverPort: SERVER_PORT });
    expect(result.problems).toEqual([]);
    expect(result.linkType).toBe(1);
    expect(summary(result.messages)).toEqual([
      ['to-server', 'INVITE sip:200000001@127.0.0.1 SIP/2.0', 'INVITE'],
      ['from-server', 'SIP/2.0 401 Unauthorized', 'INVITE'],
      ['to-server', 'ACK sip:200000001@127.0.0.1 SIP/2.0', 'ACK'],
      ['to-server', 'INVITE sip:200000001@127.0.0.1 SIP/2.0', 'INVITE'],
      ['from-server', 'SIP/2.0 100 Trying', 'INVITE'],
      ['from-server', 'SIP/2.0 200 OK', 'INVITE'],
      ['to-server', 'ACK sip:200000001@127.0.0.1 SIP/2.0', 'ACK'],
    ]);
    expect(result.messages.every((m) => m.client === '127.0.0.1:40001' && m.callId === 'call-1')).toBe(true);
    expect(result.messages[5]?.at).toBeCloseTo(T0 + 250.5, 6);

    const calls = inviteTo200FromCapture(result.messages);
    expect([...calls.keys()]).toEqual(['call-1']);
    const call = calls.get('call-1');
    expect(call?.inviteAt).toBeCloseTo(T0 + 1, 6);
    expect(call?.okAt).toBeCloseTo(T0 + 250.5, 6);
  });

  it('puts reordered and retransmitted segments back in sequence order, once', () => {
    const conn = new Connection({ clientPort: 40002, serverPort: SERVER_PORT }).handshake(T0);
    const a = wsFrame(response('180 Ringing', 'c2', 1, 'INVITE'));
    const b = wsFrame(response('200 OK', 'c2', 1, 'INVITE'));
    const both = new Uint8Array([...a, ...b]);
    conn.send('client', T0 + 1, wsFrame(request('INVITE', 'c2', 1), { mask: MASK }));
    // The second half first, then the first half, then a retransmission overlapping both.
    conn.raw('server', T0 + 2, both.subarray(30), 30);
    conn.raw('server', T0 + 3, both.subarray(0, 30), 0);
    conn.raw('server', T0 + 4, both.subarray(10, 60), 10);
    conn.advance('server', both.length);
    conn.send('server', T0 + 5, wsFrame(response('200 OK', 'c2', 2, 'BYE')));
    const { messages, problems } = sipMessagesFromPcap(pcapFile(conn.packets), { serverPort: SERVER_PORT });
    expect(problems).toEqual([]);
    expect(summary(messages)).toEqual([
      ['to-server', 'INVITE sip:200000001@127.0.0.1 SIP/2.0', 'INVITE'],
      ['from-server', 'SIP/2.0 180 Ringing', 'INVITE'],
      ['from-server', 'SIP/2.0 200 OK', 'INVITE'],
      ['from-server', 'SIP/2.0 200 OK', 'BYE'],
    ]);
    // Both completed when the gap was filled, at 3 ms.
    expect(messages[1]?.at).toBeCloseTo(T0 + 3, 6);
    expect(messages[2]?.at).toBeCloseTo(T0 + 3, 6);
  });

  it('follows sequence numbers across the 32-bit wrap', () => {
    const conn = new Connection({ clientPort: 40003, serverPort: SERVER_PORT, clientIsn: 0xffffffe0, serverIsn: 0xfffffff0 }).handshake(T0);
    conn.send('client', T0 + 1, wsFrame(request('INVITE', 'wrap', 1, SDP), { mask: MASK }), [10, 40]);
    conn.send('server', T0 + 2, wsFrame(response('200 OK', 'wrap', 1, 'INVITE')), [5]);
    const { messages, problems } = sipMessagesFromPcap(pcapFile(conn.packets), { serverPort: SERVER_PORT });
    expect(problems).toEqual([]);
    expect(summary(messages)).toEqual([
      ['to-server', 'INVITE sip:200000001@127.0.0.1 SIP/2.0', 'INVITE'],
      ['from-server', 'SIP/2.0 200 OK', 'INVITE'],
    ]);
  });

  it('joins fragmented messages around a control frame, reads 16- and 64-bit lengths, ignores other ports', () => {
    const conn = new Connection({ clientPort: 40004, serverPort: SERVER_PORT }).handshake(T0);
    const text = enc.encode(request('MESSAGE', 'frag', 1, 'x'.repeat(300)));
    conn.send('client', T0 + 1, wsFrame(text.subarray(0, 100), { mask: MASK, fin: false }));
    conn.send('client', T0 + 2, wsFrame(new Uint8Array([1, 2]), { mask: MASK, opcode: 9 }));
    conn.send('client', T0 + 3, wsFrame(text.subarray(100), { mask: MASK, opcode: 0 }));
    // Over 64 KiB: a 64-bit length, carried in two TCP segments.
    conn.send('server', T0 + 4, wsFrame(request('OPTIONS', 'big', 1, 'y'.repeat(70_000))), [40_000]);
    const other = new Connection({ clientPort: 40005, serverPort: 5060 }).handshake(T0).send('client', T0 + 1, wsFrame(request('INVITE', 'elsewhere', 1)));
    const { messages, problems, segments } = sipMessagesFromPcap(pcapFile([...conn.packets, ...other.packets].sort((x, y) => x.at - y.at)), { serverPort: SERVER_PORT });
    expect(problems).toEqual([]);
    expect(segments).toBe(conn.packets.length);
    expect(messages.map((m) => [m.method, m.callId])).toEqual([
      ['MESSAGE', 'frag'],
      ['OPTIONS', 'big'],
    ]);
    expect(messages[0]?.at).toBeCloseTo(T0 + 3, 6);
  });

  it('reads IPv6 in Linux cooked (SLL2) frames', () => {
    const lo6 = [...new Array<number>(15).fill(0), 1];
    const frame: Frame = (src, dst, tcp) => sll2(0x86dd, ipv6(src, dst, tcp));
    const conn = new Connection({ clientIp: lo6, serverIp: lo6, clientPort: 40006, serverPort: SERVER_PORT, frame }).handshake(T0);
    conn.send('client', T0 + 0.1, enc.encode(UPGRADE_REQUEST)).send('server', T0 + 0.2, enc.encode(UPGRADE_RESPONSE));
    oneCall(conn, 'v6', T0);
    const result = sipMessagesFromPcap(pcapFile(conn.packets, { linkType: LINKTYPE.LINUX_SLL2 }), { serverPort: SERVER_PORT });
    expect(result.problems).toEqual([]);
    expect(result.messages).toHaveLength(7);
    expect(result.messages[0]?.client).toBe('[0:0:0:0:0:0:0:1]:40006');
    expect(inviteTo200FromCapture(result.messages).get('v6')?.okAt).toBeCloseTo(T0 + 250.5, 6);
  });

  it('ignores Ethernet padding after the IP packet', () => {
    const tcp = tcpHeader({ srcPort: 40007, dstPort: SERVER_PORT, seq: 1, flags: FLAG.ACK | FLAG.PSH, payload: wsFrame('OPTIONS sip:x SIP/2.0\r\nCall-ID: p\r\nCSeq: 1 OPTIONS\r\n\r\n', { mask: MASK }) });
    const padded = ethernet(0x0800, ipv4([127, 0, 0, 1], [127, 0, 0, 1], tcp), 14 + 20 + tcp.length + 6);
    const { messages, problems } = sipMessagesFromPcap(pcapFile([{ at: T0, frame: padded }]), { serverPort: SERVER_PORT });
    expect(problems).toEqual([]);
    expect(messages.map((m) => m.callId)).toEqual(['p']);
  });

  it('reports bytes the capture missed, a compressed frame, and a link type it cannot read', () => {
    const conn = new Connection({ clientPort: 40008, serverPort: SERVER_PORT }).handshake(T0);
    conn.raw('server', T0 + 1, wsFrame(response('200 OK', 'gap', 1, 'INVITE')), 50);
    const compressed = wsFrame('zzz');
    compressed[0] = (compressed[0] as number) | 0x40;
    conn.send('client', T0 + 2, compressed);
    const result = sipMessagesFromPcap(pcapFile(conn.packets), { serverPort: SERVER_PORT });
    expect(result.messages).toEqual([]);
    expect(result.problems.join('\n')).toMatch(/compressed/);
    expect(result.problems.join('\n')).toMatch(/from-server 127\.0\.0\.1:40008: \d+ bytes behind a gap/);
    expect(sipMessagesFromPcap(pcapFile([], { linkType: 105 }), { serverPort: SERVER_PORT }).problems).toEqual([
      'link type 105 is not read (Ethernet, Linux cooked SLL/SLL2, null and raw IP are)',
    ]);
  });

  it('starts a new stream when a client port is reused for a new connection', () => {
    const first = new Connection({ clientPort: 40009, serverPort: SERVER_PORT }).handshake(T0);
    first.send('client', T0 + 1, enc.encode(UPGRADE_REQUEST)).send('client', T0 + 2, wsFrame(request('INVITE', 'one', 1), { mask: MASK }));
    const second = new Connection({ clientPort: 40009, serverPort: SERVER_PORT, clientIsn: 77, serverIsn: 99 }).handshake(T0 + 10);
    second.send('client', T0 + 11, enc.encode(UPGRADE_REQUEST)).send('client', T0 + 12, wsFrame(request('INVITE', 'two', 1), { mask: MASK }));
    const { messages, problems } = sipMessagesFromPcap(pcapFile([...first.packets, ...second.packets]), { serverPort: SERVER_PORT });
    expect(problems).toEqual([]);
    expect(messages.map((m) => m.callId)).toEqual(['one', 'two']);
  });
});
