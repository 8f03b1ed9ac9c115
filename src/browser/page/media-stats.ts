import type { MediaStats } from '../../contracts/call-record.ts';

type StatsEntry = Record<string, unknown> & { type: string; id: string };

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Reduces a peer connection's getStats report to the audio figures a call record keeps. */
export async function readMediaStats(pc: RTCPeerConnection): Promise<MediaStats> {
  const report = await pc.getStats();
  const entries = new Map<string, StatsEntry>();
  report.forEach((value: StatsEntry) => entries.set(value.id, value));
  const all = [...entries.values()];
  const inbound = all.find((s) => s.type === 'inbound-rtp' && s['kind'] === 'audio');
  const outbound = all.find((s) => s.type === 'outbound-rtp' && s['kind'] === 'audio');
  const remoteInbound = all.find((s) => s.type === 'remote-inbound-rtp' && s['kind'] === 'audio');
  const transport = all.find((s) => s.type === 'transport');
  const pair = entries.get(String(transport?.['selectedCandidatePairId'] ?? '')) ?? all.find((s) => s.type === 'candidate-pair' && s['nominated'] === true);
  const address = (id: unknown) => {
    const c = entries.get(String(id));
    return c ? `${String(c['address'] ?? c['ip'])}:${String(c['port'])}` : '?';
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
  return stats;
}
