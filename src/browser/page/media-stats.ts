import type { MediaStats } from '../../contracts/call-record.ts';
import { estimateMos, mouthToEarDelayMs, type MosCodec } from '../../logic/media/mos.ts';

type StatsEntry = Record<string, unknown> & { type: string; id: string };

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** The E-model's codec for an RTP codec's MIME type; undefined for one it has no figures for. */
function mosCodecOf(mimeType: unknown): MosCodec | undefined {
  const type = String(mimeType ?? '').toLowerCase();
  if (type === 'audio/opus') return 'opus';
  if (type === 'audio/pcmu' || type === 'audio/pcma') return 'g711';
  return undefined;
}

/**
 * The candidate pair the media flows on. Chromium and Firefox 153 name it in the transport's
 * `selectedCandidatePairId`; Firefox 140 reports no transport at all and marks the pair itself with its own
 * (non-standard) `selected: true`. `nominated` comes last: Firefox 153 was seen with two nominated,
 * succeeded pairs, only one of them selected.
 */
function selectedPair(all: StatsEntry[], entries: Map<string, StatsEntry>): StatsEntry | undefined {
  const transport = all.find((s) => s.type === 'transport' && s['selectedCandidatePairId'] !== undefined);
  const pairs = all.filter((s) => s.type === 'candidate-pair');
  return (
    entries.get(String(transport?.['selectedCandidatePairId'] ?? '')) ??
    pairs.find((s) => s['selected'] === true) ??
    pairs.find((s) => s['nominated'] === true && s['state'] === 'succeeded') ??
    pairs.find((s) => s['nominated'] === true)
  );
}

/** Reduces a peer connection's getStats report to the audio figures a call record keeps. */
export async function readMediaStats(pc: RTCPeerConnection): Promise<MediaStats> {
  const report = await pc.getStats();
  const entries = new Map<string, StatsEntry>();
  report.forEach((value: StatsEntry) => entries.set(value.id, value));
  const all = [...entries.values()];
  const inbound = all.find((s) => s.type === 'inbound-rtp' && s['kind'] === 'audio');
  const outbound = all.find((s) => s.type === 'outbound-rtp' && s['kind'] === 'audio');
  const remoteInbound = all.find((s) => s.type === 'remote-inbound-rtp' && s['kind'] === 'audio');
  const pair = selectedPair(all, entries);
  const address = (id: unknown) => {
    const c = entries.get(String(id));
    if (!c) return '?';
    const host = c['address'] ?? c['ip'];
    // Chromium hides the address of a candidate learned from the other side's connectivity check (prflx);
    // Firefox shows it (127.0.0.1).
    return typeof host === 'string' && host !== '' ? `${host}:${String(c['port'])}` : `${String(c['candidateType'] ?? 'unknown')}:${String(c['port'])}`;
  };
  const stats: MediaStats = {
    iceConnectionState: pc.iceConnectionState,
    packetsSent: num(outbound?.['packetsSent']),
    packetsReceived: num(inbound?.['packetsReceived']),
    bytesReceived: num(inbound?.['bytesReceived']),
    packetsLost: num(inbound?.['packetsLost']),
  };
  if (pair) stats.selectedPair = { local: address(pair['localCandidateId']), remote: address(pair['remoteCandidateId']) };
  if (typeof inbound?.['jitter'] === 'number') stats.jitterMs = inbound['jitter'] * 1000;
  if (typeof remoteInbound?.['roundTripTime'] === 'number') stats.roundTripTimeMs = remoteInbound['roundTripTime'] * 1000;
  // packetsLost can go negative when packets arrive twice; a loss below 0 is none.
  const lost = Math.max(0, stats.packetsLost);
  if (stats.packetsReceived + lost > 0) stats.packetLossPct = (100 * lost) / (stats.packetsReceived + lost);
  const codec = mosCodecOf(entries.get(String(inbound?.['codecId'] ?? ''))?.['mimeType']);
  if (codec && stats.packetLossPct !== undefined) {
    // The average time a sample waited in the jitter buffer: the receiver's share of the mouth-to-ear delay.
    const emitted = num(inbound?.['jitterBufferEmittedCount']);
    const jitterBufferMs = emitted > 0 ? (num(inbound?.['jitterBufferDelay']) / emitted) * 1000 : 0;
    // Without an RTCP round trip (none reported yet), the network's share counts as 0: media stays on loopback.
    const oneWayDelayMs = mouthToEarDelayMs(stats.roundTripTimeMs ?? 0, jitterBufferMs);
    stats.mos = Math.round(estimateMos({ codec, oneWayDelayMs, packetLossPct: stats.packetLossPct }) * 100) / 100;
  }
  return stats;
}
