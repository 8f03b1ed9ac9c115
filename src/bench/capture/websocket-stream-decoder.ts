import { u16, u32 } from './tcp-segment.ts';

export interface WebSocketMessage {
  opcode: number;
  payload: Uint8Array;
  at: number;
}

const OPCODE_CONTINUATION = 0;
export const OPCODE_TEXT = 1;
export const OPCODE_BINARY = 2;

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
