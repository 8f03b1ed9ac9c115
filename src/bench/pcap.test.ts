import { describe, expect, it } from 'vitest';
import { inviteTo200FromCapture, LINKTYPE, readPcap, sipMessagesFromPcap, type CapturedSipMessage } from './pcap.ts';

// ------------------------------------------------------------------ a tiny pcap writer

interface Packet {
  /** Capture time, ms since the epoch (µs precision kept). */
  at: number;
  frame: Uint8Array;
}

interface FileOptions {
  linkType?: number;
  nanos?: boolean;
  bigEndian?: boolean;
}

function pcapFile(packets: readonly Packet[], options: FileOptions = {}): Uint8Array {
  const little = !options.bigEndian;
  const size = 24 + packets.reduce((n, p) => n + 16 + p.frame.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.nanos ? 0xa1b23c4d : 0xa1b2c3d4, little);
  view.setUint16(4, 2, little);
  view.setUint16(6, 4, little);
  view.setInt32(8, 0, little);
  view.setUint32(12, 0, little);
  view.setUint32(16, 262144, little);
  view.setUint32(20, options.linkType ?? LINKTYPE.ETHERNET, little);
  let offset = 24;
  for (const p of packets) {
    const sec = Math.floor(p.at / 1000);
    const frac = options.nanos ? Math.round((p.at - sec * 1000) * 1e6) : Math.round((p.at - sec * 1000) * 1e3);
    view.setUint32(offset, sec, little);
    view.setUint32(offset + 4, frac, little);
    view.setUint32(offset + 8, p.frame.length, little);
    view.setUint32(offset + 12, p.frame.length, little);
    out.set(p.frame, offset + 16);
    offset += 16 + p.frame.length;
  }
  return out;
}

const FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

interface TcpFields {
  srcPort: number;
  dstPort: number;
  seq: number;
  flags: number;
  payload: Uint8Array;
}

function tcpHeader(f: TcpFields): Uint8Array {
  const out = new Uint8Array(20 + f.payload.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, f.srcPort);
  v.setUint16(2, f.dstPort);
  v.setUint32(4, f.seq >>> 0);
  v.setUint32(8, 0);
  out[12] = 5 << 4;
  out[13] = f.flags;
  v.setUint16(14, 65535);
  out.set(f.payload, 20);
  return out;
}

function ipv4(src: readonly number[], dst: readonly number[], tcp: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + tcp.length);
  const v = new DataView(out.buffer);
  out[0] = 0x45;
  v.setUint16(2, out.length);
  v.setUint16(6, 0x4000); // don't fragment
  out[8] = 64;
  out[9] = 6;
  out.set(src, 12);
  out.set(dst, 16);
  out.set(tcp, 20);
  return out;
}

function ipv6(src: readonly number[], dst: readonly number[], tcp: Uint8Array): Uint8Array {
  const out = new Uint8Array(40 + tcp.length);
  const v = new DataView(out.buffer);
  out[0] = 0x60;
  v.setUint16(4, tcp.length);
  out[6] = 6;
  out[7] = 64;
  out.set(src, 8);
  out.set(dst, 24);
  out.set(tcp, 40);
  return out;
}

function ethernet(ethertype: number, packet: Uint8Array, padTo = 0): Uint8Array {
  const out = new Uint8Array(Math.max(14 + packet.length, padTo));
  new DataView(out.buffer).setUint16(12, ethertype);
  out.set(packet, 14);
  return out;
}

function sll2(ethertype: number, packet: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + packet.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, ethertype);
  v.setUint32(4, 1); // interface index
  v.setUint16(8, 772); // ARPHRD_LOOPBACK
  out.set(packet, 20);
  return out;
}

const enc = new TextEncoder();

/** One WebSocket frame; masked when a mask key is given (client to server). */
function wsFrame(payload: string | Uint8Array, options: { mask?: readonly number[]; opcode?: number; fin?: boolean } = {}): Uint8Array {
  const data = typeof payload === 'string' ? enc.encode(payload) : payload;
  const header: number[] = [((options.fin ?? true) ? 0x80 : 0) | (options.opcode ?? 1)];
  const maskBit = options.mask ? 0x80 : 0;
  if (data.length < 126) header.push(maskBit | data.length);
  else if (data.length < 65536) header.push(maskBit | 126, data.length >> 8, data.length & 0xff);
  else {
    header.push(maskBit | 127, 0, 0, 0, 0);
    for (let shift = 24; shift >= 0; shift -= 8) header.push((data.length >>> shift) & 0xff);
  }
  let body = data;
  if (options.mask) {
    const key = options.mask;
    header.push(...key);
    body = data.map((b, i) => b ^ (key[i % 4] as number));
  }
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

type Frame = (src: readonly number[], dst: readonly number[], tcp: Uint8Array) => Uint8Array;

const ethernetIpv4: Frame = (src, dst, tcp) => ethernet(0x0800, ipv4(src, dst, tcp));

/** A TCP connection between a client and the server, tracking each side's sequence numbers. */
class Connection {
  readonly packets: Packet[] = [];
  private clientSeq: number;
  private serverSeq: number;
  private readonly clientIp: readonly number[];
  private readonly serverIp: readonly number[];
  private readonly clientPort: number;
  private readonly serverPort: number;
  private readonly frame: Frame;

  constructor(init: { clientIp?: readonly number[]; serverIp?: readonly number[]; clientPort: number; serverPort: number; clientIsn?: number; serverIsn?: number; frame?: Frame }) {
    this.clientIp = init.clientIp ?? [127, 0, 0, 1];
    this.serverIp = init.serverIp ?? [127, 0, 0, 1];
    this.clientPort = init.clientPort;
    this.serverPort = init.serverPort;
    this.clientSeq = init.clientIsn ?? 1000;
    this.serverSeq = init.serverIsn ?? 5000;
    this.frame = init.frame ?? ethernetIpv4;
  }

  handshake(at: number): this {
    this.add('client', at, FLAG.SYN, new Uint8Array(0), this.clientSeq);
    this.add('server', at + 0.01, FLAG.SYN | FLAG.ACK, new Uint8Array(0), this.serverSeq);
    this.clientSeq = (this.clientSeq + 1) >>> 0;
    this.serverSeq = (this.serverSeq + 1) >>> 0;
    this.add('client', at + 0.02, FLAG.ACK, new Uint8Array(0), this.clientSeq);
    return this;
  }

  /** Sends bytes from one side, as one segment or cut at the given offsets (one segment per piece). */
  send(side: 'client' | 'server', at: number, bytes: Uint8Array, cuts: readonly number[] = []): this {
    const bounds = [0, ...cuts, bytes.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const piece = bytes.subarray(bounds[i] as number, bounds[i + 1] as number);
      this.add(side, at + i * 0.001, FLAG.ACK | FLAG.PSH, piece, this.seqOf(side));
      this.advance(side, piece.length);
    }
    return this;
  }

  /** A segment at an explicit sequence offset from the side's current position (for reordering tests). */
  raw(side: 'client' | 'server', at: number, bytes: Uint8Array, offsetFromNext: number): this {
    this.add(side, at, FLAG.ACK | FLAG.PSH, bytes, (this.seqOf(side) + offsetFromNext) >>> 0);
    return this;
  }

  advance(side: 'client' | 'server', n: number): void {
    if (side === 'client') this.clientSeq = (this.clientSeq + n) >>> 0;
    else this.serverSeq = (this.serverSeq + n) >>> 0;
  }

  private seqOf(side: 'client' | 'server'): number {
    return side === 'client' ? this.clientSeq : this.serverSeq;
  }

  private add(side: 'client' | 'server', at: number, flags: number, payload: Uint8Array, seq: number): void {
    const fromClient = side === 'client';
    const tcp = tcpHeader({
      srcPort: fromClient ? this.clientPort : this.serverPort,
      dstPort: fromClient ? this.serverPort : this.clientPort,
      seq,
      flags,
      payload,
    });
    this.packets.push({ at, frame: this.frame(fromClient ? this.clientIp : this.serverIp, fromClient ? this.serverIp : this.clientIp, tcp) });
  }
}

// ------------------------------------------------------------------ SIP fixtures

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

// ------------------------------------------------------------------ tests

describe('readPcap', () => {
  it('reads little-endian µs and big-endian ns files alike, keeping sub-ms precision', () => {
    const packets = [
      { at: T0 + 0.123, frame: new Uint8Array([1, 2, 3]) },
      { at: T0 + 1500.456, frame: new Uint8Array([4]) },
    ];
    for (const options of [{}, { bigEndian: true, nanos: true }, { bigEndian: true }, { nanos: true }]) {
      const file = readPcap(pcapFile(packets, { ...options, linkType: 276 }));
      expect(file.linkType).toBe(276);
      expect(file.truncated).toBe(false);
      expect(file.records.map((r) => [...r.data])).toEqual([[1, 2, 3], [4]]);
      expect(file.records[0]?.at).toBeCloseTo(T0 + 0.123, 6);
      expect(file.records[1]?.at).toBeCloseTo(T0 + 1500.456, 6);
    }
  });

  it('drops a record cut short and says so', () => {
    const whole = pcapFile([{ at: T0, frame: new Uint8Array(10) }, { at: T0 + 1, frame: new Uint8Array(10) }]);
    const file = readPcap(whole.subarray(0, whole.length - 4));
    expect(file.records).toHaveLength(1);
    expect(file.truncated).toBe(true);
  });

  it('refuses what is not a classic pcap file', () => {
    expect(() => readPcap(new Uint8Array(10))).toThrow(/not a pcap file/);
    expect(() => readPcap(new Uint8Array([0x0a, 0x0d, 0x0d, 0x0a, ...new Array<number>(24).fill(0)]))).toThrow(/pcapng/);
    expect(() => readPcap(new Uint8Array(24))).toThrow(/magic/);
  });
});

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

describe('inviteTo200FromCapture', () => {
  const msg = (at: number, firstLine: string, callId: string, cseqMethod: string): CapturedSipMessage => {
    const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine)?.[1];
    return {
      at,
      direction: status ? 'from-server' : 'to-server',
      client: '127.0.0.1:1',
      firstLine,
      method: status ? undefined : firstLine.split(' ')[0],
      status: status ? Number(status) : undefined,
      callId,
      cseqMethod,
    };
  };

  it('takes the first INVITE and the first 2xx to an INVITE of each Call-ID', () => {
    const calls = inviteTo200FromCapture([
      msg(1, 'INVITE sip:a SIP/2.0', 'a', 'INVITE'),
      msg(2, 'SIP/2.0 401 Unauthorized', 'a', 'INVITE'),
      msg(3, 'INVITE sip:a SIP/2.0', 'a', 'INVITE'),
      msg(4, 'INVITE sip:b SIP/2.0', 'b', 'INVITE'),
      msg(5, 'SIP/2.0 200 OK', 'a', 'INVITE'),
      msg(6, 'SIP/2.0 200 OK', 'a', 'INVITE'),
      msg(7, 'SIP/2.0 486 Busy Here', 'b', 'INVITE'),
      msg(8, 'SIP/2.0 200 OK', 'c', 'INVITE'),
      msg(9, 'BYE sip:a SIP/2.0', 'a', 'BYE'),
      msg(10, 'SIP/2.0 200 OK', 'a', 'BYE'),
    ]);
    expect([...calls]).toEqual([
      ['a', { inviteAt: 1, okAt: 5 }],
      ['b', { inviteAt: 4, okAt: undefined }],
    ]);
  });
});
