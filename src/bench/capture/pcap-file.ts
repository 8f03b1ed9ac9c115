/** A classic pcap file (what `tcpdump -w` writes), read into its packet records. */

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
