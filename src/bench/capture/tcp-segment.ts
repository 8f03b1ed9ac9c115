/**
 * The TCP segment in a captured frame: link layer (Ethernet with VLAN tags, Linux cooked SLL/SLL2, BSD
 * null/loopback, raw IP) → IPv4/IPv6 → TCP.
 */

import { LINKTYPE } from './pcap-file.ts';

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

/** Unsigned integers read in network byte order (big-endian) from a byte array; missing bytes read as 0. */
export const u16 = (d: Uint8Array, i: number): number => ((d[i] ?? 0) << 8) | (d[i + 1] ?? 0);
export const u32 = (d: Uint8Array, i: number): number => (((d[i] ?? 0) << 24) | ((d[i + 1] ?? 0) << 16) | ((d[i + 2] ?? 0) << 8) | (d[i + 3] ?? 0)) >>> 0;
