/** Unsigned integers read in network byte order (big-endian) from a byte array; missing bytes read as 0. */

export const u16 = (d: Uint8Array, i: number): number => ((d[i] ?? 0) << 8) | (d[i + 1] ?? 0);
export const u32 = (d: Uint8Array, i: number): number => (((d[i] ?? 0) << 24) | ((d[i + 1] ?? 0) << 16) | ((d[i + 2] ?? 0) << 8) | (d[i + 3] ?? 0)) >>> 0;
