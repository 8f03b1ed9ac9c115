import type { CallRecord, CallTimeline, TimelineEvent } from '../../contracts/call-record.ts';
import type { PhaseStats } from '../../contracts/results.ts';
import { percentile } from '../stats/percentile.ts';

/** A latency phase: the interval between two timeline stamps of the same call. */
export interface PhaseDefinition {
  name: string;
  label: string;
  /** The phase's short name inside a sentence, e.g. "ICE gathering +412 ms at p95" (src/logic/verdict-wording.ts). */
  verdictName: string;
  from: TimelineEvent;
  to: TimelineEvent;
}

/**
 * The phases of dial latency, in call order. The first three are the softphone's own work (its audio,
 * ICE gathering, building the INVITE); the INVITE phases are the network and the PBX; the media phases
 * are ICE connectivity, the DTLS handshake, the first RTP packet and the first moment the caller hears
 * its own audio come back. The last rows are end-to-end sums a user asks about by name.
 */
export const PHASES: readonly PhaseDefinition[] = [
  { name: 'dial_to_media_ready', label: 'Click → audio ready', verdictName: 'click → audio ready', from: 'dialRequested', to: 'mediaReady' },
  { name: 'ice_gathering', label: 'Audio ready → ICE gathered', verdictName: 'ICE gathering', from: 'mediaReady', to: 'iceGathered' },
  { name: 'ice_gathered_to_invite', label: 'ICE gathered → INVITE sent', verdictName: 'building the INVITE', from: 'iceGathered', to: 'inviteSent' },
  { name: 'dial_to_invite', label: 'Click → INVITE sent', verdictName: 'click → INVITE', from: 'dialRequested', to: 'inviteSent' },
  { name: 'invite_to_100', label: 'INVITE → 100 Trying', verdictName: 'INVITE → 100 Trying', from: 'inviteSent', to: 'trying' },
  { name: 'post_dial_delay', label: 'INVITE → first 180/183 (post-dial delay)', verdictName: 'post-dial delay', from: 'inviteSent', to: 'ringing' },
  { name: 'invite_to_200', label: 'INVITE → 200 OK', verdictName: 'INVITE → 200 OK', from: 'inviteSent', to: 'answered' },
  { name: '200_to_ack', label: '200 OK → ACK sent', verdictName: '200 OK → ACK', from: 'answered', to: 'ackSent' },
  { name: '200_to_ice_connected', label: '200 OK → ICE connected', verdictName: '200 OK → ICE connected', from: 'answered', to: 'iceConnected' },
  { name: '200_to_dtls_connected', label: '200 OK → DTLS connected', verdictName: '200 OK → DTLS connected', from: 'answered', to: 'dtlsConnected' },
  { name: '200_to_first_rtp', label: '200 OK → first RTP received', verdictName: '200 OK → first RTP', from: 'answered', to: 'firstRtp' },
  { name: 'first_rtp_to_first_audio', label: 'First RTP → own audio heard back', verdictName: 'first RTP → own audio heard', from: 'firstRtp', to: 'firstAudio' },
  { name: 'call_setup_time', label: 'INVITE → first RTP (call setup time)', verdictName: 'call setup time', from: 'inviteSent', to: 'firstRtp' },
  // Includes the simulated customer's ring time (the scenario's ringTimeMs): set it to 0 to measure the system alone.
  { name: 'dial_to_200', label: 'Click → 200 OK (incl. ring time)', verdictName: 'click → 200 OK', from: 'dialRequested', to: 'answered' },
  { name: 'dial_to_first_audio', label: 'Click → first audio heard (incl. ring time)', verdictName: 'click → first audio', from: 'dialRequested', to: 'firstAudio' },
];

/** Names of every phase, for validating `dial_latency{phase:...}` thresholds. */
export const PHASE_NAMES: readonly string[] = PHASES.map((p) => p.name);

/** Phase durations of one call in ms; a phase is absent when either stamp is. */
export function phaseDurations(timeline: CallTimeline): Record<string, number> {
  const out: Record<string, number> = {};
  for (const phase of PHASES) {
    const from = timeline[phase.from];
    const to = timeline[phase.to];
    if (from !== undefined && to !== undefined) out[phase.name] = to - from;
  }
  return out;
}

/** Distribution of every phase over the given calls. */
export function phaseStats(calls: readonly Pick<CallRecord, 'timeline'>[]): PhaseStats[] {
  const perCall = calls.map((c) => phaseDurations(c.timeline));
  return PHASES.map((phase) => {
    const values = perCall.map((d) => d[phase.name]).filter((v): v is number => v !== undefined);
    const stats: PhaseStats = { name: phase.name, label: phase.label, count: values.length };
    if (values.length === 0) return stats;
    const round = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 100) / 100);
    // A loop, not Math.min(...values): spreading hundreds of thousands of values overflows the stack.
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    return {
      ...stats,
      minMs: round(min),
      p50Ms: round(percentile(values, 50)),
      p95Ms: round(percentile(values, 95)),
      p99Ms: round(percentile(values, 99)),
      maxMs: round(max),
      meanMs: round(sum / values.length),
    };
  });
}
