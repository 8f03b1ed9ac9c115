import { describe, expect, it } from 'vitest';
import { pcapFile } from '../../../tests/support/pcap-writer.ts';
import { readPcap } from './pcap-file.ts';

const T0 = 1_764_000_000_000; // ms since the epoch

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
