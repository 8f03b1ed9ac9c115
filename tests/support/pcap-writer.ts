/**
 * A tiny pcap writer for the capture reader's tests: classic pcap files of Ethernet, Linux cooked (SLL2),
 * IPv4/IPv6 and TCP frames, WebSocket frames, and TCP connections that track each side's sequence numbers.
 */

import { LINKTYPE } from '../../src/bench/capture/pcap-file.ts';

export interface Packet {
  /** Capture time, ms since the epoch (µs precision kept). */
  at: number;
  frame: Uint8Array;
}

interface FileOptions {
  linkType?: number;
  nanos?: boolean;
  bigEndian?: boolean;
}

export function pcapFile(packets: readonly Packet[], options: FileOptions = {}): Uint8Array {
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

export const FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

interface TcpFields {
  srcPort: number;
  dstPort: number;
  seq: number;
  flags: number;
  payload: Uint8Array;
}

export function tcpHeader(f: TcpFields): Uint8Array {
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

export function ipv4(src: readonly number[], dst: readonly number[], tcp: Uint8Array): Uint8Array {
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

export function ipv6(src: readonly number[], dst: readonly number[], tcp: Uint8Array): Uint8Array {
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

export function ethernet(ethertype: number, packet: Uint8Array, padTo = 0): Uint8Array {
  const out = new Uint8Array(Math.max(14 + packet.length, padTo));
  new DataView(out.buffer).setUint16(12, ethertype);
  out.set(packet, 14);
  return out;
}

export function sll2(ethertype: number, packet: Uint8Array): Uint8Array {
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
export function wsFrame(payload: string | Uint8Array, options: { mask?: readonly number[]; opcode?: number; fin?: boolean } = {}): Uint8Array {
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

export type Frame = (src: readonly number[], dst: readonly number[], tcp: Uint8Array) => Uint8Array;

const ethernetIpv4: Frame = (src, dst, tcp) => ethernet(0x0800, ipv4(src, dst, tcp));

/** A TCP connection between a client and the server, tracking each side's sequence numbers. */
export class Connection {
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
