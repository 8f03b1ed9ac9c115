import type { TcpSegment } from './tcp-segment.ts';

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
