import { createHash } from 'node:crypto';

/** RFC 6455 §1.3: the GUID a server appends to the client's key to prove it read the handshake. */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** WebSocket opcodes the preflight meets (RFC 6455 §5.2). */
export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** The Sec-WebSocket-Accept a server must answer a handshake with this Sec-WebSocket-Key. */
export function websocketAccept(key: string): string {
  return createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
}

/**
 * One client frame, final and masked (a server must close on an unmasked client frame, §5.1). The mask
 * is passed in so tests are deterministic; the caller draws it at random.
 */
export function encodeClientFrame(opcode: number, payload: Buffer, mask: Buffer): Buffer {
  if (mask.length !== 4) throw new Error('a WebSocket mask is 4 bytes');
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = 0x80 | length;
  else if (length < 65_536) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] = (masked[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([header, mask, masked]);
}

/** A frame read from the server. */
export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/**
 * Reads the first frame of `data`; undefined while it is incomplete. Returns how many bytes it took, so
 * the rest can be read next. Masked server frames are unmasked rather than refused: the preflight only
 * wants to read what the server said.
 */
export function decodeFrame(data: Buffer): { frame: Frame; size: number } | undefined {
  if (data.length < 2) return undefined;
  const first = data[0] as number;
  const second = data[1] as number;
  let offset = 2;
  let length = second & 0x7f;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    const big = data.readBigUInt64BE(2);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('a WebSocket frame longer than 2^53 bytes');
    length = Number(big);
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const mask = masked ? data.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return { frame: { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload }, size: offset + length };
}
