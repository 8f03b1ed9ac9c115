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

import { parseSipHead, type SipHead } from '../../logic/sip/sip-message.ts';
import { LINKTYPE, readPcap } from './pcap-file.ts';
import { tcpSegmentOf } from './tcp-segment.ts';
import { TcpStreamReassembler } from './tcp-stream-reassembler.ts';
import { OPCODE_BINARY, OPCODE_TEXT, WebSocketStreamDecoder } from './websocket-stream-decoder.ts';

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
