/**
 * SIP over WebSocket, read back from a packet capture: the wire's own clock for the harness's latency
 * figures. Pure: a classic pcap file (what `tcpdump -w` writes) in, SIP messages with capture
 * timestamps out.
 *
 * Layers: pcap records (µs or ns timestamps, either byte order) → link layer (Ethernet with VLAN tags,
 * Linux cooked SLL/SLL2, BSD null/loopback, raw IP) → IPv4/IPv6 → TCP → each direction's byte stream,
 * reassembled by sequence number → the HTTP upgrade skipped → WebSocket frames (RFC 6455; client frames
 * unmasked, fragmented messages joined) → text messages parsed as SIP (RFC 7118: one SIP message per
 * WebSocket message).
 */

import { parseSipHead, type SipHead } from '../logic/sip/sip-message.ts';

export type CaptureDirection = 'to-server' | 'from-server';

/** One SIP message of the capture: its head (see parseSipHead) and where and when it crossed the wire. */
export interface CapturedSipMessage extends SipHead {
  /** Capture time of the packet that completed the WebSocket message, in ms since the epoch (µs precision). */
  at: number;
  direction: CaptureDirection;
  /** Client side of the TCP connection, `ip:port`: tells apart the connections of several agents. */
  client: string;
}

export interface PcapSipResult {
  linkType: number;
  /** Packet records in the file. */
  packets: number;
  /** TCP segments to or from the server port. */
  segments: number;
  messages: CapturedSipMessage[];
  /**
   * What could not be read, e.g. a stream with bytes the capture missed, compressed frames, a file cut
   * short. Empty for a clean capture.
   */
  problems: string[];
}

export interface PcapSipOptions {
  /** The server's TCP port: segments to it are `to-server`, from it `from-server`; others are ignored. */
  serverPort: number;
}

// ------------------------------------------------------------------ pcap file

/** Link-layer header types (tcpdump's LINKTYPE_* values) this reader understands. */
export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

export interface PcapRecord {
  /** Capture time in ms since the epoch. */
  at: number;
  data: Uint8Array;
}

export interface PcapFile {
  linkType: number;
  records: PcapRecord[];
  /** Set when the last record is cut short (tcpdump stopped mid-write). */
  truncated: boolean;
}

/** Reads a classic pcap file (not pcapng): global header and packet records. */
export function readPcap(buffer: Uint8Array): PcapFile {
  if (buffer.length < 24) throw new Error(`not a pcap file: ${buffer.length} bytes, the global header alone is 24`);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magicBE = view.getUint32(0, false);
  let little: boolean;
  let nanos: boolean;
  if (magicBE === 0xa1b2c3d4 || magicBE === 0xa1b23c4d) {
    little = false;
    nanos = magicBE === 0xa1b23c4d;
  } else if (magicBE === 0xd4c3b2a1 || magicBE === 0x4d3cb2a1) {
    little = true;
    nanos = magicBE === 0x4d3cb2a1;
  } else if (magicBE === 0x0a0d0d0a) {
    throw new Error('pcapng file: only classic pcap is read (tcpdump -w writes classic pcap)');
  } else {
    throw new Error(`not a pcap file: magic 0x${magicBE.toString(16)}`);
  }
  // The link type is the low 16 bits; the upper bits carry FCS flags in newer files.
  const linkType = view.getUint32(20, little) & 0xffff;
  const records: PcapRecord[] = [];
  let offset = 24;
  let truncated = false;
  while (offset < buffer.length) {
    if (offset + 16 > buffer.length) {
      truncated = true;
      break;
    }
    const sec = view.getUint32(offset, little);
    const frac = view.getUint32(offset + 4, little);
    const inclLen = view.getUint32(offset + 8, little);
    const start = offset + 16;
    if (start + inclLen > buffer.length) {
      truncated = true;
      break;
    }
    const at = sec * 1000 + (nanos ? frac / 1e6 : frac / 1e3);
    records.push({ at, data: buffer.subarray(start, start + inclLen) });
    offset = start + inclLen;
  }
  return { linkType, records, truncated };
}

// ------------------------------------------------------------------ link, IP, TCP

export interface TcpSegment {
  at: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  payload: Uint8Array;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = [0x8100, 0x88a8, 0x9100];

const u16 = (d: Uint8Array, i: number): number => ((d[i] ?? 0) << 8) | (d[i + 1] ?? 0);
const u32 = (d: Uint8Array, i: number): number => (((d[i] ?? 0) << 24) | ((d[i + 1] ?? 0) << 16) | ((d[i + 2] ?? 0) << 8) | (d[i + 3] ?? 0)) >>> 0;

/** The network-layer packet of a link-layer frame and its ethertype, or undefined for anything else. */
function networkLayer(linkType: number, frame: Uint8Array): { ethertype: number; packet: Uint8Array } | undefined {
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      let offset = 12;
      let ethertype = u16(frame, offset);
      while (ETHERTYPE_VLAN.includes(ethertype)) {
        offset += 4;
        ethertype = u16(frame, offset);
      }
      return frame.length < offset + 2 ? undefined : { ethertype, packet: frame.subarray(offset + 2) };
    }
    case LINKTYPE.LINUX_SLL:
      return frame.length < 16 ? undefined : { ethertype: u16(frame, 14), packet: frame.subarray(16) };
    case LINKTYPE.LINUX_SLL2:
      return frame.length < 20 ? undefined : { ethertype: u16(frame, 0), packet: frame.subarray(20) };
    case LINKTYPE.NULL: {
      // The address family in the capturing host's byte order: 2 is AF_INET; AF_INET6 varies by OS.
      if (frame.length < 4) return undefined;
      const version = (frame[4] ?? 0) >> 4;
      return { ethertype: version === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, packet: frame.subarray(4) };
    }
    case LINKTYPE.RAW: {
      const version = (frame[0] ?? 0) >> 4;
      return { ethertype: version === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, packet: frame };
    }
    default:
      return undefined;
  }
}

function ipv4Address(d: Uint8Array, i: number): string {
  return `${d[i]}.${d[i + 1]}.${d[i + 2]}.${d[i + 3]}`;
}

function ipv6Address(d: Uint8Array, i: number): string {
  const groups: string[] = [];
  for (let g = 0; g < 8; g++) groups.push(u16(d, i + 2 * g).toString(16));
  return `[${groups.join(':')}]`;
}

const IPPROTO_TCP = 6;
/** IPv6 extension headers that can be skipped over by their length byte. */
const IPV6_SKIPPABLE = new Set([0, 43, 60]);
const IPV6_FRAGMENT = 44;

/** The TCP segment in one captured frame, or undefined when it holds no (whole, unfragmented) TCP segment. */
export function tcpSegmentOf(linkType: number, frame: Uint8Array, at: number): TcpSegment | undefined {
  const net = networkLayer(linkType, frame);
  if (!net) return undefined;
  const p = net.packet;
  let src: string;
  let dst: string;
  let tcp: Uint8Array;
  if (net.ethertype === ETHERTYPE_IPV4) {
    if (p.length < 20 || (p[0] ?? 0) >> 4 !== 4) return undefined;
    const headerLength = ((p[0] ?? 0) & 0x0f) * 4;
    const totalLength = u16(p, 2);
    const flagsFragment = u16(p, 6);
    // More fragments, or not the first fragment: TCP over IP fragments does not happen on loopback.
    if ((flagsFragment & 0x2000) !== 0 || (flagsFragment & 0x1fff) !== 0) return undefined;
    if (p[9] !== IPPROTO_TCP) return undefined;
    src = ipv4Address(p, 12);
    dst = ipv4Address(p, 16);
    // Total length 0 happens with TCP segmentation offload captures; then the frame's end is the packet's.
    const end = totalLength === 0 ? p.length : Math.min(totalLength, p.length);
    tcp = p.subarray(headerLength, end);
  } else if (net.ethertype === ETHERTYPE_IPV6) {
    if (p.length < 40 || (p[0] ?? 0) >> 4 !== 6) return undefined;
    const payloadLength = u16(p, 4);
    let next = p[6] ?? 0;
    src = ipv6Address(p, 8);
    dst = ipv6Address(p, 24);
    let offset = 40;
    while (IPV6_SKIPPABLE.has(next)) {
      if (p.length < offset + 8) return undefined;
      next = p[offset] ?? 0;
      offset += ((p[offset + 1] ?? 0) + 1) * 8;
    }
    if (next === IPV6_FRAGMENT || next !== IPPROTO_TCP) return undefined;
    const end = payloadLength === 0 ? p.length : Math.min(40 + payloadLength, p.length);
    tcp = p.subarray(offset, end);
  } else {
    return undefined;
  }
  if (tcp.length < 20) return undefined;
  const dataOffset = ((tcp[12] ?? 0) >> 4) * 4;
  const flags = tcp[13] ?? 0;
  return {
    at,
    src,
    dst,
    srcPort: u16(tcp, 0),
    dstPort: u16(tcp, 2),
    seq: u32(tcp, 4),
    fin: (flags & 0x01) !== 0,
    syn: (flags & 0x02) !== 0,
    rst: (flags & 0x04) !== 0,
    payload: tcp.subarray(Math.min(dataOffset, tcp.length)),
  };
}

// ------------------------------------------------------------------ TCP reassembly

/** Signed difference a - b of two 32-bit sequence numbers (wrap-around safe). */
const seqDiff = (a: number, b: number): number => ((a - b) | 0);

/**
 * One direction of a TCP connection: takes segments in capture order, hands on the bytes in sequence
 * order, each chunk with the capture time at which it became readable in order (its own segment's, or the
 * one that filled the gap before it). Retransmitted and overlapping bytes are handed on once; segments
 * ahead of a gap wait until it is filled.
 */
export class TcpStreamReassembler {
  /** Sequence number of the next byte to hand on; undefined until the first segment (or SYN) is seen. */
  private next: number | undefined;
  private readonly pending = new Map<number, TcpSegment>();
  private readonly deliver: (bytes: Uint8Array, at: number) => void;

  constructor(deliver: (bytes: Uint8Array, at: number) => void) {
    this.deliver = deliver;
  }

  push(segment: TcpSegment): void {
    if (segment.syn) {
      // The SYN takes one sequence number; data starts after it.
      this.next ??= (segment.seq + 1) >>> 0;
      if (segment.payload.length === 0) return;
    }
    if (segment.payload.length === 0) return;
    // A capture begun mid-connection: the first data seen is the start.
    this.next ??= segment.seq;
    const start = segment.syn ? (segment.seq + 1) >>> 0 : segment.seq;
    this.pending.set(start, { ...segment, seq: start });
    this.drain(segment.at);
  }

  /** Bytes waiting behind a gap: nonzero at the end means the capture missed some of this direction. */
  get bytesWaiting(): number {
    let n = 0;
    for (const s of this.pending.values()) n += s.payload.length;
    return n;
  }

  /** Hands on what is now in sequence; bytes that waited behind a gap count as arrived at `now`. */
  private drain(now: number): void {
    for (;;) {
      const next = this.next as number;
      let progressed = false;
      for (const [seq, segment] of this.pending) {
        const behind = seqDiff(next, seq);
        if (behind < 0) continue;
        this.pending.delete(seq);
        if (behind < segment.payload.length) {
          this.deliver(segment.payload.subarray(behind), Math.max(segment.at, now));
          this.next = (next + segment.payload.length - behind) >>> 0;
        }
        progressed = true;
        break;
      }
      if (!progressed) return;
    }
  }
}

// ------------------------------------------------------------------ WebSocket

export interface WebSocketMessage {
  opcode: number;
  payload: Uint8Array;
  at: number;
}

const OPCODE_CONTINUATION = 0;
const OPCODE_TEXT = 1;
const OPCODE_BINARY = 2;

/**
 * One direction of a WebSocket connection as a byte stream: skips the HTTP upgrade (request or 101
 * response) if the stream starts with it, then cuts frames (RFC 6455 §5.2), unmasks them and joins
 * fragmented data messages. Control frames are handed on as they come.
 */
export class WebSocketStreamDecoder {
  private buffer: Uint8Array = new Uint8Array(0);
  private state: 'start' | 'http' | 'frames' = 'start';
  private fragments: Uint8Array[] = [];
  private fragmentOpcode = 0;
  private readonly onMessage: (message: WebSocketMessage) => void;
  private readonly onProblem: (problem: string) => void;

  constructor(onMessage: (message: WebSocketMessage) => void, onProblem: (problem: string) => void) {
    this.onMessage = onMessage;
    this.onProblem = onProblem;
  }

  push(bytes: Uint8Array, at: number): void {
    if (this.state === 'start' && this.buffer.length === 0 && bytes.length > 0) {
      const head = new TextDecoder('latin1').decode(bytes.subarray(0, 5));
      this.state = head === 'GET /' || head === 'HTTP/' ? 'http' : 'frames';
    }
    this.buffer = this.buffer.length === 0 ? bytes : concat([this.buffer, bytes]);
    if (this.state === 'http') {
      const end = indexOfCrlfCrlf(this.buffer);
      if (end < 0) return;
      this.buffer = this.buffer.subarray(end + 4);
      this.state = 'frames';
    }
    while (this.readFrame(at));
  }

  /** Bytes of an incomplete frame left at the end of the stream. */
  get bytesWaiting(): number {
    return this.buffer.length;
  }

  private readFrame(at: number): boolean {
    const b = this.buffer;
    if (b.length < 2) return false;
    const b0 = b[0] as number;
    const b1 = b[1] as number;
    const fin = (b0 & 0x80) !== 0;
    const rsv1 = (b0 & 0x40) !== 0;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    let length = b1 & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return false;
      length = u16(b, 2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return false;
      length = u32(b, 2) * 2 ** 32 + u32(b, 6);
      offset = 10;
    }
    const maskOffset = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return false;
    let payload = b.subarray(offset, offset + length);
    if (masked) {
      const unmasked = new Uint8Array(length);
      for (let i = 0; i < length; i++) unmasked[i] = (payload[i] as number) ^ (b[maskOffset + (i & 3)] as number);
      payload = unmasked;
    }
    this.buffer = b.subarray(offset + length);
    if (rsv1) {
      this.onProblem('a compressed (permessage-deflate) WebSocket frame was skipped');
      return true;
    }
    if (opcode >= 8) {
      this.onMessage({ opcode, payload, at });
    } else if (opcode === OPCODE_CONTINUATION) {
      if (this.fragments.length === 0) {
        this.onProblem('a WebSocket continuation frame without a first frame was skipped');
        return true;
      }
      this.fragments.push(payload);
      if (fin) this.finishFragments(at);
    } else if (fin) {
      this.onMessage({ opcode, payload, at });
    } else {
      this.fragments = [payload];
      this.fragmentOpcode = opcode;
    }
    return true;
  }

  private finishFragments(at: number): void {
    const payload = concat(this.fragments);
    this.fragments = [];
    this.onMessage({ opcode: this.fragmentOpcode, payload, at });
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function indexOfCrlfCrlf(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  }
  return -1;
}

// ------------------------------------------------------------------ all together

/**
 * The SIP messages carried over WebSocket to and from `serverPort` in a pcap file, in capture order of
 * their completing packet.
 */
export function sipMessagesFromPcap(buffer: Uint8Array, options: PcapSipOptions): PcapSipResult {
  const file = readPcap(buffer);
  const problems: string[] = [];
  if (file.truncated) problems.push('the capture file ends inside a packet record (the last packet was dropped)');
  if (!(Object.values(LINKTYPE) as number[]).includes(file.linkType)) {
    problems.push(`link type ${file.linkType} is not read (Ethernet, Linux cooked SLL/SLL2, null and raw IP are)`);
    return { linkType: file.linkType, packets: file.records.length, segments: 0, messages: [], problems };
  }
  const messages: CapturedSipMessage[] = [];
  const flows = new Map<string, { tcp: TcpStreamReassembler; ws: WebSocketStreamDecoder }>();
  const problemOnce = (p: string) => {
    if (!problems.includes(p)) problems.push(p);
  };
  let segments = 0;
  const textDecoder = new TextDecoder('utf-8');
  for (const record of file.records) {
    const segment = tcpSegmentOf(file.linkType, record.data, record.at);
    if (!segment) continue;
    let direction: CaptureDirection;
    let client: string;
    if (segment.dstPort === options.serverPort) {
      direction = 'to-server';
      client = `${segment.src}:${segment.srcPort}`;
    } else if (segment.srcPort === options.serverPort) {
      direction = 'from-server';
      client = `${segment.dst}:${segment.dstPort}`;
    } else {
      continue;
    }
    segments++;
    const key = `${direction} ${client}`;
    let flow = flows.get(key);
    if (!flow || segment.syn) {
      // A SYN (or SYN-ACK) starts a new connection, possibly on a reused port.
      const ws = new WebSocketStreamDecoder(
        (m) => {
          if (m.opcode !== OPCODE_TEXT && m.opcode !== OPCODE_BINARY) return;
          const head = parseSipHead(textDecoder.decode(m.payload));
          if (head) messages.push({ at: m.at, direction, client, ...head });
        },
        problemOnce,
      );
      const tcp = new TcpStreamReassembler((bytes, at) => ws.push(bytes, at));
      flow = { tcp, ws };
      flows.set(key, flow);
    }
    flow.tcp.push(segment);
  }
  for (const [key, flow] of flows) {
    if (flow.tcp.bytesWaiting > 0) problems.push(`${key}: ${flow.tcp.bytesWaiting} bytes behind a gap the capture missed`);
  }
  return { linkType: file.linkType, packets: file.records.length, segments, messages, problems };
}

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
