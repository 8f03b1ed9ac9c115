import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeClientFrame, OPCODE, websocketAccept } from './websocket-wire.ts';

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

describe('websocketAccept', () => {
  it('is RFC 6455\'s worked example', () => {
    expect(websocketAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});

describe('encodeClientFrame', () => {
  it('masks a short text frame as RFC 6455 §5.7 shows ("Hello")', () => {
    expect(encodeClientFrame(OPCODE.text, Buffer.from('Hello'), MASK).toString('hex')).toBe('818537fa213d7f9f4d5158');
  });

  it('uses the 16-bit and 64-bit lengths beyond 125 and 65535 bytes', () => {
    const medium = encodeClientFrame(OPCODE.text, Buffer.alloc(300, 0x61), MASK);
    expect(medium[1]).toBe(0x80 | 126);
    expect(medium.readUInt16BE(2)).toBe(300);
    expect(medium.length).toBe(4 + 4 + 300);
    const large = encodeClientFrame(OPCODE.binary, Buffer.alloc(70_000), MASK);
    expect(large[1]).toBe(0x80 | 127);
    expect(large.readBigUInt64BE(2)).toBe(70_000n);
  });

  it('refuses a mask that is not 4 bytes', () => {
    expect(() => encodeClientFrame(OPCODE.text, Buffer.from('x'), Buffer.alloc(3))).toThrow('4 bytes');
  });
});

describe('decodeFrame', () => {
  it('reads an unmasked server text frame and says how many bytes it took', () => {
    const data = Buffer.concat([Buffer.from('810548656c6c6f', 'hex'), Buffer.from([0x89, 0x00])]);
    const read = decodeFrame(data);
    expect(read?.frame).toEqual({ fin: true, opcode: OPCODE.text, payload: Buffer.from('Hello') });
    expect(read?.size).toBe(7);
    expect(decodeFrame(data.subarray(7))?.frame.opcode).toBe(OPCODE.ping);
  });

  it('reads back what encodeClientFrame wrote, unmasked, at every length form', () => {
    for (const size of [0, 125, 126, 65_535, 65_536]) {
      const payload = Buffer.alloc(size, 0x5a);
      const read = decodeFrame(encodeClientFrame(OPCODE.text, payload, MASK));
      expect(read?.frame.payload.equals(payload), String(size)).toBe(true);
    }
  });

  it('waits for the rest of an incomplete frame', () => {
    const whole = encodeClientFrame(OPCODE.text, Buffer.alloc(300, 1), MASK);
    for (const cut of [1, 3, 7, 200]) expect(decodeFrame(whole.subarray(0, cut))).toBeUndefined();
  });

  it('tells a fragment from a final frame', () => {
    expect(decodeFrame(Buffer.from('0103616263', 'hex'))?.frame).toMatchObject({ fin: false, opcode: OPCODE.text });
  });
});
