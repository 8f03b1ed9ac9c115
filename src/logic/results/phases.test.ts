import { describe, expect, it } from 'vitest';
import type { CallTimeline } from '../../contracts/call-record.ts';
import { PHASES, phaseDurations, phaseStats } from './phases.ts';

const FULL: CallTimeline = {
  registered: 500,
  dialRequested: 1000,
  mediaReady: 1004,
  iceGathered: 1030,
  inviteSent: 1040,
  trying: 1050,
  ringing: 1090,
  answered: 1300,
  ackSent: 1302,
  iceConnected: 1320,
  dtlsConnected: 1340,
  firstRtp: 1350,
  firstAudio: 1420,
  byeSent: 3300,
  ended: 3310,
};

describe('phaseDurations', () => {
  it('computes every phase of a complete timeline', () => {
    expect(phaseDurations(FULL)).toEqual({
      dial_to_media_ready: 4,
      ice_gathering: 26,
      ice_gathered_to_invite: 10,
      dial_to_invite: 40,
      invite_to_100: 10,
      post_dial_delay: 50,
      invite_to_200: 260,
      '200_to_ack': 2,
      '200_to_ice_connected': 20,
      '200_to_dtls_connected': 40,
      '200_to_first_rtp': 50,
      first_rtp_to_first_audio: 70,
      call_setup_time: 310,
      dial_to_200: 300,
      dial_to_first_audio: 420,
    });
  });

  it('skips phases one of whose stamps is missing', () => {
    expect(phaseDurations({ dialRequested: 1000, inviteSent: 1040, ringing: 1100 })).toEqual({ dial_to_invite: 40, post_dial_delay: 60 });
    expect(phaseDurations({})).toEqual({});
  });

  it('keeps a phase of zero length', () => {
    expect(phaseDurations({ dialRequested: 5, inviteSent: 5 })).toEqual({ dial_to_invite: 0 });
  });
});

describe('phaseStats', () => {
  it('gives one entry per phase, in order, with counts of the calls that have it', () => {
    const stats = phaseStats([{ timeline: FULL }, { timeline: { dialRequested: 1, inviteSent: 3 } }, { timeline: {} }]);
    expect(stats.map((s) => s.name)).toEqual(PHASES.map((p) => p.name));
    const count = Object.fromEntries(stats.map((s) => [s.name, s.count]));
    // Only dial_to_invite is in both timelines; every other phase only in FULL.
    expect(count['dial_to_invite']).toBe(2);
    expect(Object.entries(count).filter(([name]) => name !== 'dial_to_invite').every(([, n]) => n === 1)).toBe(true);
  });

  it('computes min, percentiles, max and mean of a phase', () => {
    const calls = [10, 40, 20, 30].map((d) => ({ timeline: { inviteSent: 1000, trying: 1000 + d } }));
    const stats = phaseStats(calls).find((s) => s.name === 'invite_to_100');
    expect(stats).toEqual({ name: 'invite_to_100', label: 'INVITE → 100 Trying', count: 4, minMs: 10, p50Ms: 25, p95Ms: 38.5, p99Ms: 39.7, maxMs: 40, meanMs: 25 });
  });

  it('rounds to hundredths of a millisecond', () => {
    const stats = phaseStats([{ timeline: { inviteSent: 0, trying: 1.23456 } }]).find((s) => s.name === 'invite_to_100');
    expect(stats).toMatchObject({ minMs: 1.23, p50Ms: 1.23, maxMs: 1.23, meanMs: 1.23 });
  });

  it('leaves the statistics out of a phase no call has', () => {
    const stats = phaseStats([{ timeline: { dialRequested: 1, inviteSent: 3 } }]);
    expect(stats.find((s) => s.name === 'invite_to_200')).toEqual({ name: 'invite_to_200', label: 'INVITE → 200 OK', count: 0 });
  });

  it('handles more values than a spread argument list can hold', () => {
    const calls = Array.from({ length: 200_000 }, (_, i) => ({ timeline: { inviteSent: 0, trying: i } }));
    const stats = phaseStats(calls).find((s) => s.name === 'invite_to_100');
    expect(stats).toMatchObject({ count: 200_000, minMs: 0, maxMs: 199_999 });
  });
});
